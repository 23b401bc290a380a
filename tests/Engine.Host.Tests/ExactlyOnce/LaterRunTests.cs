using Dapper;
using Engine.Jobs.Data.Sqlite;
using Engine.Jobs.Runs;
using NodaTime;

namespace Engine.Host.Tests.ExactlyOnce;

/// <summary>
/// Payees held back (missing or mistyped IBAN) are carried by every later run until their IBAN is corrected (a
/// registry row known later), then paid once, by one run; a later run pays only what no earlier run paid, and
/// starting any of the runs again changes nothing.
/// </summary>
[Collection("process-wide")]
public sealed class LaterRunTests
{
    private static PreparedNight Night => PreparedNight.Instance;

    private readonly string _work = Path.Combine(PreparedNight.Instance.Root, "scenarios", "later-" + Guid.NewGuid().ToString("N")[..8]);
    private string Output => Path.Combine(_work, "output");

    private RunSummary Run(string date, string db)
    {
        var config = Path.Combine(_work, "config.json");
        File.WriteAllText(config, $$"""{ "Engine": { "OutputFolder": "{{Output.Replace("\\", "\\\\")}}", "Run": { "ChunkCount": 4 } } }""");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Program.Run(["run", "--date", date, "--database", db, "--config", config], stdout, stderr);
        Assert.True(code == 0, $"run {date}: exit {code}\n{stdout}\n{stderr}");
        return RunSummary.FromJson(File.ReadAllText(Path.Combine(Output, "nightly-" + date, "summary.json")));
    }

    private string Pain(string date) => Path.Combine(Output, "nightly-" + date, $"nightly-{date}.pain001.xml");

    private static IReadOnlyList<string> HeldRefs(string db, string runId)
    {
        using var c = PreparedNight.Open(db);
        return c.Query<string>("SELECT source_ref FROM run_items WHERE run_id = @runId AND outcome = 'held' ORDER BY source_ref", new { runId }).ToList();
    }

    [Fact]
    public void Held_payees_are_paid_once_by_the_first_run_after_their_IBAN_is_corrected_and_never_again()
    {
        var db = Night.CopyDatabase(_work);
        var broken = Night.Broken.Select(p => p.ProviderId).ToList();

        var first = Run("2024-11-05", db);
        Assert.True(first.HeldBack > 0);
        // One provider has no IBAN, the other a mistyped one: two reasons, one payee each.
        Assert.Equal(2, first.HeldBackByReason.Count);
        Assert.All(first.HeldBackByReason.Values, g => Assert.Equal(1, g.Payees));
        Assert.Equal(first.HeldBack, first.HeldBackByReason.Values.Sum(g => g.Items));
        var heldFirst = HeldRefs(db, "nightly-2024-11-05");
        var heldReport = File.ReadAllLines(Path.Combine(Output, "nightly-2024-11-05", "nightly-2024-11-05.held-back.csv")).Skip(1).ToList();
        Assert.Equal(first.HeldBack, heldReport.Count);
        Assert.All(heldReport, row => Assert.Contains(broken, b => row.Contains($",{b},", StringComparison.Ordinal)));

        // Not corrected yet: the next run carries the same items, holds them again and pays nothing.
        var second = Run("2024-11-06", db);
        Assert.Equal((0, first.HeldBack, 0, first.HeldBack), (second.Lines, second.CarriedOver, second.CarriedOverPaid, second.HeldBack));
        Assert.Equal(first.HeldBackTotal, second.HeldBackTotal);
        Assert.False(File.Exists(Pain("2024-11-06")));
        Assert.Equal(heldFirst, HeldRefs(db, "nightly-2024-11-06"));

        // The registry correction (a new row, known later): the next run pays exactly what was held, to the right account.
        SqliteStore.ForFile(db).AddProviders(Night.Corrections(SystemClock.Instance.GetCurrentInstant()));
        var third = Run("2024-11-07", db);
        Assert.Equal((first.HeldBack, first.HeldBack, 0), (third.CarriedOver, third.CarriedOverPaid, third.HeldBack));
        Assert.Equal(first.HeldBackTotal, third.CarriedOverPaidTotal);
        Assert.Equal(first.HeldBackTotal, third.PaidTotal);
        Assert.True(File.Exists(Pain("2024-11-07")));

        // Nothing is left to pay.
        var fourth = Run("2024-11-08", db);
        Assert.Equal((0, 0, "0.00"), (fourth.CarriedOver, fourth.Transfers, fourth.PaidTotal));

        PreparedNight.Checkpoint(db);
        var before = RunOutcome.Read(Output, db);
        foreach (var date in new[] { "2024-11-05", "2024-11-06", "2024-11-07", "2024-11-08" }) Run(date, db);
        PreparedNight.Checkpoint(db);
        RunOutcome.Read(Output, db).AssertSameAs(before, "every run started again");

        RunOutcome.AssertPaidExactlyOnce(db, [Pain("2024-11-05"), Pain("2024-11-07")], heldPayees: []);
    }

    [Fact]
    public void The_database_refuses_to_pay_an_item_a_second_time()
    {
        var db = Night.CopyDatabase(_work);
        Run("2024-11-05", db);
        PreparedNight.Checkpoint(db);
        using var c = PreparedNight.Open(db);
        c.Execute("PRAGMA foreign_keys = ON");
        c.Execute("INSERT INTO runs (run_id, kind, run_date, as_of, rule_set_version, status, started_at) VALUES ('x', 'nightly', '2024-11-09', 'a', 'v', 'computed', 'a')");
        c.Execute("INSERT INTO run_chunks (run_id, chunk_id, first_payee, last_payee, items, status) VALUES ('x', 1, 'a', 'b', 1, 'pending')");
        var paid = c.QueryFirst<string>("SELECT source_ref FROM run_items WHERE outcome = 'paid' ORDER BY seq");
        var e = Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() => c.Execute($"""
            INSERT INTO run_items (run_id, seq, source_ref, chunk_id, origin_run_id, payee_kind, payee_id, payee_name, amount_cents,
                purpose, execution_date, outcome, end_to_end_id)
            VALUES ('x', 0, '{paid}', 1, 'x', 'provider', 'P', 'P', 100, 'ThirdPartyCare', '2024-11-09', 'paid', 'E2E')
            """));
        Assert.Contains("UNIQUE", e.Message);
        var (kind, id) = c.QueryFirst<(string, long)>("SELECT item_kind, item_id FROM payment_items WHERE paid = 1");
        c.Execute("INSERT INTO payments (run_id, end_to_end_id, payee_kind, payee_id, payee_name, amount_cents, remittance, status) VALUES ('x', 'E2', 'provider', 'P', 'P', 100, '', 'paid')");
        Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() => c.Execute(
            "INSERT INTO payment_items (payment_id, item_kind, item_id, amount_cents, paid) SELECT payment_id, @kind, @id, 100, 1 FROM payments WHERE end_to_end_id = 'E2'",
            new { kind, id }));
    }
}
