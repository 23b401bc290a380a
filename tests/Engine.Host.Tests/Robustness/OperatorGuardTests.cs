using Dapper;
using Engine.Core.Money;
using Engine.Host.Tests.ExactlyOnce;
using Engine.Jobs.Data;
using Engine.Jobs.Data.Sqlite;
using Engine.Jobs.Runs;
using NodaTime;

namespace Engine.Host.Tests.Robustness;

/// <summary>
/// What a tired operator's mistakes give (issue 15, and issue 13's "no command creates a database"): a wrong path, a
/// wrong date, two stores on one output folder, a damaged schema record, a mistyped member, a usage error. Each is one
/// line naming what is wrong and exit code 2, and nothing is claimed, paid or created.
/// </summary>
[Collection("process-wide")]
public sealed class OperatorGuardTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("engine-guards-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Program.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static void AssertOneLine(int expectedCode, (int Code, string Out, string Err) r, params string[] named)
    {
        Assert.True(r.Code == expectedCode, $"exit {r.Code}\n{r.Out}\n{r.Err}");
        Assert.Single(r.Err.Trim().Split('\n'));
        foreach (var n in named) Assert.Contains(n, r.Err);
    }

    private string Config(string output)
    {
        var path = Path.Combine(_root, "config-" + Guid.NewGuid().ToString("N")[..6] + ".json");
        File.WriteAllText(path, $$"""{ "Engine": { "OutputFolder": "{{output.Replace("\\", "\\\\")}}", "Run": { "Partitions": 2 } } }""");
        return path;
    }

    private string Migrated(string name)
    {
        var db = Path.Combine(_root, name);
        Assert.Equal(0, Cli("migrate", "--database", db).Code);
        return db;
    }

    private static long Count(string db, string sql)
    {
        using var c = PreparedNight.Open(db);
        return c.ExecuteScalar<long>(sql);
    }

    public static TheoryData<string[]> CommandsOnADatabase => new()
    {
        { new[] { "run", "--date", "2026-12-06" } },
        { new[] { "explain", "--line", "1" } },
        { new[] { "recalc", "--member", "B1", "--reason", "x" } },
        { new[] { "replay", "--from", "2024-01-01", "--to", "2024-01-02" } },
        { new[] { "import", "efact", typeof(OperatorGuardTests).Assembly.Location } },
    };

    [Theory]
    [MemberData(nameof(CommandsOnADatabase))]
    public void A_mistyped_database_path_is_an_error_naming_it_and_no_database_is_created(string[] command)
    {
        var missing = Path.Combine(_root, "typo", "engnie.db");
        AssertOneLine(2, Cli([.. command, "--database", missing]), missing, "does not exist");
        Assert.False(File.Exists(missing));
        Assert.False(Directory.Exists(Path.GetDirectoryName(missing)));
    }

    [Fact]
    public void The_database_option_is_a_path_not_a_connection_string_and_must_be_a_SQLite_file()
    {
        var db = Migrated("engine.db");
        AssertOneLine(2, Cli("run", "--date", "2026-12-06", "--database", db + ";Mode=ReadWriteCreate"), "file path, not a connection string");
        var text = Path.Combine(_root, "notes.txt");
        File.WriteAllText(text, "not a database at all, but longer than a SQLite header");
        AssertOneLine(2, Cli("explain", "--line", "1", "--database", text), text, "is not a SQLite database");
        Assert.Equal("not a database at all, but longer than a SQLite header", File.ReadAllText(text));
        // migrate and demo are the commands that create one.
        Assert.True(File.Exists(db));
    }

    [Fact]
    public void A_damaged_database_is_an_error_naming_it_with_exit_2_not_a_crash()
    {
        // The header of a SQLite file, then garbage: SQLite refuses it ("file is not a database"), the engine names it.
        var damaged = Path.Combine(_root, "damaged.db");
        var bytes = new byte[8192];
        new Random(15).NextBytes(bytes);
        "SQLite format 3\0"u8.CopyTo(bytes);
        File.WriteAllBytes(damaged, bytes);
        AssertOneLine(2, Cli("explain", "--line", "1", "--database", damaged), $"database '{damaged}'");
    }

    [Theory]
    [InlineData("9999-12-31", "after today")]
    [InlineData("0001-01-01", "before today")]
    public void A_run_date_far_from_today_is_refused_unless_confirmed_and_nothing_is_claimed(string date, string why)
    {
        var db = Migrated("engine.db");
        var output = Path.Combine(_root, "output");
        AssertOneLine(2, Cli("run", "--date", date, "--database", db, "--config", Config(output)), $"run date {date}", why, $"--confirm-date {date}");
        Assert.Equal(0L, Count(db, "SELECT COUNT(*) FROM runs"));
        Assert.False(Directory.Exists(output));
        AssertOneLine(2, Cli("run", "--date", date, "--confirm-date", "2026-12-06", "--database", db, "--config", Config(output)), "does not repeat --date");
        Assert.Equal(0L, Count(db, "SELECT COUNT(*) FROM runs"));

        var confirmed = Cli("run", "--date", date, "--confirm-date", date, "--database", db, "--config", Config(output));
        Assert.True(confirmed.Code == 0, confirmed.Err);
        Assert.Equal(1L, Count(db, "SELECT COUNT(*) FROM runs WHERE phase = 'completed'"));
    }

    [Fact]
    public void A_run_date_before_the_last_completed_run_is_refused_unless_confirmed_but_a_run_that_exists_is_reproduced()
    {
        var db = Migrated("engine.db");
        var output = Path.Combine(_root, "output");
        var today = SystemClock.Instance.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb["Europe/Brussels"]).Date;
        string Day(int d) => today.PlusDays(d).ToString("yyyy-MM-dd", null);
        Assert.Equal(0, Cli("run", "--date", Day(0), "--database", db, "--config", Config(output)).Code);
        AssertOneLine(2, Cli("run", "--date", Day(-1), "--database", db, "--config", Config(output)), $"before the last completed run's date ({Day(0)})");
        Assert.Equal(1L, Count(db, "SELECT COUNT(*) FROM runs"));
        // The run of that date again is only reproduced: no confirmation needed.
        Assert.Equal(0, Cli("run", "--date", Day(0), "--database", db, "--config", Config(output)).Code);
        Assert.Equal(0, Cli("run", "--date", Day(-1), "--confirm-date", Day(-1), "--database", db, "--config", Config(output)).Code);
        Assert.Equal(2L, Count(db, "SELECT COUNT(*) FROM runs WHERE phase = 'completed'"));
    }

    [Fact]
    public void A_run_of_another_database_on_the_same_output_folder_stops_before_it_claims_anything_naming_the_files()
    {
        // The night: a second database ran first (a mistyped path that happened to exist, a test copy) and
        // wrote its files into the real night's folder. The real run then stops before claiming, naming them, instead of
        // deciding every item paid and failing for ever on a payment file it cannot write.
        var night = PreparedNight.Instance;
        var work = Path.Combine(night.Root, "scenarios", "foreign-" + Guid.NewGuid().ToString("N")[..6]);
        var real = night.CopyDatabase(work);
        var stray = Migrated("stray.db");
        var output = Path.Combine(work, "output");
        var args = new[] { "run", "--date", PreparedNight.RunDate, "--confirm-date", PreparedNight.RunDate, "--config", Config(output) };
        Assert.Equal(0, Cli([.. args, "--database", stray]).Code);

        var refused = Cli([.. args, "--database", real]);
        AssertOneLine(2, refused, "belongs to another database", PreparedNight.RunId + ".remittance.csv", "summary.json", "nothing claimed");
        Assert.Equal(0L, Count(real, "SELECT COUNT(*) FROM runs"));
        Assert.Equal(0L, Count(real, "SELECT COUNT(*) FROM run_items"));

        // Its own folder: the real night runs and pays.
        var own = Cli([.. args.SkipLast(1), Config(Path.Combine(work, "output-real")), "--database", real]);
        Assert.True(own.Code == 0, own.Err);
        Assert.True(Count(real, "SELECT COUNT(*) FROM payments") > 0);
        Assert.Equal(File.ReadAllText(Path.Combine(work, "output-real", OutputFolderOwner.MarkerName)).Trim(), SqliteStore.ForFile(real).StoreId());
    }

    [Fact]
    public void A_folder_without_the_store_mark_holding_files_the_run_did_not_write_is_refused_before_the_claim()
    {
        var db = Migrated("engine.db");
        var output = Path.Combine(_root, "output");
        var today = SystemClock.Instance.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb["Europe/Brussels"]).Date;
        var runId = RunIds.Nightly(today);
        Directory.CreateDirectory(Path.Combine(output, runId));
        File.WriteAllText(Path.Combine(output, runId, runId + ".pain001.xml"), "<Document/>");
        AssertOneLine(2, Cli("run", "--date", today.ToString("yyyy-MM-dd", null), "--database", db, "--config", Config(output)),
            runId + ".pain001.xml", "has no store mark");
        Assert.Equal(0L, Count(db, "SELECT COUNT(*) FROM runs"));
    }

    [Fact]
    public void A_schema_record_with_a_short_hash_is_an_error_naming_the_migration_not_a_crash()
    {
        var db = Migrated("engine.db");
        using (var c = PreparedNight.Open(db)) c.Execute("UPDATE schema_migrations SET sha256 = 'abc' WHERE version = 1");
        PreparedNight.Checkpoint(db);
        AssertOneLine(2, Cli("migrate", "--database", db), "migration 0001_initial was changed after it was applied", "'abc'");
    }

    [Fact]
    public void Usage_errors_are_one_line_and_exit_2()
    {
        AssertOneLine(2, Cli("run", "--dat", "2026-12-06"), "--dat");
        AssertOneLine(2, Cli("run"), "--date");
        AssertOneLine(2, Cli("no-such-command"), "no-such-command");
    }

    [Fact]
    public void A_rules_folder_that_is_not_one_is_named_as_such()
    {
        var notRules = Directory.CreateDirectory(Path.Combine(_root, "documents")).FullName;
        var db = Migrated("engine.db");
        AssertOneLine(2, Cli("recalc", "--code", "101076", "--reason", "x", "--rules", notRules, "--database", db, "--config", Config(Path.Combine(_root, "o"))),
            notRules, "is not a rules folder");
    }

    [Theory]
    [InlineData("--member", "B999999999")]
    [InlineData("--household", "H-NOPE")]
    [InlineData("--provider", "P-NOPE")]
    public void Recalculating_an_unknown_member_household_or_provider_is_refused_naming_it(string option, string id)
    {
        var db = Migrated("engine.db");
        AssertOneLine(2, Cli("recalc", option, id, "--reason", "x", "--database", db, "--config", Config(Path.Combine(_root, "o"))), $"'{id}' is not known");
        Assert.Equal(0L, Count(db, "SELECT COUNT(*) FROM recalcs"));
    }

    [Fact]
    public void A_recalculation_killed_after_its_commit_gets_its_report_from_the_next_recalculation()
    {
        var night = PreparedNight.Instance;
        var work = Path.Combine(night.Root, "scenarios", "recalc-killed-" + Guid.NewGuid().ToString("N")[..6]);
        var db = night.CopyDatabase(work);
        var output = Path.Combine(work, "output");
        var config = Config(output);
        Assert.Equal(0, Cli("run", "--date", PreparedNight.RunDate, "--confirm-date", PreparedNight.RunDate, "--database", db, "--config", config).Code);
        // A late income for a household whose 2024 MAF refund was paid: the recalculation finds undue refunds.
        string household;
        using (var c = PreparedNight.Open(db))
            household = c.Query<string>("""
                SELECT m.household_id FROM maf_counters m WHERE m.year = 2024 AND m.refunded_cents > 0 ORDER BY m.refunded_cents DESC, m.household_id LIMIT 1
                """).Single();
        var store = SqliteStore.ForFile(db);
        var row = store.Households(SystemClock.Instance.GetCurrentInstant()).Single(h => h.HouseholdId == household && h.Year == 2024);
        store.AddHouseholds([new HouseholdRow
        {
            HouseholdId = household, Year = 2024, ReferenceIncome = Money.Parse("99000.00"), BimHousehold = false, Chronic = false,
            KnownAt = SystemClock.Instance.GetCurrentInstant(),
        }], []);
        PreparedNight.Checkpoint(db);

        var environment = new Dictionary<string, string> { ["Engine__OutputFolder"] = output, [CrashPoints.Variable] = CrashPoints.RecalcSaved };
        var killed = EngineProcess.Run(work, environment, "recalc", "--household", household, "--reason", "income declared late", "--by", "t", "--database", db);
        Assert.True(killed.Code == 137, killed.ToString());
        var saved = store.Recalc(1)!;
        Assert.Null(saved.ReportFile);
        Assert.True(saved.Undue > 0, "the recalculation found undue refunds");
        Assert.False(Directory.Exists(Path.Combine(output, "recalc-1")));

        environment.Remove(CrashPoints.Variable);
        var next = EngineProcess.Run(work, environment, "recalc", "--household", household, "--reason", "checked again", "--by", "t", "--database", db);
        Assert.True(next.Code == 0, next.ToString());
        Assert.Contains("undue 0 (0.00 EUR)", next.Out);
        var report = File.ReadAllText(Path.Combine(output, "recalc-1", "recalc.txt"));
        Assert.Contains("reason      income declared late", report);
        Assert.Contains($"undue       {saved.Undue}, {saved.UndueTotal} EUR", report);
        var csv = File.ReadAllLines(Path.Combine(output, "recalc-1", "recalc.csv"));
        Assert.Equal(saved.Undue + 1, csv.Length);
        Assert.NotNull(store.Recalc(1)!.ReportFile);
    }
}
