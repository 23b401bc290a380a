using System.Diagnostics;
using System.Text;
using Engine.Jobs.Efact;
using Engine.Jobs.Generation;
using Engine.Jobs.Ingestion;
using Xunit.Abstractions;

namespace Engine.Jobs.Tests.Ingestion.Fuzz;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneInTheProcess
{
    /// <summary>Tests that measure the process's memory: run alone, after the others.</summary>
    public const string Name = "alone in the process";
}

/// <summary>
/// Importing any single file stays under a stated time and memory, whatever its content (README, "Guarantees on
/// received files"): the worst cases found — deep nesting, entity expansion, a flood of elements, a huge attribute, a
/// 50 MB eFact sending, a 50 MB line of garbage — each imported alone, its time and the managed memory it takes above
/// what the process held before measured.
/// </summary>
[Collection(AloneInTheProcess.Name)]
public sealed class ResourceBoundTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>Longest any single file may take (a 50 MB sending, read, checked, answered and stored, on a shared CI machine).</summary>
    public static readonly TimeSpan MaxTime = TimeSpan.FromSeconds(30);

    /// <summary>Most managed memory an eAttest message may take (at most 10 MB) while imported.</summary>
    public const long MaxEAttestBytes = 256L << 20;

    /// <summary>Most managed memory an eFact sending may take while imported, per MB of file, its bytes (held by the caller) not counted.</summary>
    public const long MaxEfactBytesPerMb = 10L << 20;

    private readonly string _root = Directory.CreateTempSubdirectory("engine-bound-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private (TimeSpan Time, long Memory, ImportOutcome Outcome) Measure(InboxImport import, string name, byte[] content)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var before = GC.GetTotalMemory(false);
        long peak = before;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false));
                Thread.Sleep(1);
            }
        });
        var watch = Stopwatch.StartNew();
        var outcome = Assert.Single(import.ImportContents([(name, content)]).Files);
        watch.Stop();
        stop.Cancel();
        sampler.Wait();
        peak = Math.Max(peak, GC.GetTotalMemory(false));
        var taken = peak - before;
        output.WriteLine($"{name}: {content.Length:N0} bytes, {watch.Elapsed.TotalMilliseconds:N0} ms, {taken / (1 << 20):N0} MB managed; {outcome.Status}; {outcome.Detail}");
        Assert.True(watch.Elapsed < MaxTime, $"{name}: {watch.Elapsed}");
        return (watch.Elapsed, taken, outcome);
    }

    [Fact]
    public void Any_eAttest_message_imports_within_the_time_and_memory_stated()
    {
        var night = SmallNight.Create(_root, new GeneratorOptions { Members = 50, Lines = 50, Seed = 2 });
        var import = new InboxImport(night.Store, night.Rules, night.Options, night.Clock, Serilog.Core.Logger.None);
        const string Open = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Bundle xmlns=\"http://hl7.org/fhir\">";
        string Repeat(string s, int n) => new StringBuilder(s.Length * n).Insert(0, s, n).ToString();
        var cases = new (string Name, string Xml, string Reason)[]
        {
            ("nested-200000.xml", Open + Repeat("<a>", 200_000) + Repeat("</a>", 200_000) + "</Bundle>", "nested more than 64 deep"),
            ("laughs.xml", "<?xml version=\"1.0\"?><!DOCTYPE Bundle [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">" +
                "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">" +
                "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\"><!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">]><Bundle xmlns=\"http://hl7.org/fhir\"><id value=\"&g;\"/></Bundle>",
                "DTD"),
            ("flood.xml", Open + Repeat("<x/>", (Engine.Jobs.EAttest.EAttestReader.MaxBytes - 200) / 4) + "</Bundle>", "more than 50,000 elements"),
            ("attribute.xml", Open + "<id value=\"" + new string('x', Engine.Jobs.EAttest.EAttestReader.MaxBytes - 200) + "\"/></Bundle>", "no MessageHeader"),
            ("entries.xml", Open + Repeat("<entry><fullUrl value=\"urn:uuid:1\"/></entry>", 1_500) + "</Bundle>", "more than 1,000 bundle entries"),
        };
        foreach (var (name, xml, reason) in cases)
        {
            var (_, memory, outcome) = Measure(import, name, Encoding.UTF8.GetBytes(xml));
            Assert.Equal("refused", outcome.Status);
            Assert.Contains(reason, outcome.Detail);
            Assert.NotNull(outcome.AnswerFile);
            Assert.True(memory < MaxEAttestBytes, $"{name}: {memory:N0} bytes");
        }
    }

    [Fact]
    public void A_50_MB_efact_sending_and_50_MB_of_garbage_import_within_the_time_and_memory_stated()
    {
        var night = SmallNight.Create(_root, new GeneratorOptions { Members = 300, Lines = 600, Seed = 3 });
        var import = new InboxImport(night.Store, night.Rules, night.Options, night.Clock, Serilog.Core.Logger.None);
        // The night's largest sending, its invoices repeated under new numbers up to 50 MB (about 140,000 records).
        var (_, model) = night.Sendings().Build(night.Events(), night.Generator.RunDate.PlusDays(-1)).MaxBy(s => s.Sending.Invoices.Count);
        var invoices = new List<EfactInvoice>();
        var records = 0L;
        for (var copy = 0; records * EfactLayout.RecordLength < 50L << 20; copy++)
            foreach (var invoice in model.Invoices)
            {
                invoices.Add(invoice with { InvoiceNumber = 1_000_000 + invoices.Count });
                records += invoice.Lines.Count + 2;
            }
        var big = EfactWriter.WriteBytes(model with { Invoices = new(invoices) });
        model = null!;
        invoices = null!;
        Assert.InRange(big.Length, 50L << 20, 52L << 20);
        var (_, memory, outcome) = Measure(import, "big.efact", big);
        Assert.Equal("imported", outcome.Status);
        Assert.True(outcome.AcceptedLines > 50_000, outcome.ToString());
        Assert.True(memory < MaxEfactBytesPerMb * 50, $"50 MB sending: {memory:N0} bytes");

        // One line of 50 MB that only starts like a sending.
        var garbage = new byte[50 << 20];
        Array.Fill(garbage, (byte)'7');
        big.AsSpan(0, EfactLayout.HeaderLength).CopyTo(garbage);
        big = null!;
        (_, memory, outcome) = Measure(import, "line.efact", garbage);
        Assert.Equal("refused", outcome.Status);
        Assert.NotNull(outcome.AnswerFile);
        Assert.True(memory < MaxEfactBytesPerMb * 50, $"50 MB line: {memory:N0} bytes");

        // 150,000 records 20, each an invoice refused: the answer lists the first 20,000 entries, not all.
        for (var at = EfactLayout.HeaderLength; at + EfactLayout.RecordLength <= garbage.Length; at += EfactLayout.RecordLength)
            (garbage[at], garbage[at + 1]) = ((byte)'2', (byte)'0');
        (_, memory, outcome) = Measure(import, "invoices.efact", garbage);
        Assert.Equal("refused", outcome.Status);
        Assert.InRange(new FileInfo(outcome.AnswerFile!).Length, 1, (EfactAnswerWriter.MaxEntries + 10L) * EfactAnswerWriter.EntryLength);
        Assert.True(memory < MaxEfactBytesPerMb * 50, $"50 MB of invoices: {memory:N0} bytes");
    }
}
