namespace Engine.Host.Tests.ExactlyOnce;

/// <summary>
/// The prepared night's `engine run` on either store, for the tests that kill it and start it again (at named crash
/// points, at random moments): a scenario's own copy of the database, the process's environment and arguments, and
/// the outcome of the run never interrupted that every restart must end as. On SQLite these are
/// <see cref="KillAndRestartTests"/>'s; on PostgreSQL each scenario is a database cloned from <see cref="PostgresNight"/>'s.
/// </summary>
public static class NightRuns
{
    private static readonly Dictionary<NightStore, Lazy<RunOutcome>> Uninterrupted = new()
    {
        [NightStore.Sqlite] = new(() => KillAndRestartTests.Uninterrupted.Value),
        [NightStore.Postgres] = new(() =>
        {
            var (db, output, work) = Scenario(NightStore.Postgres, "uninterrupted");
            try
            {
                var exit = EngineProcess.Run(work, Environment(db, output), RunArgs(db));
                Assert.True(exit.Code == 0, exit.ToString());
                return RunOutcome.Read(output, db);
            }
            finally
            {
                Drop(db);
            }
        }),
    };

    private static PreparedNight Night => PreparedNight.Instance;

    /// <summary>Skips (or, with CI=true, fails) a test on PostgreSQL when no server is given.</summary>
    public static void Require(NightStore store)
    {
        if (store == NightStore.Postgres) PostgresNight.Server();
    }

    /// <summary>What a run never interrupted leaves on <paramref name="store"/>; computed once per test process.</summary>
    public static RunOutcome UninterruptedOn(NightStore store) => Uninterrupted[store].Value;

    /// <summary>A scenario's work folder (its output folder inside) and its own copy of the night's database; <see cref="Drop"/> it after.</summary>
    public static (NightDatabase Db, string Output, string Work) Scenario(NightStore store, string name)
    {
        var work = Path.Combine(Night.Root, "scenarios", store == NightStore.Sqlite ? name : $"postgres-{name}");
        Directory.CreateDirectory(work);
        var db = store == NightStore.Sqlite ? NightDatabase.Sqlite(Night.CopyDatabase(work)) : PostgresNight.Instance.CopyDatabase(name);
        return (db, Path.Combine(work, "output"), work);
    }

    /// <summary>A PostgreSQL scenario's database is dropped (a SQLite copy stays in the night's folder).</summary>
    public static void Drop(NightDatabase db)
    {
        if (db.Store == NightStore.Postgres) PostgresNight.Instance.Drop(db);
    }

    /// <summary>The environment of the night's runs on <paramref name="db"/> (<see cref="KillAndRestartTests.NightEnvironment"/> and the store).</summary>
    public static Dictionary<string, string> Environment(NightDatabase db, string output)
    {
        var environment = KillAndRestartTests.NightEnvironment(output);
        foreach (var (k, v) in db.Environment) environment[k] = v;
        return environment;
    }

    /// <summary>`run` of the prepared night's date (confirmed), as of the instant its database was prepared at.</summary>
    public static string[] RunArgs(NightDatabase db)
    {
        var asOf = db.Store == NightStore.Sqlite ? Night.AsOf : PostgresNight.Instance.AsOf;
        return ["run", "--date", PreparedNight.RunDate, "--confirm-date", PreparedNight.RunDate, "--as-of", asOf, .. db.Arguments];
    }

    /// <summary>The run's database as another process would read it now (SQLite: its WAL checkpointed into the file).</summary>
    public static void Settle(NightDatabase db)
    {
        if (db.Store == NightStore.Sqlite) PreparedNight.Checkpoint(db.Location);
    }

    /// <summary>The run's payment file, the one <see cref="RunOutcome.AssertPaidExactlyOnce(NightDatabase, IEnumerable{string})"/> checks against.</summary>
    public static string Pain001(string output) => Path.Combine(output, PreparedNight.RunId, PreparedNight.RunId + ".pain001.xml");
}
