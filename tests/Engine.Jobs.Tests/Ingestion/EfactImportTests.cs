using Engine.Jobs;
using Engine.Jobs.Data.Sqlite;
using Engine.Jobs.Efact;
using Engine.Jobs.Generation;
using Engine.Jobs.Ingestion;
using Engine.Jobs.Rules;
using Engine.Jobs.Time;
using Engine.Tests.Shared;

namespace Engine.Jobs.Tests.Ingestion;

/// <summary>Importing eFact sendings into the store: a realistic large sending, its answer, and idempotence.</summary>
public sealed class EfactImportTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("engine-import-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_sending_of_tens_of_thousands_of_lines_imports_with_its_answer_and_importing_it_again_changes_nothing()
    {
        // One GP practice invoicing a whole month for 20,000 members: one sending, about 25,000 lines.
        var night = SmallNight.Create(_root, new GeneratorOptions { Members = 20_000, Lines = 60_000, Seed = 11 });
        var (options, clock, store, rules, registry) = (night.Options, night.Clock, night.Store, night.Rules, night.Registry);
        var events = night.Events()
            .Select(e => e with { Channel = "efact", ProviderId = registry.Providers[0].ProviderId, PrescriberId = null, Supplement = Core.Money.Money.Zero })
            .ToList();
        var built = night.Sendings().Build(events, night.Generator.RunDate.PlusDays(-1));
        // The practice's MediPrima patients (registry mutuality 690) are invoiced in a second sending, to 690 (docs/payers.md).
        Assert.Equal([131, 690], built.Select(b => b.Sending.Invoices[0].DestinationMutuality));
        var (name, sending) = built[0];
        var lineCount = sending.Invoices.Sum(i => i.Lines.Count);
        Assert.True(lineCount >= 20_000, $"{lineCount} lines");
        var bytes = EfactWriter.WriteBytes(sending);

        var import = new InboxImport(store, rules, options, clock, Serilog.Core.Logger.None);
        var path = Path.Combine(_root, name);
        File.WriteAllBytes(path, bytes);
        var first = Assert.Single(import.ImportFiles([path]).Files);

        Assert.Equal("imported", first.Status);
        // Only lines of members not yet born on their care date are refused (R500540): everything else is accepted.
        Assert.Equal(lineCount, first.AcceptedLines + first.RejectedLines);
        Assert.True(first.AcceptedLines > lineCount * 99 / 100, first.ToString());
        Assert.All(first.Rejections, r => Assert.StartsWith("R500540", r));
        Assert.Equal(Path.Combine(options.OutboxFolder, name + ".920098"), first.AnswerFile);
        var answer = File.ReadAllText(first.AnswerFile!);
        Assert.StartsWith("920098", answer);
        Assert.True(File.Exists(Path.Combine(options.OutboxFolder, name + ".931000")));
        var stored = store.UnprocessedLines(clock.GetCurrentInstant()).Count;
        Assert.Equal(first.AcceptedLines, stored);
        Assert.Equal(bytes, store.Sendings().Single().Raw);

        var again = Assert.Single(import.ImportFiles([path]).Files);
        Assert.Equal("duplicate", again.Status);
        Assert.Equal(stored, store.UnprocessedLines(clock.GetCurrentInstant()).Count);
        Assert.Single(store.Sendings());
    }

    [Fact]
    public void The_same_sending_identity_with_other_bytes_is_refused_as_sent_twice()
    {
        var night = SmallNight.Create(_root, new GeneratorOptions { Members = 200, Lines = 300, Seed = 5 });
        var (options, clock, store, rules) = (night.Options, night.Clock, night.Store, night.Rules);
        var (_, sending) = night.Sendings().Build(night.Events(), night.Generator.RunDate.PlusDays(-1))[0];
        var import = new InboxImport(store, rules, options, clock, Serilog.Core.Logger.None);
        File.WriteAllBytes(Path.Combine(_root, "a"), EfactWriter.WriteBytes(sending));
        File.WriteAllBytes(Path.Combine(_root, "b"), EfactWriter.WriteBytes(sending with { Invoices = new([.. sending.Invoices.Take(1)]) }));
        var outcomes = import.ImportFiles([Path.Combine(_root, "a"), Path.Combine(_root, "b")]).Files;
        Assert.Equal("imported", outcomes[0].Status);
        Assert.Equal("refused", outcomes[1].Status);
        Assert.Contains("already received", outcomes[1].Detail);
        Assert.Equal(2, store.Sendings().Count);
    }

    [Fact]
    public void A_sending_refused_as_sent_twice_is_answered_refused_with_the_official_code_not_accepted()
    {
        // Sending 1 of a third party arrives with a broken envelope (refused whole, nothing kept); the provider corrects it
        // and sends it again under the same sending number. The import refused the second file as sent twice and stored
        // none of its lines, but answered it from the reading alone: 920098, its invoices accepted. The provider waited
        // for a payment that would never come. The official code for it: 100721, a sending number used twice.
        var night = SmallNight.Create(_root, new GeneratorOptions { Members = 200, Lines = 300, Seed = 5 });
        var (options, clock, store, rules) = (night.Options, night.Clock, night.Store, night.Rules);
        var (_, sending) = night.Sendings().Build(night.Events(), night.Generator.RunDate.PlusDays(-1))[0];
        var good = EfactWriter.WriteBytes(sending);
        var broken = good[..^1];
        File.WriteAllBytes(Path.Combine(_root, "first"), broken);
        File.WriteAllBytes(Path.Combine(_root, "again"), good);
        var import = new InboxImport(store, rules, options, clock, Serilog.Core.Logger.None);

        var outcomes = import.ImportFiles([Path.Combine(_root, "first"), Path.Combine(_root, "again")]).Files;

        Assert.Equal(("refused", "refused"), (outcomes[0].Status, outcomes[1].Status));
        Assert.Empty(store.UnprocessedLines(clock.GetCurrentInstant()));
        Assert.EndsWith(".920099", outcomes[1].AnswerFile);
        Assert.False(File.Exists(Path.Combine(options.OutboxFolder, "again.920098")));
        var answer = EfactReplyReader.Read(File.ReadAllText(outcomes[1].AnswerFile!))!;
        Assert.Contains(answer.Entries.SelectMany(e => e.Codes), c => c.Contains("100721"));
    }
}

public class InboxFileTests
{
    [Theory]
    [InlineData("11000788004-202402-118.920000", true)]
    [InlineData("declarations.csv", true)]
    [InlineData(".uploading.920000", false)]
    [InlineData("sending.920000.part", false)]
    [InlineData("sending.920000.TMP", false)]
    [InlineData("ac.csv.partial", false)]
    public void A_file_still_being_uploaded_is_left_for_the_next_poll(string name, bool complete) =>
        Assert.Equal(complete, InboxImport.IsComplete(Path.Combine("inbox", name)));
}
