using System.Diagnostics;
using System.Text;
using Engine.Jobs.EAttest;
using Engine.Jobs.Efact;
using Engine.Jobs.Generation;
using Engine.Jobs.Ingestion;

namespace Engine.Jobs.Tests.Ingestion;

/// <summary>
/// Files as they really arrive (issue 15, items 5 and 6): every file received gets an answer, and no file can make the
/// import wait — a named pipe, a message nested 200,000 deep.
/// </summary>
public sealed class ReceivedFilesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("engine-received-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private SmallNight Night() => SmallNight.Create(_root, new GeneratorOptions { Members = 200, Lines = 300, Seed = 5 });

    private static InboxImport Import(SmallNight night) => new(night.Store, night.Rules, night.Options, night.Clock, Serilog.Core.Logger.None);

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(_root, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    [Fact]
    public void An_efact_sending_behind_a_UTF8_byte_order_mark_is_read_answered_and_kept_as_received()
    {
        // Once recognised as nothing (it does not start with 920000) and refused without an answer.
        var night = Night();
        var (_, sending) = night.Sendings().Build(night.Events(), night.Generator.RunDate.PlusDays(-1))[0];
        var plain = EfactWriter.WriteBytes(sending);
        byte[] withMark = [0xEF, 0xBB, 0xBF, .. plain];

        var outcome = Assert.Single(Import(night).ImportFiles([Write("bom.efact", withMark)]).Files);

        Assert.Equal("imported", outcome.Status);
        Assert.Equal(sending.Invoices.Sum(i => i.Lines.Count), outcome.AcceptedLines + outcome.RejectedLines);
        Assert.True(outcome.AcceptedLines > 0, outcome.ToString());
        Assert.EndsWith("bom.efact.920098", outcome.AnswerFile);
        // The answer is the one the same sending without the mark gets: the mark is no part of the message.
        var expected = EfactAnswerWriter.AnswerName(EfactReader.Read("plain", plain));
        Assert.Equal("920098", expected);
        Assert.True(File.Exists(Path.Combine(night.Options.OutboxFolder, "bom.efact.931000")));
        var stored = Assert.Single(night.Store.Sendings());
        Assert.Equal(withMark, stored.Raw);
    }

    [Fact]
    public void A_file_of_a_few_bytes_or_of_nothing_known_is_refused_with_an_answer_naming_why()
    {
        var night = Night();
        var outcomes = Import(night).ImportFiles([
            Write("short", "9200"u8.ToArray()), Write("empty", []), Write("words.txt", "this is not a sending"u8.ToArray())]).Files;

        Assert.All(outcomes, o => Assert.Equal("refused", o.Status));
        Assert.All(outcomes, o => Assert.EndsWith(".920999", o.AnswerFile));
        Assert.Contains("starts with '9200', not 920000", outcomes[0].Detail);
        Assert.Contains("the file is empty", outcomes[1].Detail);
        // 920999, the envelope refused: segments 200 and 300, 227 characters.
        var answer = File.ReadAllText(outcomes[0].AnswerFile!);
        Assert.Equal(227, answer.Length);
        Assert.StartsWith("920999", answer);
        Assert.Equal(3, night.Store.Sendings().Count);
    }

    [Fact]
    public void A_UTF16_attestation_is_read_as_the_XML_it_is()
    {
        // Once refused as "not XML": the import looked for '<' as the first byte.
        var night = Night();
        var (name, utf8) = new EAttestBuilder(night.Registry).Build(night.Events(), night.Sendings())[0];
        var xml = Encoding.UTF8.GetString(utf8).TrimStart('\uFEFF').Replace("encoding=\"utf-8\"", "encoding=\"UTF-16\"");
        Assert.Contains("encoding=\"UTF-16\"", xml);
        byte[] utf16 = [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(xml)];

        var outcomes = Import(night).ImportFiles([Write("utf8-" + name, utf8), Write("utf16-" + name, utf16)], "eattest").Files;

        Assert.Equal("imported", outcomes[0].Status);
        // Same attestation, other bytes: recognised as the same attestation sent twice, so it was read whole.
        Assert.Equal("refused", outcomes[1].Status);
        Assert.Contains("already received", outcomes[1].Detail);
        var alone = EAttestReader.Read("x", utf16);
        Assert.Equal(EAttestStatus.Accepted, alone.Status);
        Assert.Equal(EAttestReader.Read("x", utf8).Attestation, alone.Attestation);
    }

    [Fact]
    public void A_message_nested_200000_deep_is_refused_at_once_with_an_answer()
    {
        // 4.6 MB, under the size limit: once 130-160 s of CPU, and accepted.
        var night = Night();
        var deep = new StringBuilder("<Bundle xmlns=\"http://hl7.org/fhir\">");
        for (var i = 0; i < 200_000; i++) deep.Append("<a>");
        for (var i = 0; i < 200_000; i++) deep.Append("</a>");
        deep.Append("</Bundle>");
        var bytes = Encoding.UTF8.GetBytes(deep.ToString());
        Assert.InRange(bytes.Length, 1_400_000, EAttestReader.MaxBytes);

        var watch = Stopwatch.StartNew();
        var outcome = Assert.Single(Import(night).ImportFiles([Write("deep.xml", bytes)]).Files);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"{watch.Elapsed}");
        Assert.Equal("refused", outcome.Status);
        Assert.Contains("nested more than 64 deep", outcome.Detail);
        Assert.Contains("too-costly", File.ReadAllText(outcome.AnswerFile!));
    }

    [SkippableFact]
    public void A_named_pipe_in_the_inbox_is_refused_unopened_and_the_files_after_it_go_through()
    {
        Skip.IfNot(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "named pipes are made with mkfifo");
        var night = Night();
        Directory.CreateDirectory(night.Options.InboxFolder);
        var pipe = Path.Combine(night.Options.InboxFolder, "a-pipe.efact");
        using (var mkfifo = Process.Start("mkfifo", [pipe])) mkfifo.WaitForExit();
        Assert.True(File.Exists(pipe));
        var (_, sending) = night.Sendings().Build(night.Events(), night.Generator.RunDate.PlusDays(-1))[0];
        File.WriteAllBytes(Path.Combine(night.Options.InboxFolder, "b-sending.efact"), EfactWriter.WriteBytes(sending));

        // Opening the pipe to read it would wait for a writer for ever: the import must end by itself.
        var import = Task.Run(() => Import(night).ImportFolder(night.Options.InboxFolder));
        Assert.True(import.Wait(TimeSpan.FromSeconds(60)), "the import waits on the named pipe");

        var outcomes = import.Result.Files;
        Assert.Equal(("a-pipe.efact", "refused"), (outcomes[0].FileName, outcomes[0].Status));
        Assert.Contains("not a regular file but a named pipe (FIFO): never opened", outcomes[0].Detail);
        Assert.Equal(("b-sending.efact", "imported"), (outcomes[1].FileName, outcomes[1].Status));
        // Named on the command line: the same.
        var named = Task.Run(() => Import(night).ImportFiles([pipe], "efact"));
        Assert.True(named.Wait(TimeSpan.FromSeconds(60)), "the import waits on the named pipe");
        Assert.Equal("refused", Assert.Single(named.Result.Files).Status);
    }
}
