using System.Collections;
using System.Reflection;
using Engine.Jobs.Data;
using Engine.Jobs.Replay;
using Engine.Jobs.Rules;
using Engine.Jobs.Runs;
using Engine.Jobs.Tests.Rules.Reimbursement;
using Engine.Jobs.Tests.Stores;
using Engine.Jobs.Time;
using NodaTime;

namespace Engine.Jobs.Tests.Replay;

using Money = Engine.Core.Money.Money;

/// <summary>
/// Replay goes partition by partition, as the run computed (issue 11: memory bounded by the partition, not by the
/// registry or the night): twelve members, each alone in a household, a line each, a run in four partitions. The replay
/// reproduces it byte for byte, reads the care lines one partition at a time (never the whole night at once), reads the
/// registry for a partition's members only (never the whole registry), and never loads the run's results or items whole.
/// </summary>
public abstract class ReplayPartitionsTests(StoreKind kind) : TempStore("engine-replay-partitions-", Registered, kind)
{
    private static readonly Instant Registered = Instant.FromUtc(2026, 1, 2, 8, 0);
    private static readonly LocalDate RunDate = new(2026, 3, 5);
    private const int Partitions = 4;
    private const int Members = 12;

    [SkippableFact]
    public void A_run_in_four_partitions_is_replayed_one_partition_at_a_time()
    {
        var ids = Enumerable.Range(1, Members).Select(i => $"M{i:00}").ToList();
        Store.AddBeneficiaries(ids.Select((id, i) => new BeneficiaryRow
        {
            BeneficiaryId = id, Niss = Engine.Jobs.Efact.BelgianIdentifiers.NissFromBody(800101001 + i * 1000), Name = "Member " + id,
            BirthDate = new LocalDate(1980, 1, 1), Sex = 1, Mutuality = 131, Iban = "BE68539007547034", InsuredFrom = new LocalDate(2000, 1, 1), KnownAt = Registered,
        }));
        Store.AddProviders([new ProviderRow { ProviderId = "P1", Nihii = "10000001001", Name = "Dr One", Kind = "gp", Conventioned = true, Iban = "BE71096123456769", KnownAt = Registered }]);
        Store.AddHouseholds(ids.Select(id => new HouseholdRow { HouseholdId = "H" + id, Year = 2026, ReferenceIncome = new Money(20_000_00), KnownAt = Registered }),
            ids.Select(id => new HouseholdMemberRow { HouseholdId = "H" + id, BeneficiaryId = id, Year = 2026, Relation = "titulaire", KnownAt = Registered }));
        var at = Instant.FromUtc(2026, 3, 4, 12, 0);
        Store.AddSending(new SendingRow { Channel = "eattest", FileName = "a", Sha256 = new string('a', 64), Identity = "a", Raw = [], Status = "accepted", ReceivedAt = at },
            ids.Select((id, i) => new CareLineRow
            {
                InvoiceNumber = $"a-{i + 1}", RecordSeq = i + 1, BeneficiaryId = id, ProviderId = "P1", Code = 101076, ServiceDate = new LocalDate(2026, 3, 2),
                Quantity = 1, Billed = new Money(33_73), Conventioned = true, Channel = "eattest", KnownAt = at,
            }).ToList());
        var scratch = Path.Combine(Folder, "scratch");
        var options = new EngineOptions
        {
            RulesFolder = RepoFiles.Rules, OutputFolder = Path.Combine(Folder, "runs"), Run = { Partitions = Partitions }, Replay = { ScratchFolder = scratch },
        };
        var run = new RunPipeline(Store, new RuleSetProvider(options), options, new FixedClock(Brussels.At(RunDate, 2)), Serilog.Core.Logger.None).Execute(RunDate);
        // The households fall in every partition, none holding the whole night.
        var sizes = ids.GroupBy(id => RunPartitioning.OfHousehold("H" + id, Partitions)).Select(g => g.Count()).ToList();
        Assert.Equal(Partitions, sizes.Count);

        // What a replay killed earlier left in the scratch folder: its lock is held by no process any more.
        Directory.CreateDirectory(scratch);
        foreach (var left in new[] { ".db", ".db-wal", ".db-shm", ".lock" }) File.WriteAllText(Path.Combine(scratch, "engine-replay-killed" + left), "left");

        var reads = new List<(string Method, int Keys)>();
        var replay = new PeriodReplay(CountingStore.Over(Store, reads), new RuleSetProvider(options), options)
            .Run(RunDate, RunDate, null, Path.Combine(Folder, "replay"));

        Assert.True(replay.Reproduced, string.Join("\n", replay.DifferenceList.Select(d => $"{d.Item} {d.Field}: {d.Original} -> {d.Replay}")));
        // The scratch store was made in the folder configured, and nothing is left there: neither its own files nor those of the replay killed before.
        Assert.Empty(Directory.EnumerateFileSystemEntries(scratch));
        foreach (var f in Directory.EnumerateFiles(Path.Combine(options.OutputFolder, run.RunId)))
            Assert.Equal(File.ReadAllBytes(f), File.ReadAllBytes(Path.Combine(Folder, "replay", run.RunId, Path.GetFileName(f))));
        // The care lines: one read per partition, each of that partition's lines only.
        Assert.Equal(sizes.Order(), reads.Where(r => r.Method == "Lines").Select(r => r.Keys).Order());
        // The registry: a partition's members at a time, never the whole of it.
        Assert.DoesNotContain(reads, r => r.Method is "Beneficiaries" or "Statuses" or "Households" && r.Keys < 0);
        Assert.All(reads.Where(r => r.Method == "Beneficiaries"), r => Assert.InRange(r.Keys, 0, sizes.Max()));
        // Nor the run's results or items whole (they are streamed, and compared as they stream).
        Assert.DoesNotContain(reads, r => r.Method is "Results" or "RunItems");
    }

    /// <summary>
    /// The store, recording each read's method and how many keys it was given (-1: none, the whole of it).
    /// </summary>
    public class CountingStore : StoreProxy
    {
        private List<(string, int)> _reads = null!;

        public static IEngineStore Over(IEngineStore store, List<(string, int)> reads) => Over<CountingStore>(store, p => p._reads = reads);

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            var keys = args?.OfType<IEnumerable>().Where(a => a is not string).Select(a => a.Cast<object>().Count()).DefaultIfEmpty(-1).First() ?? -1;
            lock (_reads) _reads.Add((method!.Name, keys));
            return Forward(method, args);
        }
    }
}

public sealed class ReplayPartitionsTestsOnSqlite() : ReplayPartitionsTests(StoreKind.Sqlite);

public sealed class ReplayPartitionsTestsOnPostgres() : ReplayPartitionsTests(StoreKind.Postgres);
