using System.Reflection;
using Dapper;
using Engine.Core.Payments;
using Engine.Jobs.Data;
using Engine.Jobs.Data.Sqlite;
using Engine.Jobs.Runs;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Engine.Jobs.Tests.Data;

using Money = Engine.Core.Money.Money;

/// <summary>
/// How SQLite reads a run's items after the decision (issue 11): the unpaid items through their own index (migration
/// 0048), not every item of the run looked up for its outcome; the ledger's items in rowid order between the run's
/// first and last rowid, not at random through the run's key. Each read still holds the run's own items only, whatever
/// other run's rows lie between them.
/// </summary>
public sealed class RunItemsReadPlanTests : TempStore
{
    private static readonly Instant T = Instant.FromUtc(2024, 11, 5, 1, 0);

    public RunItemsReadPlanTests() : base("engine-items-plan-", T)
    {
        foreach (var day in new[] { 5, 6 })
            Store.StartRun(new RunRow { RunId = Run(day), Kind = "nightly", RunDate = new LocalDate(2024, 11, day), AsOf = T, RuleSetVersion = "v", StartedAt = T });
    }

    private static string Run(int day) => $"nightly-2024-11-{day:00}";

    private static PayableItem Item(string sourceRef, string payee, long cents, string? iban = "BE68539007547034") =>
        new(sourceRef, PayeeKind.Member, payee, "Member " + payee, iban, new Money(cents), PaymentPurpose.DirectRefund, new LocalDate(2024, 11, 5));

    private List<string> Plan(string sql, object parameters)
    {
        using var c = new SqliteConnection($"Data Source={StorePath}");
        c.Open();
        return c.Query("EXPLAIN QUERY PLAN " + sql, parameters).Select(r => (string)r.detail).ToList();
    }

    private static string Sql(string field) =>
        (string)typeof(SqliteStore).GetField(field, BindingFlags.Static | BindingFlags.NonPublic)!.GetValue(null)!;

    [Fact]
    public void The_unpaid_items_are_read_through_their_own_index()
    {
        var plan = Plan(Sql("UnpaidItemsSql"), new { runId = Run(5), payer = (string?)null });
        Assert.Contains(plan, d => d.StartsWith("SEARCH run_items USING INDEX ix_run_items_unpaid (run_id=? AND outcome=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, d => d.StartsWith("SCAN", StringComparison.Ordinal));
    }

    [Fact]
    public void The_ledger_reads_the_runs_items_in_rowid_order_and_finds_each_payment_by_its_key()
    {
        var plan = Plan(Sql("LedgerItemsSql"), new { runId = Run(5), first = 1L, last = 10L });
        Assert.Equal("SEARCH i USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)", plan[0]);
        Assert.Contains(plan, d => d.StartsWith("SEARCH p USING", StringComparison.Ordinal) && d.EndsWith("(end_to_end_id=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, d => d.StartsWith("SCAN", StringComparison.Ordinal));
    }

    [Fact]
    public void The_unpaid_items_and_the_ledger_hold_the_runs_own_items_whatever_rows_lie_between_them()
    {
        // Run 5: M1 paid 10.00 (line:1, and line:6 stored after run 6's row, so inside run 5's rowids lies one of run 6),
        // M2 held (no IBAN), M3 zero, M4 to recover. Run 6: M1 paid 3.00 (line:5), M6 held (no IBAN).
        Store.SaveResults(Run(5), [], [], items: new[] { Item("line:1", "M1", 1_000), Item("line:2", "M2", 700, iban: null),
            Item("line:3", "M3", 0), Item("line:4", "M4", -500) }.Select(i => RunItems.Row(Run(5), 0, Run(5), i)).ToList());
        Store.SaveResults(Run(6), [], [], items: new[] { Item("line:5", "M1", 300), Item("line:7", "M6", 900, iban: null) }
            .Select(i => RunItems.Row(Run(6), 0, Run(6), i)).ToList());
        Execute("""
            INSERT INTO run_items (run_id, source_ref, origin_run_id, partition, payee_kind, payee_id, payee_name, iban, amount_cents, purpose,
                purpose_rank, execution_date, outcome, payer)
            VALUES ('nightly-2024-11-05', 'line:6', 'nightly-2024-11-05', 0, 'member', 'M1', 'Member M1', 'BE68539007547034', 250,
                'DirectRefund', 1, '2024-11-05', 'pending', 'insurance')
            """);
        using (var c = new SqliteConnection($"Data Source={StorePath}"))
        {
            c.Open();
            // The rows interleave: run 5's rowids span one of run 6's.
            Assert.Equal(["nightly-2024-11-05", "nightly-2024-11-05", "nightly-2024-11-05", "nightly-2024-11-05", "nightly-2024-11-06",
                "nightly-2024-11-06", "nightly-2024-11-05"], c.Query<string>("SELECT run_id FROM run_items ORDER BY rowid"));
        }
        foreach (var day in new[] { 5, 6 })
        {
            Assert.True(Store.Claim(Run(day), T, (_, _) => []));
            Assert.True(Store.Decide(Run(day), items => RunDecisions.Decide(Run(day), items)));
        }

        Assert.Equal([("line:2", "held"), ("line:4", "to_recover"), ("line:3", "zero")], Store.UnpaidItems(Run(5)).Select(i => (i.SourceRef, i.Outcome)));
        Assert.Equal([("line:7", "held")], Store.UnpaidItems(Run(6)).Select(i => (i.SourceRef, i.Outcome)));

        foreach (var day in new[] { 5, 6 })
        {
            Assert.True(Store.Advance(Run(day), RunPhase.Decided, RunPhase.FilesWritten, "{}"));
            Assert.True(Store.CompleteRun(Run(day), "pain.xml", T));
        }
        using var db = new SqliteConnection($"Data Source={StorePath}");
        db.Open();
        var ledger = db.Query<(string Run, string Status, string Kind, long Id, long Cents)>("""
            SELECT p.run_id, p.status, i.item_kind, i.item_id, i.amount_cents FROM payment_items i JOIN payments p ON p.payment_id = i.payment_id
            ORDER BY i.rowid
            """).ToList();
        // Each run's paid and held items, in the key's order (kind, id), run 5's first: 10.00 + 2.50 paid to M1 in one
        // transfer, 7.00 held; then run 6's. Neither the zero nor the recovery is in the ledger.
        Assert.Equal([
            (Run(5), "paid", "line", 1L, 1_000L), (Run(5), "held", "line", 2L, 700L), (Run(5), "paid", "line", 6L, 250L),
            (Run(6), "paid", "line", 5L, 300L), (Run(6), "held", "line", 7L, 900L)], ledger);
    }
}
