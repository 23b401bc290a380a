using Dapper;
using Engine.Core.Money;
using Engine.Host.Hosting;
using Engine.Host.Tests.ExactlyOnce;
using Engine.Jobs.Data;
using Engine.Jobs.Data.Sqlite;
using Engine.Jobs.Recalc;
using Engine.Jobs.Runs;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;

namespace Engine.Host.Tests.RecalcReplay;

/// <summary>Recalculations on the prepared night: nothing changed finds nothing; a late family situation is an undue MAF refund; errors; the Hangfire job.</summary>
[Collection("process-wide")]
public sealed class RecalcTests
{
    private static PreparedNight Night => PreparedNight.Instance;

    private readonly string _work = Path.Combine(PreparedNight.Instance.Root, "scenarios", "recalc-" + Guid.NewGuid().ToString("N")[..8]);
    private string Output => Path.Combine(_work, "output");

    private string Config()
    {
        var path = Path.Combine(_work, "config.json");
        File.WriteAllText(path, $$"""{ "Engine": { "OutputFolder": "{{Output.Replace("\\", "\\\\")}}" } }""");
        return path;
    }

    private (int Code, string Out, string Err) Cli(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Program.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private string NightZero()
    {
        var db = Night.CopyDatabase(_work);
        var (code, output, errors) = Cli("run", "--date", PreparedNight.RunDate, "--confirm-date", PreparedNight.RunDate, "--database", db, "--config", Config());
        Assert.True(code == 0, output + errors);
        return db;
    }

    [Fact]
    public void Recalculating_a_period_in_which_nothing_changed_finds_nothing_not_even_in_the_MAF_refunds_and_indemnities()
    {
        var db = NightZero();
        using (var c = PreparedNight.Open(db))
        {
            Assert.True(c.ExecuteScalar<long>("SELECT COUNT(*) FROM line_results WHERE maf_refund_cents > 0") > 10, "the night has MAF refunds");
            Assert.True(c.ExecuteScalar<long>("SELECT COUNT(*) FROM indemnity_payments") > 0, "the night has indemnity statements");
        }
        var (code, output, errors) = Cli("recalc", "--from", "2023-01-01", "--to", "2024-12-31", "--reason", "audit check", "--by", "auditor",
            "--database", db, "--config", Config());
        Assert.True(code == 0, output + errors);
        Assert.Contains("complements 0 (0.00 EUR) paid by the next run; undue 0 (0.00 EUR) to recover", output);
        var recalc = SqliteStore.ForFile(db).Recalc(1)!;
        using (var c = PreparedNight.Open(db))
        {
            // Every line's insurer amount and MAF refund, and every indemnity statement, recomputed.
            var lines = c.ExecuteScalar<long>("SELECT COUNT(*) FROM line_results");
            var inHouseholds = c.ExecuteScalar<long>("""
                SELECT COUNT(*) FROM care_lines l JOIN household_members m ON m.beneficiary_id = l.beneficiary_id
                 AND m.year = CAST(substr(l.service_date, 1, 4) AS INTEGER)
                """);
            // A line of a member with a payer status (docs/payers.md) is settled on one item per payer that can pay a line
            // (insurance, spp-is, fedasil, justice): three items more than the line's own.
            var withPayerStatuses = c.ExecuteScalar<long>("""
                SELECT COUNT(*) FROM line_results r JOIN care_lines l ON l.line_id = r.line_id
                WHERE EXISTS (SELECT 1 FROM beneficiary_statuses s WHERE s.beneficiary_id = l.beneficiary_id
                              AND s.status IN ('detainee', 'fedasil', 'mediprima', 'war_victim'))
                """);
            Assert.True(withPayerStatuses > 0, "the night has members with payer statuses");
            Assert.Equal(lines + 3 * withPayerStatuses + inHouseholds + c.ExecuteScalar<long>("SELECT COUNT(*) FROM indemnity_payments"), recalc.Items);
        }
        Assert.Single(File.ReadAllLines(Path.Combine(Output, "recalc-1", "recalc.csv")));
    }

    /// <summary>
    /// A family situation declared late: the household above its MAF ceiling had a reference income of bracket 1
    /// (2024: up to 12681.18, ceiling 254.99, rules/ceilings/maf-revenus.csv); its income is declared again, 15000.00,
    /// bracket 2 (up to 22687.05, ceiling 516.92), not chronic. It had counted more than 516.92, so it keeps a refund,
    /// 516.92 - 254.99 = 261.93 smaller: undue MAF refunds, listed for recovery, never deducted from the next payments.
    /// </summary>
    [Fact]
    public void A_family_situation_declared_late_makes_MAF_refunds_undue_and_lists_them_for_recovery_without_deducting_them()
    {
        var db = NightZero();
        var store = SqliteStore.ForFile(db);
        string household;
        HouseholdRow row;
        using (var c = PreparedNight.Open(db))
        {
            household = c.Query<string>("""
                SELECT m.household_id FROM maf_counters m JOIN households h ON h.household_id = m.household_id AND h.year = m.year
                WHERE m.year = 2024 AND m.refunded_cents > 0 AND m.counted_cents > 51692 AND h.chronic = 0 AND h.reference_income_cents <= 1268118
                  AND NOT EXISTS (SELECT 1 FROM household_members x JOIN beneficiaries b ON b.beneficiary_id = x.beneficiary_id
                                  WHERE x.household_id = m.household_id AND x.year = 2024 AND b.birth_date > '2005-01-01')
                ORDER BY m.refunded_cents DESC, m.household_id LIMIT 1
                """).Single();
            var (counted, refunded) = c.QuerySingle<(long, long)>("SELECT counted_cents, refunded_cents FROM maf_counters WHERE household_id = @household", new { household });
            Assert.Equal(25499, counted - refunded);
            row = store.Households(SystemClock.Instance.GetCurrentInstant()).Single(h => h.HouseholdId == household && h.Year == 2024);
        }
        store.AddHouseholds([new HouseholdRow
        {
            HouseholdId = household, Year = 2024, ReferenceIncome = Money.Parse("15000.00"), BimHousehold = row.BimHousehold, Chronic = false,
            KnownAt = SystemClock.Instance.GetCurrentInstant(),
        }], []);

        var (code, output, errors) = Cli("recalc", "--household", household, "--reason", "income 2022 declared late: 15000.00", "--by", "finance.test",
            "--database", db, "--config", Config());
        Assert.True(code == 0, output + errors);
        var found = store.Adjustments(1);
        Assert.NotEmpty(found);
        Assert.All(found, a => Assert.Equal(("undue", "MafRefund", "open"), (a.Kind, a.Purpose, a.Status)));
        Assert.All(found, a => Assert.StartsWith("maf:", a.Item));
        Assert.Equal(Money.Parse("261.93"), found.Aggregate(Money.Zero, (s, a) => s + a.Amount));
        Assert.Contains("undue", output);
        Assert.Contains(found, a => a.ExplanationNow.Contains($"household {household}, 2024 counted again", StringComparison.Ordinal));

        // Never netted: the next run pays no complement and deducts nothing; the recoveries stay listed.
        var (next, nextOut, nextErr) = Cli("run", "--date", PreparedNight.Date.PlusDays(1).ToString("yyyy-MM-dd", null), "--confirm-date", PreparedNight.Date.PlusDays(1).ToString("yyyy-MM-dd", null), "--database", db, "--config", Config());
        Assert.True(next == 0, nextOut + nextErr);
        using (var c = PreparedNight.Open(db))
        {
            Assert.Equal(0L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM run_items WHERE amount_cents < 0 OR source_ref LIKE 'adj:%'"));
            Assert.Equal(found.Count, c.ExecuteScalar<long>("SELECT COUNT(*) FROM recoveries WHERE status = 'open'"));
        }
        // Asked again: the undue amounts are already recorded, nothing more is found.
        Assert.Contains("undue 0 (0.00 EUR)", Cli("recalc", "--household", household, "--reason", "again", "--database", db, "--config", Config()).Out);
    }

    [Fact]
    public void A_recalculation_without_a_scope_or_with_two_and_a_replay_into_a_foreign_folder_are_refused_with_one_line()
    {
        var db = Night.CopyDatabase(_work);
        var (code, _, errors) = Cli("recalc", "--reason", "x", "--database", db);
        Assert.Equal((2, "error: give --member, --household, --provider or --code, or a period --from DATE --to DATE\n"), (code, errors.Replace("\r\n", "\n")));
        (code, _, errors) = Cli("recalc", "--member", "M1", "--code", "101076", "--reason", "x", "--database", db);
        Assert.Equal(2, code);
        Assert.Contains("give one of", errors);
        (code, _, errors) = Cli("recalc", "--code", "1O1076", "--reason", "x", "--database", db);
        Assert.Equal(2, code);
        Assert.Contains("'1O1076' is not a nomenclature code", errors);

        (code, _, errors) = Cli("replay", "--from", "2024-03-05", "--to", "2024-03-05", "--database", db, "--config", Config());
        Assert.Equal(2, code);
        Assert.Contains("no completed run is dated 2024-03-05 to 2024-03-05", errors);
        Assert.Equal(0, Cli("run", "--date", PreparedNight.RunDate, "--confirm-date", PreparedNight.RunDate, "--database", db, "--config", Config()).Code);
        var foreign = Path.Combine(_work, "precious");
        Directory.CreateDirectory(foreign);
        File.WriteAllText(Path.Combine(foreign, "keep.txt"), "mine");
        (code, _, errors) = Cli("replay", "--from", "2024-03-05", "--to", "2024-03-05", "--out", foreign, "--database", db, "--config", Config());
        Assert.Equal(2, code);
        Assert.Contains("is not a replay folder", errors);
        Assert.True(File.Exists(Path.Combine(foreign, "keep.txt")));
    }

    [Fact]
    public async Task A_recalculation_runs_as_a_Hangfire_job_and_is_recorded_with_who_asked_and_why()
    {
        var db = NightZero();
        var settings = new EngineHost.Settings(null, new Dictionary<string, string?>
        {
            ["Engine:Database:ConnectionString"] = $"Data Source={db}", ["Engine:OutputFolder"] = Output,
        }, HangfireServer: true);
        using var host = EngineHost.Build(settings, JobRegistration.Add);
        await host.StartAsync();
        var store = host.Services.GetRequiredService<IEngineStore>();
        var member = store.Results(PreparedNight.RunId).Select(r => store.Lines([r.LineId]).Single().BeneficiaryId).First();
        host.Services.GetRequiredService<IBackgroundJobClient>()
            .Enqueue<RecalcJob>(j => j.Run(member, null, null, null, null, null, "checked after a complaint", "back.office"));
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (store.Recalc(1)?.ReportFile is null && waited.Elapsed < TimeSpan.FromMinutes(2)) await Task.Delay(50);
        await host.StopAsync();
        var recalc = store.Recalc(1);
        Assert.NotNull(recalc);
        Assert.Equal(("back.office", "checked after a complaint", $"member {member}", 0), (recalc.RequestedBy, recalc.Reason, recalc.Scope, recalc.Complements));
        Assert.True(File.Exists(recalc.ReportFile));
    }
}
