using Engine.Core.Payments;
using Engine.Jobs.Data;
using Engine.Jobs.Data.Sqlite;
using Engine.Jobs.Payments;
using Engine.Jobs.Rules;
using Engine.Jobs.Runs;
using Engine.Jobs.Time;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace Engine.Jobs.Tests.Runs;

using Money = Engine.Core.Money.Money;

/// <summary>
/// The payment phases on a real store: the files do not depend on how the items were split into partitions nor on
/// the order the partitions committed; and the transfers read back from the pain.001 pay each payee the sum of their
/// stored paid items, which is what grouping the owed items of the whole run pays them.
/// </summary>
public class RunPaymentsProperties
{
    private const string RunId = "nightly-2025-03-14";
    private static readonly Instant AsOf = Instant.FromUtc(2025, 3, 14, 1, 0);

    private sealed record Outcome(SortedDictionary<string, byte[]> Files, IReadOnlyList<RunItemRow> Items);

    /// <param name="partitionOf">The partition of each item, by index.</param>
    /// <param name="commitOrder">The order the partitions commit in.</param>
    private static Outcome Pay(IReadOnlyList<PayableItem> owed, int partitions, Func<int, int> partitionOf, IEnumerable<int> commitOrder)
    {
        var dir = Directory.CreateTempSubdirectory("engine-pay-").FullName;
        try
        {
            var store = SqliteStore.ForFile(Path.Combine(dir, "engine.db"));
            store.Migrate(AsOf);
            store.StartRun(new RunRow { RunId = RunId, Kind = "nightly", RunDate = new LocalDate(2025, 3, 14), AsOf = AsOf, RuleSetVersion = "v", StartedAt = AsOf },
                _ => partitions, null);
            foreach (var p in commitOrder)
            {
                var commit = new PartitionCommit(RunId, p, [], [], [], [], [],
                    (_, _) => owed.Select((item, i) => (item, i)).Where(x => partitionOf(x.i) == p).Select(x => RunItems.Row(RunId, p, RunId, x.item)).ToList(),
                    AsOf, "test");
                store.CommitPartition(commit, facts => RunConflicts.Find(commit, facts));
            }
            var options = new EngineOptions { OutputFolder = Path.Combine(dir, "out"), Run = { Partitions = partitions } };
            var pipeline = new RunPipeline(store, new RuleSetProvider(options), options, new FixedClock(AsOf), Serilog.Core.Logger.None);
            while (pipeline.Advance(RunId) != RunPhase.Completed) { }
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
        Prop.ForAll(RunItemGenerators.Items(40).ToArbitrary(), Gen.Choose(1, 7).ToArbitrary(), Gen.ListOf(Gen.Choose(0, 50)).ToArbitrary(),
            (owed, partitions, shuffle) =>
            {
                // A source reference is unique in a run (the store keys a run's items by it).
                owed = owed.GroupBy(i => i.SourceRef).Select(g => g.First()).ToList();
                var alone = Pay(owed, 1, _ => 0, [0]);
                var order = Enumerable.Range(0, partitions).OrderBy(p => shuffle.ElementAtOrDefault(p)).ThenByDescending(p => p).ToList();
                var split = Pay(owed, partitions, i => (i * 7 + shuffle.Count) % partitions, order);
                var sameFiles = alone.Files.Keys.SequenceEqual(split.Files.Keys)
                                && alone.Files.All(f => f.Value.AsSpan().SequenceEqual(split.Files[f.Key]));

                var payeeOf = split.Items.Where(r => r.Outcome == "paid").GroupBy(r => r.EndToEndId!)
                    .ToDictionary(g => g.Key, g => g.Select(r => r.PayeeKind + ":" + r.PayeeId).Distinct().Single());
                var stored = split.Items.Where(r => r.Outcome == "paid").GroupBy(r => r.PayeeKind + ":" + r.PayeeId)
                    .ToDictionary(g => g.Key, g => Sum(g.Select(r => r.Amount)));
                var planned = PaymentGrouping.Plan(RunId, owed).Transfers.GroupBy(t => RunItems.PayeeKey(t.Items[0]))
                    .ToDictionary(g => g.Key, g => Sum(g.Select(t => t.Amount)));
                var inFile = split.Files.TryGetValue(RunId + ".pain001.xml", out var pain)
                    ? Pain001Reader.Read(pain).Blocks.SelectMany(b => b.Transactions).GroupBy(t => payeeOf[t.EndToEndId])
                        .ToDictionary(g => g.Key, g => Sum(g.Select(t => t.Amount)))
                    : [];
                bool Same(Dictionary<string, Money> a, Dictionary<string, Money> b) => a.Count == b.Count && a.All(x => b.TryGetValue(x.Key, out var v) && v == x.Value);

                return sameFiles.Label("same files whatever the partitions and their order")
                    .And(Same(inFile, stored).Label("pain.001 per payee = stored paid items per payee"))
                    .And(Same(stored, planned).Label("stored paid items per payee = what the whole run's grouping pays"))
                    .And(split.Items.All(r => r.Outcome != "pending").Label("every item decided"));
            });

    private static Money Sum(IEnumerable<Money> amounts) => amounts.Aggregate(Money.Zero, (s, m) => s + m);
}
