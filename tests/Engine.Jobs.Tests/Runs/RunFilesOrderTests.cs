using System.Security.Cryptography;
using Engine.Jobs.Data;
using Engine.Jobs.Efact;
using Engine.Jobs.Generation;
using Engine.Jobs.Ingestion;
using Engine.Jobs.Payments;
using Engine.Jobs.Runs;
using Engine.Jobs.Tests.Stores;
using Engine.Jobs.Time;

namespace Engine.Jobs.Tests.Runs;

/// <summary>
/// The file phase writes results.csv (and the other computed files) on another thread beside the payment files, and
/// records the hashes of the files it wrote without reading them back: the bytes must not depend on which finishes
/// first, and the recorded hashes must be those of the bytes on disk.
/// </summary>
public sealed class RunFilesOrderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("engine-run-files-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void The_files_are_the_same_bytes_whether_the_results_or_the_payment_files_are_written_first()
    {
        using var night = Night();
        var run = night.Store.Run(RunIds.Nightly(night.Generator.RunDate))!;
        var runFolder = Path.Combine(night.Options.OutputFolder, run.RunId);
        var source = new StoredRunOutput(night.Store, run.RunId);

        // Results last: their reading waits until the payment file's sidecar is written.
        var paymentsDone = new ManualResetEventSlim();
        var resultsLast = Write("results-last", new GatedOutput(source, results: paymentsDone, payments: null),
            point => { if (point == CrashPoints.Pain001Written) paymentsDone.Set(); });
        // Results first: the plan is read only once results.csv is whole.
        var resultsDone = new ManualResetEventSlim();
        var resultsFirst = Write("results-first", new GatedOutput(source, results: null, payments: resultsDone, resultsRead: resultsDone), _ => { });

        var run_ = Files(runFolder);
        Assert.Contains("results.csv", run_.Keys);
        Assert.Contains(run.RunId + ".pain001.xml", run_.Keys);
        foreach (var other in new[] { resultsLast, resultsFirst })
        {
            Assert.Equal(run_.Keys.Order(), other.Keys.Order());
            foreach (var (file, bytes) in run_) Assert.True(bytes.SequenceEqual(other[file]), $"{file} differs");
        }
        return;

        Dictionary<string, byte[]> Write(string name, IRunOutputSource output, Action<string> reached)
        {
            var folder = Path.Combine(_root, name, run.RunId);
            var summary = RunFiles.Write(run, folder, output, Debtor(night), reached, RunFileFormat.Current, RunFiles.Previous(night.Store, run),
                Engine.Jobs.Payers.PayerAccounts.Debtors(night.Options));
            RunFiles.WriteSummary(folder, summary);
            return Files(folder);
        }
    }

    [Fact]
    public void The_hashes_recorded_for_the_files_are_the_sha256_of_their_bytes_on_disk()
    {
        using var night = Night();
        var run = night.Store.Run(RunIds.Nightly(night.Generator.RunDate))!;
        var folder = Path.Combine(night.Options.OutputFolder, run.RunId);

        var recorded = night.Store.RunFiles(run.RunId);
        Assert.Contains(recorded, f => f.File == "results.csv");
        Assert.Contains(recorded, f => f.File == "workbook.xlsx");
        foreach (var file in recorded)
        {
            var bytes = File.ReadAllBytes(Path.Combine(folder, file.File));
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), file.Sha256);
            Assert.Equal(bytes.LongLength, file.Bytes);
        }

        // Written again: the hashes told on the way are those of the bytes, and those read back.
        var again = Path.Combine(_root, "again", run.RunId);
        var written = new Dictionary<string, string>(StringComparer.Ordinal);
        var summary = RunFiles.Write(run, again, new StoredRunOutput(night.Store, run.RunId), Debtor(night), _ => { }, RunFileFormat.Current,
            RunFiles.Previous(night.Store, run), Engine.Jobs.Payers.PayerAccounts.Debtors(night.Options), written);
        RunFiles.WriteSummary(again, summary);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(again, "results.csv")))), written["results.csv"]);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(again, "workbook.xlsx")))), written["workbook.xlsx"]);
        Assert.Equal(RunFiles.Recorded(again, summary), RunFiles.Recorded(again, summary, written));
        Assert.Equal(recorded.OrderBy(f => f.File, StringComparer.Ordinal), RunFiles.Recorded(again, summary, written).OrderBy(f => f.File, StringComparer.Ordinal));
    }

    private static PaymentDebtor Debtor(SmallNight night) =>
        new(night.Options.Payer.Name, night.Options.Payer.Iban, night.Options.Payer.Bic, night.Options.Payer.CompanyNumber);

    private static Dictionary<string, byte[]> Files(string folder) =>
        Directory.EnumerateFiles(folder).Where(f => Path.GetFileName(f) != ".engine-store")
            .ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

    /// <summary>A small night, imported and run to the end.</summary>
    private SmallNight Night()
    {
        var night = SmallNight.Create(_root, new GeneratorOptions { Members = 300, Lines = 600, Seed = 11 }, StoreKind.Sqlite);
        var paths = new List<string>();
        foreach (var (file, sending) in night.Sendings().Build(night.Events(), night.Generator.RunDate.PlusDays(-1)))
        {
            paths.Add(Path.Combine(_root, file));
            File.WriteAllBytes(paths[^1], EfactWriter.WriteBytes(sending));
        }
        night.Clock.Set(Brussels.At(night.Generator.RunDate, 1));
        new InboxImport(night.Store, night.Rules, night.Options, night.Clock, Serilog.Core.Logger.None).ImportFiles(paths);
        night.Clock.Set(Brussels.At(night.Generator.RunDate, 2));
        new RunPipeline(night.Store, night.Rules, night.Options, night.Clock, Serilog.Core.Logger.None).Execute(RunScope.Nightly(night.Generator.RunDate));
        return night;
    }

    /// <summary>The run's outputs, the results held back until <paramref name="results"/> is set, the plan until <paramref name="payments"/> is.</summary>
    private sealed class GatedOutput(IRunOutputSource source, ManualResetEventSlim? results, ManualResetEventSlim? payments,
        ManualResetEventSlim? resultsRead = null) : IRunOutputSource
    {
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

        public IEnumerable<(LineResultRow Result, CareLineRow Line)> ResultLines()
        {
            if (results is not null) Assert.True(results.Wait(Patience), "the payment files were never written");
            foreach (var row in source.ResultLines()) yield return row;
            resultsRead?.Set();
        }

        public IEnumerable<(RunTransferRow Transfer, RunItemRow Item)> TransferItems(string? payer = null)
        {
            if (payments is not null) Assert.True(payments.Wait(Patience), "results.csv was never written");
            return source.TransferItems(payer);
        }

        public IEnumerable<RunTransferRow> Transfers(string? payer = null) => source.Transfers(payer);
        public IEnumerable<RunItemRow> UnpaidItems(string? payer = null) => source.UnpaidItems(payer);
        public IReadOnlyList<IndemnityPaymentRow> IndemnityPayments() => source.IndemnityPayments();
        public IReadOnlyList<AcDecisionRow> AcDecisions() => source.AcDecisions();
        public IReadOnlyList<MafSettlementRow> MafSettlements() => source.MafSettlements();
        public IReadOnlyList<MafCounterRow> MafPending() => source.MafPending();
        public IReadOnlyList<IndemnityHeldRow> IndemnitiesHeld() => source.IndemnitiesHeld();
    }
}
