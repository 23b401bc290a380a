using Dapper;
using Engine.Jobs.Data.Sqlite;
using Engine.Jobs.Runs;
using Engine.Core.Money;
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

    private RunSummary Run(int day, string db)
    {
        var config = Path.Combine(_work, "config.json");
        File.WriteAllText(config, $$"""{ "Engine": { "OutputFolder": "{{Output.Replace("\\", "\\\\")}}", "Run": { "Partitions": 4 } } }""");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Program.Run(["run", "--date", Date(day), "--confirm-date", Date(day), "--database", db, "--config", config], stdout, stderr);
        Assert.True(code == 0, $"run {Date(day)}: exit {code}\n{stdout}\n{stderr}");
        return RunSummary.FromJson(File.ReadAllText(Path.Combine(Output, RunIdOf(day), "summary.json")));
    }

    /// <summary>The night's date plus <paramref name="day"/> days.</summary>
    private static string Date(int day) => PreparedNight.Date.PlusDays(day).ToString("yyyy-MM-dd", null);
    private static string RunIdOf(int day) => RunIds.Nightly(PreparedNight.Date.PlusDays(day));
    private string Pain(int day) => Path.Combine(Output, RunIdOf(day), RunIdOf(day) + ".pain001.xml");

    /// <summary>The run's items payable to the broken providers from the insurance's budget (the items of the other payers
    /// are in their own files and totals: docs/payers.md): source reference, outcome and hold reason.</summary>
    private static List<(string Ref, string Outcome, string? Reason, string Origin, long Cents)> OfBroken(string db, int day)
    {
        using var c = PreparedNight.Open(db);
        return c.Query<(string, string, string?, string, long)>("""
            SELECT source_ref, outcome, hold_reason, origin_run_id, amount_cents FROM run_items
            WHERE run_id = @runId AND payee_kind = 'provider' AND payee_id IN @ids AND payer = 'insurance' ORDER BY source_ref
            """, new { runId = RunIdOf(day), ids = Night.Broken.Select(p => p.ProviderId).ToArray() }).ToList();
    }

    [Fact]
    public void Held_payees_are_paid_once_by_the_first_run_after_their_IBAN_is_corrected_and_never_again()
    {
        var db = Night.CopyDatabase(_work);

        var first = Run(0, db);
        var held = OfBroken(db, 0);
        Assert.NotEmpty(held);
        Assert.All(held, i => Assert.Equal("held", i.Outcome));
        // One provider has no IBAN, the other a mistyped one: two reasons, both in the summary and the report.
        var reasons = held.Select(i => i.Reason!).Distinct().ToList();
        Assert.Equal(2, reasons.Count);
        Assert.All(reasons, r => Assert.Contains(r, first.HeldBackByReason.Keys));
        Assert.Equal(first.HeldBack, first.HeldBackByReason.Values.Sum(g => g.Items));
        var report = File.ReadAllText(Path.Combine(Output, RunIdOf(0), RunIdOf(0) + ".held-back.csv"));
        Assert.All(held, i => Assert.Contains($",{i.Ref},", report));
        var heldCents = held.Sum(i => i.Cents);

        // Not corrected yet: the next run takes the same items over, holds them again and pays them nothing.
        var second = Run(1, db);
        Assert.Equal(held.Select(i => (i.Ref, "held", RunIdOf(0))), OfBroken(db, 1).Select(i => (i.Ref, i.Outcome, i.Origin)));
        Assert.Equal(0, second.CarriedOverPaid);

        // The registry correction (a new row, known later): the next run pays exactly those items, once.
        SqliteStore.ForFile(db).AddProviders(Night.Corrections(SystemClock.Instance.GetCurrentInstant()));
        var third = Run(2, db);
        Assert.Equal(held.Select(i => (i.Ref, "paid", RunIdOf(0))), OfBroken(db, 2).Select(i => (i.Ref, i.Outcome, i.Origin)));
        Assert.Equal(held.Count, third.CarriedOverPaid);
        Assert.Equal(new Money(heldCents).ToString(), third.CarriedOverPaidTotal);

        // Then nobody takes them over again; what is still held (members without a good IBAN) stays held.
        var fourth = Run(3, db);
        Assert.Empty(OfBroken(db, 3));
        Assert.Equal(0, fourth.CarriedOverPaid);

        PreparedNight.Checkpoint(db);
        var before = RunOutcome.Read(Output, db);
        for (int day = 0; day < 4; day++) Run(day, db);
        PreparedNight.Checkpoint(db);
        RunOutcome.Read(Output, db).AssertSameAs(before, "every run started again");

        RunOutcome.AssertPaidExactlyOnce(db, Enumerable.Range(0, 4).Select(Pain).Where(File.Exists));
    }

    [Fact]
    public void The_database_refuses_to_pay_an_item_a_second_time()
    {
        var db = Night.CopyDatabase(_work);
        Run(0, db);
        PreparedNight.Checkpoint(db);
        using var c = PreparedNight.Open(db);
        c.Execute("PRAGMA foreign_keys = ON");
        c.Execute("INSERT INTO runs (run_id, kind, run_date, as_of, rule_set_version, phase, started_at) VALUES ('x', 'nightly', '2024-11-09', 'a', 'v', 'claimed', 'a')");
        var paid = c.QueryFirst<string>("SELECT source_ref FROM run_items WHERE outcome = 'paid' ORDER BY source_ref");
        var e = Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() => c.Execute($"""
            INSERT INTO run_items (run_id, source_ref, origin_run_id, payee_kind, payee_id, payee_name, amount_cents,
                purpose, purpose_rank, execution_date, outcome, end_to_end_id)
            VALUES ('x', '{paid}', 'x', 'provider', 'P', 'P', 100, 'ThirdPartyCare', 0, '2024-11-09', 'paid', 'E2E')
            """));
        Assert.Contains("UNIQUE", e.Message);
        var (kind, id) = c.QueryFirst<(string, long)>("SELECT item_kind, item_id FROM payment_items WHERE paid = 1");
        c.Execute("INSERT INTO payments (run_id, end_to_end_id, payee_kind, payee_id, payee_name, amount_cents, remittance, status) VALUES ('x', 'E2', 'provider', 'P', 'P', 100, '', 'paid')");
        Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() => c.Execute(
            "INSERT INTO payment_items (payment_id, item_kind, item_id, amount_cents, paid) SELECT payment_id, @kind, @id, 100, 1 FROM payments WHERE end_to_end_id = 'E2'",
            new { kind, id }));
    }
}
