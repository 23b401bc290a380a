using Engine.Core.Payments;
using Engine.Jobs.Data;
using Engine.Jobs.Data.Sqlite;
using Engine.Jobs.Payments;
using Engine.Jobs.Runs;
using Engine.Jobs.Time;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace Engine.Jobs.Tests.Runs;

using Money = Engine.Core.Money.Money;

/// <summary>
/// The payment phase on a real store: the files do not depend on the number of chunks, nor on the order in which
/// workers take the chunk jobs, nor on a job being run twice; and the transfers read back from the pain.001 pay each
/// payee the sum of their stored paid items, which is what grouping the owed items pays them.
/// </summary>
public class RunPaymentsProperties
{
    private const string RunId = "nightly-2025-03-14";
    private static readonly Instant AsOf = Instant.FromUtc(2025, 3, 14, 1, 0);
    private static readonly Dictionary<string, BeneficiaryRow> NoMembers = [];
    private static readonly Dictionary<string, ProviderRow> NoProviders = [];

    private sealed record Outcome(SortedDictionary<string, byte[]> Files, IReadOnlyList<RunItemRow> Items);

    /// <param name="jobs">Null: the chunks one after the other in this call. Else the chunk jobs as workers might take them: in this order, some twice.</param>
    private static Outcome Pay(IReadOnlyList<PayableItem> owed, int chunkCount, IReadOnlyList<int>? jobs)
    {
        var dir = Directory.CreateTempSubdirectory("engine-pay-").FullName;
        try
        {
            var store = SqliteStore.ForFile(Path.Combine(dir, "engine.db"));
            store.Migrate(AsOf);
            store.StartRun(new RunRow { RunId = RunId, Kind = "nightly", RunDate = new LocalDate(2025, 3, 14), AsOf = AsOf, RuleSetVersion = "v", StartedAt = AsOf });
            var options = new EngineOptions { OutputFolder = Path.Combine(dir, "out"), Run = { ChunkCount = chunkCount } };
            var payments = new RunPayments(store, options, new FixedClock(AsOf), Serilog.Core.Logger.None);
            var run = store.Run(RunId)!;
            PaidRun? paid;
            if (jobs is null) paid = payments.Pay(run, owed, NoMembers, NoProviders);
            else
            {
                IReadOnlyList<int> chunks = [];
                Assert.Null(payments.Pay(run, owed, NoMembers, NoProviders, (_, pending) => chunks = pending));
                foreach (var n in jobs) payments.DecideChunk(RunId, chunks[n % chunks.Count]);
                foreach (var c in chunks) payments.DecideChunk(RunId, c);
                paid = payments.Pay(run, owed, NoMembers, NoProviders, (_, _) => throw new InvalidOperationException("every chunk is done"));
            }
            payments.Complete(paid!, paid!.AddTo(new RunSummary { RunId = RunId, RunDate = "2025-03-14", AsOf = "-", RuleSetVersion = "v" }));
            var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var f in Directory.EnumerateFiles(Path.Combine(options.OutputFolder, RunId)))
                files[Path.GetFileName(f)] = File.ReadAllBytes(f);
            return new Outcome(files, store.RunItems(RunId));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    [FsCheck.Xunit.Property(MaxTest = 25)]
    public Property Files_depend_on_the_owed_items_only_and_pay_each_payee_their_stored_items() =>
        Prop.ForAll(RunItemGenerators.Items(40).ToArbitrary(), Gen.Choose(1, 8).ToArbitrary(), Gen.ListOf(Gen.Choose(0, 50)).ToArbitrary(),
            (owed, chunks, jobs) =>
            {
                // Unique references here: the copies of a repeated reference are all held, which the other property covers.
                owed = owed.GroupBy(i => i.SourceRef).Select(g => g.First()).ToList();
                var alone = Pay(owed, 1, null);
                var shared = Pay(owed, chunks, jobs.ToList());
                var sameFiles = alone.Files.Keys.SequenceEqual(shared.Files.Keys)
                                && alone.Files.All(f => f.Value.AsSpan().SequenceEqual(shared.Files[f.Key]));

                var payeeOf = shared.Items.Where(r => r.Outcome == "paid").GroupBy(r => r.EndToEndId!)
                    .ToDictionary(g => g.Key, g => g.Select(r => r.PayeeKind + ":" + r.PayeeId).Distinct().Single());
                var stored = shared.Items.Where(r => r.Outcome == "paid").GroupBy(r => r.PayeeKind + ":" + r.PayeeId)
                    .ToDictionary(g => g.Key, g => Sum(g.Select(r => r.Amount)));
                var planned = PaymentGrouping.Plan(RunId, owed).Transfers.GroupBy(t => RunItems.PayeeKey(t.Items[0]))
                    .ToDictionary(g => g.Key, g => Sum(g.Select(t => t.Amount)));
                var inFile = shared.Files.TryGetValue(RunId + ".pain001.xml", out var pain)
                    ? Pain001Reader.Read(pain).Blocks.SelectMany(b => b.Transactions).GroupBy(t => payeeOf[t.EndToEndId])
                        .ToDictionary(g => g.Key, g => Sum(g.Select(t => t.Amount)))
                    : [];
                bool Same(Dictionary<string, Money> a, Dictionary<string, Money> b) => a.Count == b.Count && a.All(x => b.TryGetValue(x.Key, out var v) && v == x.Value);

                return sameFiles.Label("same files whatever the chunks and jobs")
                    .And(Same(inFile, stored).Label("pain.001 per payee = stored paid items per payee"))
                    .And(Same(stored, planned).Label("stored paid items per payee = what the whole run's grouping pays"))
                    .And(shared.Items.All(r => r.Outcome != "pending").Label("every item decided"));
            });

    private static Money Sum(IEnumerable<Money> amounts) => amounts.Aggregate(Money.Zero, (s, m) => s + m);
}
