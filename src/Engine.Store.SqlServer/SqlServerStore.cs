using Dapper;
using Engine.Jobs.Data;
using Microsoft.Data.SqlClient;
using NodaTime;

namespace Engine.Store.SqlServer;

/// <summary>
/// The SQL Server store: the same contract as the SQLite and PostgreSQL stores (<see cref="IEngineStore"/>), file by file
/// as <c>PostgresStore</c>, on SQL Server 2016 or later (database compatibility level 130 or more: OPENJSON).
/// All of its SQL lives in this class's files, every statement in a static field whose name ends in <c>Sql</c>, so that a
/// test parses each one with SQL Server's own parser without a server (SqlServerDialectTests).
/// The tables live in the default schema of the connection's database user (<c>SCHEMA_NAME()</c>): SQL Server has no
/// search path, so one database holds several engines through one user per engine, each with its DEFAULT_SCHEMA.
/// <para>The run lock of the contract (<see cref="IRunStateStore"/>) is an application lock owned by the transaction
/// (<c>sp_getapplock</c>, exclusive, on a resource named for the schema): the transactions that write a run's state take
/// it first and read what the others stored inside it. Inputs that are given keys by the store (sendings, care lines, AC
/// requests) take a second resource, so an import does not wait for a run.</para>
/// </summary>
public sealed partial class SqlServerStore : IEngineStore, IDisposable
{
    private readonly string _connectionString;

    public SqlServerStore(string connectionString)
    {
        DbTypes.Register();
        _connectionString = connectionString;
    }

    private SqlConnection Open()
    {
        var c = new SqlConnection(_connectionString);
        c.Open();
        return c;
    }

    /// <summary>A connection outside the pool: a session lock it holds ends when it is disposed, or when the process dies.</summary>
    private SqlConnection OpenUnpooled()
    {
        var c = new SqlConnection(new SqlConnectionStringBuilder(_connectionString) { Pooling = false }.ConnectionString);
        c.Open();
        return c;
    }

    /// <summary>Closes the store's pooled connections.</summary>
    public void Dispose()
    {
        using var c = new SqlConnection(_connectionString);
        SqlConnection.ClearPool(c);
    }

    /// <summary>The migrations of this store: Migrations/NNNN_name.sql embedded in this assembly.</summary>
    public static IReadOnlyList<Migrator.Script> Scripts() =>
        Migrator.Scripts(typeof(SqlServerStore).Assembly, $"{typeof(SqlServerStore).Assembly.GetName().Name}.Migrations.");

    private const string SchemaSql = "SELECT SCHEMA_NAME() AS name, CAST(CASE WHEN SCHEMA_ID(SCHEMA_NAME()) IS NULL THEN 0 ELSE 1 END AS bit) AS present";

    /// <summary>The migrations' ledger, in T-SQL (the Migrator's own is SQLite's and PostgreSQL's CREATE TABLE IF NOT EXISTS).</summary>
    internal const string CreateLedgerSql = """
        IF OBJECT_ID(N'schema_migrations', N'U') IS NULL
            CREATE TABLE schema_migrations (
                version int NOT NULL PRIMARY KEY,
                name nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL,
                sha256 nvarchar(64) COLLATE Latin1_General_100_BIN2 NOT NULL,
                applied_at nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL)
        """;

    // A session lock on a connection of its own: two processes migrating at once, the second waits, then finds the
    // scripts applied. Released by hand, and by the server when the session ends.
    private const string MigrateLockSql = """
        DECLARE @result int;
        EXEC @result = sp_getapplock @Resource = @resource, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = -1;
        IF @result < 0 THROW 51000, 'the migration lock was not granted', 1;
        """;

    private const string MigrateUnlockSql = "EXEC sp_releaseapplock @Resource = @resource, @LockOwner = 'Session';";

    public IReadOnlyList<string> Migrate(Instant now)
    {
        using var c = OpenUnpooled();
        var (schema, present) = c.QuerySingle<(string? Name, bool Present)>(SchemaSql);
        if (schema is null || !present)
            throw new InvalidOperationException(
                $"SQL Server: the default schema '{schema}' of user '{c.ExecuteScalar<string>(CurrentUserSql)}' does not exist in database '{c.Database}': create it (CREATE SCHEMA ...) or give the user an existing one (ALTER USER ... WITH DEFAULT_SCHEMA = ...)");
        var resource = Resource("migrate", schema);
        c.Execute(MigrateLockSql, new { resource });
        try
        {
            return Migrator.Apply(c, Scripts(), DbTypes.Stored(now), CreateLedgerSql).Select(s => s.Name).ToList();
        }
        finally
        {
            c.Execute(MigrateUnlockSql, new { resource });
        }
    }

    private const string CurrentUserSql = "SELECT USER_NAME()";

    /// <summary>The name of an application lock of this schema (its database is the lock's own scope).</summary>
    private static string Resource(string what, string schema) => $"engine-{what}:{schema}";

    private void InTransaction(Action<SqlConnection, SqlTransaction> work)
    {
        using var c = Open();
        using var tx = c.BeginTransaction();
        work(c, tx);
        tx.Commit();
    }

    // An exclusive application lock owned by the transaction: released when it commits or rolls back, so a crashed
    // process never leaves it held. Waits as long as it takes (the holder is a transaction that ends).
    private const string TakeRunLockSql = """
        DECLARE @resource nvarchar(255) = N'engine-run:' + SCHEMA_NAME();
        DECLARE @result int;
        EXEC @result = sp_getapplock @Resource = @resource, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = -1;
        IF @result < 0 THROW 51001, 'the run lock was not granted', 1;
        """;

    private const string TakeInputLockSql = """
        DECLARE @resource nvarchar(255) = N'engine-inputs:' + SCHEMA_NAME();
        DECLARE @result int;
        EXEC @result = sp_getapplock @Resource = @resource, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = -1;
        IF @result < 0 THROW 51002, 'the inputs lock was not granted', 1;
        """;

    /// <summary>The run lock (see the class): held until the transaction ends.</summary>
    private static void TakeRunLock(SqlConnection c, SqlTransaction tx) => c.Execute(TakeRunLockSql, transaction: tx, commandTimeout: 0);

    /// <summary>The inputs' lock: the keys of sendings, care lines and AC requests are given one writer at a time.</summary>
    private static void TakeInputLock(SqlConnection c, SqlTransaction tx) => c.Execute(TakeInputLockSql, transaction: tx, commandTimeout: 0);

    /// <summary>A transaction under the run lock: what SQLite's single writer gives every write of a run.</summary>
    private void UnderRunLock(Action<SqlConnection, SqlTransaction> work) => InTransaction((c, tx) =>
    {
        TakeRunLock(c, tx);
        work(c, tx);
    });

    /// <summary>
    /// The next key of a table (the greatest + 1, as SQLite gives a rowid): called under a lock, so no other transaction
    /// takes the same. <paramref name="sql"/> is one of the NextXxxIdSql statements.
    /// </summary>
    private static long NextId(SqlConnection c, SqlTransaction tx, string sql) => c.ExecuteScalar<long>(sql, transaction: tx);

    private const string NextSendingIdSql = "SELECT COALESCE(MAX(sending_id), 0) + 1 FROM sendings";
    private const string NextLineIdSql = "SELECT COALESCE(MAX(line_id), 0) + 1 FROM care_lines";
    private const string NextAcDecisionIdSql = "SELECT COALESCE(MAX(ac_decision_id), 0) + 1 FROM ac_decisions";
    private const string NextAcStateVersionSql = "SELECT COALESCE(MAX(version), 0) + 1 FROM ac_member_states";
    private const string NextIndemnityPaymentIdSql = "SELECT COALESCE(MAX(indemnity_payment_id), 0) + 1 FROM indemnity_payments";
    private const string NextMafCounterVersionSql = "SELECT COALESCE(MAX(version), 0) + 1 FROM maf_counters";
    private const string NextResultIdSql = "SELECT COALESCE(MAX(result_id), 0) + 1 FROM line_results";
    private const string NextPaymentIdSql = "SELECT COALESCE(MAX(payment_id), 0) + 1 FROM payments";
    private const string NextRecalcIdSql = "SELECT COALESCE(MAX(recalc_id), 0) + 1 FROM recalcs";
}
