using Dapper;
using Engine.Jobs.Data;
using Engine.Jobs.Data.Sqlite;
using Engine.Store.Postgres;
using Engine.Store.SqlServer;
using Microsoft.Data.Sqlite;
using Microsoft.Data.SqlClient;
using Npgsql;

namespace Engine.Jobs.Tests.Stores;

/// <summary>The stores the contract tests run on.</summary>
public enum StoreKind
{
    Sqlite,
    Postgres,
    SqlServer,
}

/// <summary>
/// A fresh, empty store of one kind for one test: SQLite, a file in the test's folder; PostgreSQL, a schema of its own
/// in the database <see cref="TestStores.PostgresVariable"/> names, dropped with the store; SQL Server, a database of
/// its own on the server <see cref="TestStores.SqlServerVariable"/> names (the tables in its user's default schema),
/// dropped with the store.
/// </summary>
public sealed class TestStore : IDisposable
{
    private readonly string? _schema;

    public StoreKind Kind { get; }
    public IEngineStore Store { get; }
    /// <summary>The SQLite file, or the server's connection string (PostgreSQL: its search path the test's schema;
    /// SQL Server: its initial catalog the test's database).</summary>
    public string Connection { get; }

    internal TestStore(StoreKind kind, IEngineStore store, string connection, string? schema)
    {
        (Kind, Store, Connection, _schema) = (kind, store, connection, schema);
    }

    /// <summary>Runs a statement on the store's database, outside the store (a defect the store must refuse...).</summary>
    public int Execute(string sql)
    {
        using var c = OpenBeside();
        return c.Execute(sql);
    }

    /// <summary>A count read on the store's database beside the store.</summary>
    public long Count(string sql)
    {
        using var c = OpenBeside();
        return c.ExecuteScalar<long>(sql);
    }

    private System.Data.Common.DbConnection OpenBeside()
    {
        System.Data.Common.DbConnection c = Kind switch
        {
            StoreKind.Sqlite => new SqliteConnection($"Data Source={Connection}"),
            StoreKind.Postgres => new NpgsqlConnection(Connection),
            _ => new SqlConnection(Connection),
        };
        c.Open();
        return c;
    }

    public void Dispose()
    {
        switch (Kind)
        {
            case StoreKind.Sqlite:
                SqliteConnection.ClearAllPools();
                return;
            case StoreKind.Postgres:
            {
                ((PostgresStore)Store).Dispose();
                using var c = new NpgsqlConnection(TestStores.PostgresServer());
                c.Open();
                c.Execute($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE");
                return;
            }
            default:
                ((SqlServerStore)Store).Dispose();
                TestStores.DropSqlServerDatabase(_schema!);
                return;
        }
    }
}

public static class TestStores
{
    /// <summary>The environment variable holding the PostgreSQL connection string of the contract tests (.ci/run sets it).</summary>
    public const string PostgresVariable = "ENGINE_TEST_POSTGRES";

    /// <summary>
    /// The environment variable holding an ADO.NET connection string to a SQL Server (2016 or later) on which the
    /// contract tests may create and drop databases. No machine of the project runs SQL Server: set it by hand.
    /// </summary>
    public const string SqlServerVariable = "ENGINE_TEST_SQLSERVER";

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

    /// <summary>
    /// The SQL Server of the tests. Without one the SQL Server tests are skipped, in CI too (no machine of the project
    /// can run SQL Server), with a message saying the contract was not run on it; its dialect is checked without a
    /// server (SqlServerDialectTests).
    /// </summary>
    public static string SqlServerServer()
    {
        var connection = Environment.GetEnvironmentVariable(SqlServerVariable);
        if (!string.IsNullOrWhiteSpace(connection)) return connection;
        throw new SkipException(
            $"{SqlServerVariable} is not set: SQL Server was not run, the store contract is not tested on it (its SQL is parsed by SqlServerDialectTests); set it to a SQL Server connection string to run it");
    }

    /// <summary>A database of its own on the test's SQL Server; returns its name and its connection string.</summary>
    public static (string Database, string Connection) CreateSqlServerDatabase(string prefix)
    {
        var server = SqlServerServer();
        var database = prefix + Guid.NewGuid().ToString("N");
        using (var c = new SqlConnection(server))
        {
            c.Open();
            c.Execute($"CREATE DATABASE [{database}]", commandTimeout: 120);
        }
        return (database, new SqlConnectionStringBuilder(server) { InitialCatalog = database }.ConnectionString);
    }

    public static void DropSqlServerDatabase(string database)
    {
        SqlConnection.ClearAllPools();
        using var c = new SqlConnection(SqlServerServer());
        c.Open();
        c.Execute($"""
            IF DB_ID(N'{database}') IS NOT NULL
            BEGIN
                ALTER DATABASE [{database}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE;
                DROP DATABASE [{database}];
            END
            """, commandTimeout: 120);
    }

    /// <summary>A fresh store, not migrated; a SQLite one in <paramref name="folder"/> (file engine.db).</summary>
    public static TestStore Create(StoreKind kind, string folder)
    {
        if (kind == StoreKind.Sqlite)
        {
            var path = Path.Combine(folder, "engine.db");
            return new TestStore(kind, SqliteStore.ForFile(path), path, null);
        }
        if (kind == StoreKind.SqlServer)
        {
            var (database, connection) = CreateSqlServerDatabase("engine_test_");
            return new TestStore(kind, new SqlServerStore(connection), connection, database);
        }
        var server = PostgresServer();
        var schema = "engine_test_" + Guid.NewGuid().ToString("N");
        using (var c = new NpgsqlConnection(server))
        {
            c.Open();
            c.Execute($"CREATE SCHEMA \"{schema}\"");
        }
        var pgConnection = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString;
        return new TestStore(kind, new PostgresStore(pgConnection), pgConnection, schema);
    }
}
