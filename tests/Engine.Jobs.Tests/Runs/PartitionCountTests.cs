using FsCheck;
using FsCheck.Xunit;
using Engine.Jobs.Data;
using Engine.Jobs.Rules;
using Engine.Jobs.Runs;
using Engine.Jobs.Tests.Replay;
using Engine.Jobs.Tests.Rules.Reimbursement;
using Engine.Jobs.Tests.Stores;
using Engine.Jobs.Time;
using NodaTime;

namespace Engine.Jobs.Tests.Runs;

using Money = Engine.Core.Money.Money;

/// <summary>
/// A nightly run's number of partitions follows its work list (issue 11: memory bounded by the partition, not by the
/// night): max(Engine:Run:Partitions, ceil(lines / Engine:Run:PartitionLines)), fixed when it starts. Twelve members,
/// each alone in a household, a line each: with at most 5 lines a partition the run has ceil(12 / 5) = 3 partitions
/// (1 configured), and its files are byte for byte those of the same night in one partition. What every partition
/// would read whole (cases, AC requests, pending counters, family changes) is read once for the run, not once a partition.
/// </summary>
public abstract class PartitionCountTests(StoreKind kind) : TempStore("engine-partition-count-", Registered, kind)
{
    private static readonly Instant Registered = Instant.FromUtc(2026, 1, 2, 8, 0);
    private static readonly LocalDate RunDate = new(2026, 3, 5);
    private const int Members = 12;

    [SkippableFact]
    public void A_night_larger_than_its_partitions_gets_more_of_them_and_the_same_files()
    {
        Fill(Store);
        var reads = new List<(string Method, int Keys)>();
        var split = Execute(ReplayPartitionsTests.CountingStore.Over(Store, reads), Path.Combine(Folder, "split"), partitionLines: 5);
        Assert.Equal(3, Store.Run(split.RunId)!.Partitions);
        Assert.Equal(3, Store.Partitions(split.RunId).Count);
        Assert.All(Store.Partitions(split.RunId), p => Assert.InRange(p.Lines, 1, Members - 1));
        Assert.Equal(Members, Store.Partitions(split.RunId).Sum(p => p.Lines));
        // Each partition reads its own lines; what every partition would read whole is read once for the run (the
        // partitions' reads: those before the claim phase; the files phase reads the pending counters once more).
        var partitions = reads.TakeWhile(r => r.Method != nameof(IRunPaymentsStore.Claim)).ToList();
        Assert.Contains(reads, r => r.Method == nameof(IRunPaymentsStore.Claim));
        Assert.Equal(3, partitions.Count(r => r.Method == nameof(IRunInputs.PartitionLines)));
        foreach (var whole in new[] { nameof(IRunInputs.IndemnityCases), nameof(IRunInputs.UndecidedAcRequests), nameof(IRunInputs.PendingMafCounters),
                     nameof(IRunInputs.IndemnityFamily), nameof(IRunInputs.IndemnityPaidUntil) })
            Assert.Equal((whole, 1), (whole, partitions.Count(r => r.Method == whole)));

        using var other = new TempFolder();
        using var one = TestStores.Create(Kind, other.Path);
        one.Store.Migrate(Registered);
        Fill(one.Store);
        var whole1 = Execute(one.Store, Path.Combine(other.Path, "one"), partitionLines: 1_000);
        Assert.Equal(1, one.Store.Run(whole1.RunId)!.Partitions);

        var files = Directory.EnumerateFiles(Path.Combine(Folder, "split", split.RunId)).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(files, Directory.EnumerateFiles(Path.Combine(other.Path, "one", whole1.RunId)).Select(Path.GetFileName).Order().ToList());
        Assert.NotEmpty(files);
        foreach (var f in files)
            Assert.Equal(File.ReadAllBytes(Path.Combine(other.Path, "one", whole1.RunId, f!)), File.ReadAllBytes(Path.Combine(Folder, "split", split.RunId, f!)));
    }

    private static RunSummary Execute(IEngineStore store, string output, int partitionLines)
    {
        var options = new EngineOptions { RulesFolder = RepoFiles.Rules, OutputFolder = output, Run = { Partitions = 1, PartitionLines = partitionLines } };
        var summary = new RunPipeline(store, new RuleSetProvider(options), options, new FixedClock(Brussels.At(RunDate, 2)), Serilog.Core.Logger.None)
            .Execute(RunDate);
        Assert.Equal(Members, summary.Lines);
        return summary;
    }

    private static void Fill(IEngineStore store)
    {
        var ids = Enumerable.Range(1, Members).Select(i => $"M{i:00}").ToList();
        store.AddBeneficiaries(ids.Select((id, i) => new BeneficiaryRow
        {
            BeneficiaryId = id, Niss = Engine.Jobs.Efact.BelgianIdentifiers.NissFromBody(800101001 + i * 1000), Name = "Member " + id,
            BirthDate = new LocalDate(1980, 1, 1), Sex = 1, Mutuality = 131, Iban = "BE68539007547034", InsuredFrom = new LocalDate(2000, 1, 1), KnownAt = Registered,
        }));
        store.AddProviders([new ProviderRow { ProviderId = "P1", Nihii = "10000001001", Name = "Dr One", Kind = "gp", Conventioned = true, Iban = "BE71096123456769", KnownAt = Registered }]);
        store.AddHouseholds(ids.Select(id => new HouseholdRow { HouseholdId = "H" + id, Year = 2026, ReferenceIncome = new Money(20_000_00), KnownAt = Registered }),
            ids.Select(id => new HouseholdMemberRow { HouseholdId = "H" + id, BeneficiaryId = id, Year = 2026, Relation = "titulaire", KnownAt = Registered }));
        var at = Instant.FromUtc(2026, 3, 4, 12, 0);
        store.AddSending(new SendingRow { Channel = "eattest", FileName = "a", Sha256 = new string('a', 64), Identity = "a", Raw = [], Status = "accepted", ReceivedAt = at },
            ids.Select((id, i) => new CareLineRow
            {
                InvoiceNumber = $"a-{i + 1}", RecordSeq = i + 1, BeneficiaryId = id, ProviderId = "P1", Code = 101076, ServiceDate = new LocalDate(2026, 3, 2),
                Quantity = 1, Billed = new Money(33_73 + i), Conventioned = true, Channel = "eattest", KnownAt = at,
            }).ToList());
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("engine-partition-count-one-").FullName;
        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}

/// <summary>The rule by hand: max(configured, ceil(lines / lines a partition)).</summary>
public sealed class PartitionCountRuleTests
{
    [Fact]
    public void Count_rule_by_hand()
    {
        Assert.Equal(8, RunPartitioning.Count(8, 50_000, 0));
        Assert.Equal(8, RunPartitioning.Count(8, 50_000, 400_000));
        Assert.Equal(9, RunPartitioning.Count(8, 50_000, 400_001));
        Assert.Equal(20, RunPartitioning.Count(8, 50_000, 1_000_000));
        Assert.Equal(3, RunPartitioning.Count(1, 5, 12));
        Assert.Equal(1, RunPartitioning.Count(1, 5, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => RunPartitioning.Count(0, 5, 12));
        Assert.Throws<ArgumentOutOfRangeException>(() => RunPartitioning.Count(1, 0, 12));
    }
}

public sealed class PartitionCountTestsOnSqlite() : PartitionCountTests(StoreKind.Sqlite);

public sealed class PartitionCountTestsOnPostgres() : PartitionCountTests(StoreKind.Postgres);

/// <summary>
/// A key's partition is FNV-1a over the UTF-8 bytes of "kind:id", modulo the partitions (the same on every machine and
/// store). The partition of a line, household, AC request or case hashes the prefix's bytes then the id's, without
/// making the key: the same partitions as the key's bytes.
/// </summary>
public sealed class PartitionHashTests
{
    /// <summary>FNV-1a of the keys' UTF-8 bytes, worked out beside the engine (Python: 2763695275 for "household:H1").</summary>
    [Fact]
    public void Partitions_of_keys_by_hand()
    {
        Assert.Equal(2763695275u % 8, (uint)RunPartitioning.OfHousehold("H1", 8));
        Assert.Equal(2763695275u % 20, (uint)RunPartitioning.OfLine(new WorkLine(1, "M01", 2026, "H1"), 20));
        Assert.Equal(200579257u % 8, (uint)RunPartitioning.OfLine(new WorkLine(1, "M05", 2026, null), 8));
        Assert.Equal(200579257u % 20, (uint)RunPartitioning.OfAcRequest(new AcRequestRow { MemberId = "M05" }, 20));
        Assert.Equal(301965829u % 8, (uint)RunPartitioning.OfCase(new IndemnityCaseRow { CaseId = "C-17" }, 8));
        Assert.Equal(2063304481u % 20, (uint)RunPartitioning.OfHousehold("Zoë", 20));
        // An id longer than the stack buffer (100 two-byte characters).
        Assert.Equal(3465946299u % 20, (uint)RunPartitioning.OfAcRequest(new AcRequestRow { MemberId = new string('é', 100) }, 20));
        Assert.Equal(2763695275u % 7, (uint)RunPartitioning.Of("household:H1", 7));
    }

    /// <summary>Any id (lone surrogates included, replaced in UTF-8 as Encoding.UTF8 does): the partition of its key's bytes.</summary>
    [Property(MaxTest = 500)]
    public bool The_partition_is_that_of_the_key_s_UTF8_bytes(string? id, char extra, byte size, PositiveInt partitions)
    {
        id = (id ?? "") + new string(extra, size % 3) + (size > 200 ? new string('\u00e9', size) : "");
        static int Reference(string key, int partitions)
        {
            uint hash = 2166136261;
            foreach (var b in System.Text.Encoding.UTF8.GetBytes(key))
            {
                hash ^= b;
                hash *= 16777619;
            }
            return (int)(hash % (uint)partitions);
        }
        var n = partitions.Get;
        return RunPartitioning.OfHousehold(id, n) == Reference("household:" + id, n)
            && RunPartitioning.OfLine(new WorkLine(1, id, 2026, null), n) == Reference("member:" + id, n)
            && RunPartitioning.OfCase(new IndemnityCaseRow { CaseId = id }, n) == Reference("case:" + id, n)
            && RunPartitioning.Of(id, n) == Reference(id, n);
    }
}
