using System.Data.Common;
using Dapper;
using Engine.Jobs;
using Engine.Jobs.Ingestion;
using Engine.Jobs.Registry;
using Engine.Jobs.Rules;
using Engine.Store.Postgres;
using NodaTime;
using Npgsql;

namespace Engine.Host.Tests.ExactlyOnce;

public enum NightStore
{
    Sqlite,
    Postgres,
}

/// <summary>
/// One scenario's copy of the prepared night: a SQLite file (<see cref="PreparedNight.CopyDatabase"/>), or a PostgreSQL
/// database cloned from <see cref="PostgresNight"/>'s. Says how the `engine` process reaches it.
/// </summary>
public sealed record NightDatabase(NightStore Store, string Location)
{
    public static NightDatabase Sqlite(string file) => new(NightStore.Sqlite, file);

    public DbConnection Open()
    {
        if (Store == NightStore.Sqlite) return PreparedNight.Open(Location);
        var c = new NpgsqlConnection(Location);
        c.Open();
        return c;
    }

    /// <summary>The environment of an `engine` process on this database.</summary>
    public IReadOnlyDictionary<string, string> Environment => Store == NightStore.Sqlite
        ? new Dictionary<string, string>()
        : new Dictionary<string, string> { ["Engine__Database__Provider"] = "postgres", ["Engine__Database__ConnectionString"] = Location };

    /// <summary>The arguments of an `engine` command on this database.</summary>
    public string[] Arguments => Store == NightStore.Sqlite ? ["--database", Location] : [];
}

/// <summary>
/// The night of <see cref="PreparedNight"/> (the same demo registry and inbox, the same two providers' IBANs broken)
/// imported through the PostgreSQL store into a database of its own, prepared once per test process; each scenario
/// works on a database cloned from it (CREATE DATABASE ... TEMPLATE). Needs ENGINE_TEST_POSTGRES (skipped without it,
/// failed without it when CI=true).
/// </summary>
public sealed class PostgresNight
{
    public const string Variable = "ENGINE_TEST_POSTGRES";
    private static readonly Lazy<PostgresNight> Shared = new(() => new PostgresNight());

    public static PostgresNight Instance => Shared.Value;

    private readonly string _server;
    private readonly string _base;
    private int _scenarios;

    /// <summary>Later than every input of the database: the as-of instant of the runs compared byte for byte.</summary>
    public string AsOf { get; }

    public static string Server()
    {
        var server = System.Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(server)) return server;
        if (string.Equals(System.Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"CI=true and {Variable} is not set: the runs must be tested on PostgreSQL (.ci/run starts a server)");
        throw new SkipException($"{Variable} is not set: the runs are not tested on PostgreSQL");
    }

    private PostgresNight()
    {
        _server = Server();
        var sqlite = PreparedNight.Instance;
        _base = $"engine_night_{System.Environment.ProcessId}_base";
        using (var c = Admin())
        {
            // What an earlier test process left (it cannot drop the night it shares between its tests).
            foreach (var old in c.Query<string>("SELECT datname FROM pg_database WHERE datname LIKE 'engine\\_night\\_%' ESCAPE '\\'").AsList())
                c.Execute($"DROP DATABASE IF EXISTS \"{old}\" WITH (FORCE)");
            c.Execute($"CREATE DATABASE \"{_base}\"");
        }
        var connection = Connection(_base);
        using (var store = new PostgresStore(connection))
        {
            var now = SystemClock.Instance.GetCurrentInstant();
            store.Migrate(now);
            var registry = RegistryCsv.Read(Path.Combine(sqlite.Root, "demo", "registry"), now);
            store.AddProviders(registry.Providers);
            store.AddBeneficiaries(registry.Beneficiaries);
            store.AddStatuses(registry.Statuses);
            store.AddHouseholds(registry.Households, registry.HouseholdMembers);
            var options = new EngineOptions { OutboxFolder = Path.Combine(sqlite.Root, "outbox-postgres") };
            var report = new InboxImport(store, new RuleSetProvider(options), options, SystemClock.Instance, Serilog.Core.Logger.None)
                .ImportFolder(Path.Combine(sqlite.Root, "demo", "inbox"));
            Assert.True(report.Files.All(f => f.Status != "refused"), report.Describe());
            var broken = SystemClock.Instance.GetCurrentInstant();
            store.AddProviders(sqlite.Broken.Select(p => new Engine.Jobs.Data.ProviderRow
            {
                ProviderId = p.ProviderId, Nihii = p.Nihii, Name = p.Name, Kind = p.Kind, Conventioned = p.Conventioned, Iban = p.Iban, KnownAt = broken,
            }).ToList());
            AsOf = Engine.Jobs.Data.DbTypes.Text(SystemClock.Instance.GetCurrentInstant());
        }
        NpgsqlConnection.ClearAllPools();
    }

    private NpgsqlConnection Admin()
    {
        var c = new NpgsqlConnection(_server);
        c.Open();
        return c;
    }

    /// <summary>The base is a template: no connection of this process may stay open on it (no pool).</summary>
    private string Connection(string database, bool pooling = false) =>
        new NpgsqlConnectionStringBuilder(_server) { Database = database, Pooling = pooling }.ConnectionString;

    /// <summary>A database of its own for a scenario, cloned from the prepared night.</summary>
    public NightDatabase CopyDatabase(string name)
    {
        var database = $"engine_night_{System.Environment.ProcessId}_{Interlocked.Increment(ref _scenarios)}";
        using var c = Admin();
        lock (this) c.Execute($"CREATE DATABASE \"{database}\" TEMPLATE \"{_base}\"");
        return new NightDatabase(NightStore.Postgres, Connection(database, pooling: true));
    }

    /// <summary>Drops a scenario's database.</summary>
    public void Drop(NightDatabase db)
    {
        var database = new NpgsqlConnectionStringBuilder(db.Location).Database;
        using var c = Admin();
        c.Execute($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
    }
}
