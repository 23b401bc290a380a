using Dapper;
using Engine.Jobs.Data;
using Engine.Jobs.Data.Sqlite;
using Engine.Store.Postgres;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Engine.Jobs.Tests.Stores;

/// <summary>The stores the contract tests run on.</summary>
public enum StoreKind
{
    Sqlite,
    Postgres,
}

/// <summary>
/// A fresh, empty store of one kind for one test: SQLite, a file in the test's folder; PostgreSQL, a schema of its own
/// in the database <see cref="TestStores.PostgresVariable"/> names, dropped with the store.
/// </summary>
public sealed class TestStore : IDisposable
{
    private readonly string? _schema;

    public StoreKind Kind { get; }
    public IEngineStore Store { get; }
    /// <summary>The SQLite file, or the PostgreSQL connection string (its search path the test's schema).</summary>
    public string Connection { get; }

    internal TestStore(StoreKind kind, IEngineStore store, string connection, string? schema)
    {
        (Kind, Store, Connection, _schema) = (kind, store, connection, schema);
    }

    /// <summary>Runs a statement on the store's database, outside the store (a defect the store must refuse...).</summary>
    public int Execute(string sql)
    {
        if (Kind == StoreKind.Sqlite)
        {
            using var c = new SqliteConnection($"Data Source={Connection}");
            c.Open();
            return c.Execute(sql);
        }
        using var p = new NpgsqlConnection(Connection);
        p.Open();
        return p.Execute(sql);
    }

    /// <summary>A count read on the store's database beside the store.</summary>
    public long Count(string sql)
    {
        if (Kind == StoreKind.Sqlite)
        {
            using var c = new SqliteConnection($"Data Source={Connection}");
            c.Open();
            return c.ExecuteScalar<long>(sql);
        }
        using var p = new NpgsqlConnection(Connection);
        p.Open();
        return p.ExecuteScalar<long>(sql);
    }

    public void Dispose()
    {
        if (Kind == StoreKind.Sqlite)
        {
            SqliteConnection.ClearAllPools();
            return;
        }
        ((PostgresStore)Store).Dispose();
        using var c = new NpgsqlConnection(TestStores.PostgresServer());
        c.Open();
        c.Execute($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE");
    }
}

public static class TestStores
{
    /// <summary>The environment variable holding the PostgreSQL connection string of the contract tests (.ci/run sets it).</summary>
    public const string PostgresVariable = "ENGINE_TEST_POSTGRES";

    /// <summary>
    /// The PostgreSQL server of the tests. Without one the PostgreSQL tests are skipped, except in CI (CI=true) where they
    /// fail: the contract must never pass there without having run on every store.
    /// </summary>
    public static string PostgresServer()
    {
        var connection = Environment.GetEnvironmentVariable(PostgresVariable);
        if (!string.IsNullOrWhiteSpace(connection)) return connection;
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"CI=true and {PostgresVariable} is not set: the store contract tests must run on PostgreSQL (.ci/run starts a server)");
        throw new SkipException($"{PostgresVariable} is not set: the PostgreSQL store is not tested (.ci/run starts a server and sets it)");
    }

    /// <summary>A fresh store, not migrated; a SQLite one in <paramref name="folder"/> (file engine.db).</summary>
    public static TestStore Create(StoreKind kind, string folder)
    {
        if (kind == StoreKind.Sqlite)
        {
            var path = Path.Combine(folder, "engine.db");
            return new TestStore(kind, SqliteStore.ForFile(path), path, null);
        }
        var server = PostgresServer();
        var schema = "engine_test_" + Guid.NewGuid().ToString("N");
        using (var c = new NpgsqlConnection(server))
        {
            c.Open();
            c.Execute($"CREATE SCHEMA \"{schema}\"");
        }
        var connection = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString;
        return new TestStore(kind, new PostgresStore(connection), connection, schema);
    }
}
