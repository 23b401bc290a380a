using System.Reflection;
using Dapper;
using Engine.Jobs.Data;
using Engine.Jobs.Data.Sqlite;
using Engine.Jobs.Runs;
using Engine.Jobs.Tests.Stores;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Engine.Jobs.Tests.Runs;

using Money = Engine.Core.Money.Money;

/// <summary>
/// The work list a run's Start makes: each line still to compute known by the run's instant, in line order, with its
/// member's household in its year of care as of that instant (the latest membership known then; none: null), put in
/// the partition <c>partitionOf</c> gives. SQLite looks the households up a chunk of lines at a time in the order of
/// the memberships' key (issue 11): whatever the chunk, every line gets the same household, so the same partition.
/// </summary>
public abstract class WorkListHouseholdsTests(StoreKind kind) : TempStore("engine-work-households-", Registered, kind)
{
    private static readonly Instant Registered = Instant.FromUtc(2026, 1, 2, 8, 0);
    private static readonly Instant Moved = Instant.FromUtc(2026, 2, 1, 9, 0);
    private static readonly Instant Received = Instant.FromUtc(2026, 3, 4, 12, 0);
    protected static readonly Instant AsOf = Instant.FromUtc(2026, 3, 5, 1, 0);
    private static readonly Instant Late = Instant.FromUtc(2026, 3, 6, 9, 0);

    /// <summary>By hand: (member, year of care, household as of the run) of each line of the work list, in line order.</summary>
    protected static readonly (string Member, int Year, string? Household)[] Expected =
    [
        ("M6", 2026, null),  // a household in 2025 only
        ("M4", 2026, "H8"),  // moved before the run's instant: the latest membership known then
        ("M1", 2026, "H1"),
        ("M5", 2026, null),  // no household
        ("M3", 2026, "H3"),  // moved after the run's instant: not yet known
        ("M2", 2026, "H1"),  // M1's household
        ("M6", 2025, "H6"),
        ("M1", 2026, "H1"),
        ("M4", 2026, "H8"),
        // M2's line received after the run's instant is not in the list.
    ];

    [SkippableFact]
    public void Each_line_gets_its_household_as_of_the_run_and_its_partition()
    {
        Fill(Store);
        var seen = new List<WorkLine>();
        Store.StartRun(Run("nightly-2026-03-05"), lines => { Assert.Equal(Expected.Length, lines); return 3; }, (line, partitions) =>
        {
            seen.Add(line);
            return RunPartitioning.OfLine(line, partitions);
        });

        Assert.Equal(Expected, seen.Select(l => (l.BeneficiaryId, l.Year, l.HouseholdId)).ToArray());
        Assert.Equal(seen.Select(l => l.LineId).Order().Distinct(), seen.Select(l => l.LineId));
        Assert.Equal(3, Store.Run("nightly-2026-03-05")!.Partitions);
        // The partitions stored are those partitionOf gave: each line read back from its partition with its household.
        var stored = Enumerable.Range(0, 3).SelectMany(p => Store.PartitionLines("nightly-2026-03-05", p)
            .Select(l => (l.Line.LineId, Partition: p, l.HouseholdId))).OrderBy(l => l.LineId).ToList();
        Assert.Equal(seen.Select(l => (l.LineId, RunPartitioning.OfLine(l, 3), l.HouseholdId)), stored.Select(l => (l.LineId, l.Partition, l.HouseholdId)));
        // M1, M2 (H1) and M4's lines each go with their household.
        Assert.Single(stored.Where(l => l.HouseholdId == "H1").Select(l => l.Partition).Distinct());
    }

    protected static RunRow Run(string id) =>
        new() { RunId = id, Kind = "nightly", RunDate = new LocalDate(2026, 3, 5), AsOf = AsOf, RuleSetVersion = "v", StartedAt = AsOf };

    protected static void Fill(IEngineStore store)
    {
        var households = new[] { ("H1", 2026, Registered), ("H3", 2026, Registered), ("H9", 2026, Late), ("H4", 2026, Registered), ("H8", 2026, Moved), ("H6", 2025, Registered) };
        store.AddHouseholds(households.Select(h => new HouseholdRow { HouseholdId = h.Item1, Year = h.Item2, ReferenceIncome = new Money(20_000_00), KnownAt = h.Item3 }),
        [
            Member("H1", "M1", 2026, Registered), Member("H1", "M2", 2026, Registered),
            Member("H3", "M3", 2026, Registered), Member("H9", "M3", 2026, Late),
            Member("H4", "M4", 2026, Registered), Member("H8", "M4", 2026, Moved),
            Member("H6", "M6", 2025, Registered),
        ]);
        var lines = Expected.Select(e => (e.Member, e.Year, Received)).Append(("M2", 2026, Late)).ToList();
        foreach (var (l, i) in lines.Select((l, i) => (l, i)))
            store.AddSending(new SendingRow
                {
                    Channel = "eattest", FileName = $"a{i}", Sha256 = new string((char)('a' + i), 64), Identity = $"a{i}", Raw = [], Status = "accepted",
                    ReceivedAt = l.Item3,
                },
                [
                    new CareLineRow
                    {
                        InvoiceNumber = $"a-{i + 1}", RecordSeq = 1, BeneficiaryId = l.Item1, ProviderId = "P1", Code = 101076,
                        ServiceDate = new LocalDate(l.Item2, 3, 2), Quantity = 1, Billed = new Money(33_73), Conventioned = true, Channel = "eattest",
                        KnownAt = l.Item3,
                    },
                ]);
    }

    private static HouseholdMemberRow Member(string household, string member, int year, Instant at) =>
        new() { HouseholdId = household, BeneficiaryId = member, Year = year, Relation = "titulaire", KnownAt = at };
}

public sealed class WorkListHouseholdsTestsOnSqlite() : WorkListHouseholdsTests(StoreKind.Sqlite)
{
    private static readonly FieldInfo Chunk = typeof(SqliteStore).GetField("WorkListChunk", BindingFlags.Static | BindingFlags.NonPublic)!;

    /// <summary>
    /// Chunks of 1, 2, 4 and 1000 lines (a chunk's lines are looked up in their members' order) make the same work list,
    /// and the one the single statement Start ran before made: each line with its household by a correlated subquery,
    /// in line order.
    /// </summary>
    [Fact]
    public void Any_chunk_makes_the_work_list_of_the_correlated_lookup()
    {
        Fill(Store);
        using var c = new SqliteConnection($"Data Source={StorePath}");
        c.Open();
        var oracle = c.Query<(long, string?)>("""
            SELECT l.line_id, (SELECT m.household_id FROM household_members m
                WHERE m.beneficiary_id = l.beneficiary_id AND m.year = CAST(substr(l.service_date, 1, 4) AS INTEGER) AND m.known_at <= @asOf
                ORDER BY m.known_at DESC LIMIT 1)
            FROM lines_to_compute t CROSS JOIN care_lines l ON l.line_id = t.line_id
            WHERE l.known_at <= @asOf ORDER BY t.line_id
            """, new { asOf = DbTypes.Stored(AsOf) }).AsList();
        Assert.Equal(Expected.Select(e => e.Household), oracle.Select(o => o.Item2));
        var before = (int)Chunk.GetValue(null)!;
        var made = new List<List<(long, string?, long)>>();
        try
        {
            foreach (var size in new[] { 1, 2, 4, 1000 })
            {
                Chunk.SetValue(null, size);
                var runId = $"nightly-2026-03-05-{size}";
                Store.StartRun(Run(runId), _ => 4, RunPartitioning.OfLine);
                made.Add(c.Query<(long, string?, long)>("SELECT line_id, household_id, partition FROM run_lines WHERE run_id = @runId ORDER BY line_id",
                    new { runId }).AsList());
            }
        }
        finally
        {
            Chunk.SetValue(null, before);
        }
        foreach (var list in made)
        {
            Assert.Equal(oracle, list.Select(l => (l.Item1, l.Item2)));
            Assert.Equal(made[0], list);
        }
        // Four partitions: the lines of M1 and M2 (H1) in one, and not all lines in one.
        Assert.Single(made[0].Where(l => l.Item2 == "H1").Select(l => l.Item3).Distinct());
        Assert.True(made[0].Select(l => l.Item3).Distinct().Count() > 1);
    }
}

public sealed class WorkListHouseholdsTestsOnPostgres() : WorkListHouseholdsTests(StoreKind.Postgres);
