using System.Reflection;
using Dapper;
using Engine.Jobs.Data;
using Npgsql;
using NodaTime;

namespace Engine.Store.Postgres;

/// <summary>
/// The PostgreSQL store: the same contract as the SQLite store (<see cref="IEngineStore"/>), file by file, on a server.
/// All of its SQL lives in this class's files. The tables live in the first schema of the connection's search path
/// (<c>Search Path=...</c> in the connection string), so one database can hold several engines.
/// <para>The run lock of the contract (<see cref="IRunStateStore"/>) is a transaction-scoped advisory lock
/// (pg_advisory_xact_lock) on a key of the schema: the transactions that write a run's state take it first and read
/// what the others stored inside it. Inputs that are given keys by the store (sendings, care lines, AC requests) take
/// a second key, so an import does not wait for a run.</para>
/// </summary>
public sealed partial class PostgresStore : IEngineStore, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresStore(string connectionString)
    {
        DbTypes.Register();
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    private NpgsqlConnection Open() => _dataSource.OpenConnection();

    /// <summary>Closes the store's pooled connections.</summary>
    public void Dispose() => _dataSource.Dispose();

    /// <summary>The migrations of this store: Migrations/NNNN_name.sql embedded in this assembly.</summary>
    public static IReadOnlyList<Migrator.Script> Scripts() =>
        Migrator.Scripts(typeof(PostgresStore).Assembly, $"{typeof(PostgresStore).Assembly.GetName().Name}.Migrations.");

    public IReadOnlyList<string> Migrate(Instant now)
    {
        using var c = Open();
        if (c.ExecuteScalar<string?>("SELECT current_schema()") is null)
            throw new InvalidOperationException(
                $"PostgreSQL: no schema of the search path '{c.ExecuteScalar<string>("SHOW search_path")}' exists in database '{c.Database}': create it (CREATE SCHEMA ...) or name an existing one in the connection string's Search Path");
        // Two processes migrating at once: the second waits, then finds the scripts applied.
        c.Execute("SELECT pg_advisory_lock(hashtext('engine-migrate:' || current_schema()))");
        try
        {
            return Migrator.Apply(c, Scripts(), DbTypes.Stored(now)).Select(s => s.Name).ToList();
        }
        finally
        {
            c.Execute("SELECT pg_advisory_unlock(hashtext('engine-migrate:' || current_schema()))");
        }
    }

    private void InTransaction(Action<NpgsqlConnection, NpgsqlTransaction> work)
    {
        using var c = Open();
        using var tx = c.BeginTransaction();
        work(c, tx);
        tx.Commit();
    }

    /// <summary>The run lock (see the class): held until the transaction ends.</summary>
    private static void TakeRunLock(NpgsqlConnection c, NpgsqlTransaction tx) =>
        c.Execute("SELECT pg_advisory_xact_lock(hashtext('engine-run:' || current_schema()))", transaction: tx);

    /// <summary>The inputs' lock: the keys of sendings, care lines and AC requests are given one writer at a time.</summary>
    private static void TakeInputLock(NpgsqlConnection c, NpgsqlTransaction tx) =>
        c.Execute("SELECT pg_advisory_xact_lock(hashtext('engine-inputs:' || current_schema()))", transaction: tx);

    /// <summary>A transaction under the run lock: what SQLite's single writer gives every write of a run.</summary>
    private void UnderRunLock(Action<NpgsqlConnection, NpgsqlTransaction> work) => InTransaction((c, tx) =>
    {
        TakeRunLock(c, tx);
        work(c, tx);
    });

    /// <summary>
    /// The next key of <paramref name="table"/> (the greatest + 1, as SQLite gives a rowid): called under a lock, so no
    /// other transaction takes the same.
    /// </summary>
    private static long NextId(NpgsqlConnection c, NpgsqlTransaction tx, string table, string column) =>
        c.ExecuteScalar<long>($"SELECT COALESCE(MAX({column}), 0) + 1 FROM {table}", transaction: tx);
}
