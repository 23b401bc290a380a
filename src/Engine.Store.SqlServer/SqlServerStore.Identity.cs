using Dapper;
using Microsoft.Data.SqlClient;

namespace Engine.Store.SqlServer;

public sealed partial class SqlServerStore
{
    private const string StoreIdSql = "SELECT store_id FROM store_identity WHERE singleton = 1";

    public string StoreId()
    {
        using var c = Open();
        return c.ExecuteScalar<string>(StoreIdSql)
               ?? throw new InvalidOperationException("the database has no store identity (migration not applied)");
    }

    // Owned by the session, not waited for (timeout 0): 0 granted, -1 held by another session.
    private const string TryLockRunsSql = """
        DECLARE @resource nvarchar(255) = N'engine-runs:' + SCHEMA_NAME();
        DECLARE @result int;
        EXEC @result = sp_getapplock @Resource = @resource, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 0;
        SELECT @result;
        """;

    private const string UnlockRunsSql = """
        DECLARE @resource nvarchar(255) = N'engine-runs:' + SCHEMA_NAME();
        EXEC sp_releaseapplock @Resource = @resource, @LockOwner = 'Session';
        """;

    private const string ReadCommittedSnapshotSql = "SELECT CAST(is_read_committed_snapshot_on AS int) FROM sys.databases WHERE database_id = DB_ID()";

    private bool? _readsBesideCommits;

    /// <summary>
    /// True when the database has READ_COMMITTED_SNAPSHOT ON (docs/stores.md): plain READ COMMITTED takes shared locks
    /// that wait on a commit's exclusive ones, so a partition read during another's commit would wait for it or deadlock.
    /// Asked once: the option changes only with the database taken offline for everyone.
    /// </summary>
    public bool ReadsBesideCommits => _readsBesideCommits ??= ReadCommittedSnapshot();

    private bool ReadCommittedSnapshot()
    {
        using var c = Open();
        return c.ExecuteScalar<int>(ReadCommittedSnapshotSql) == 1;
    }

    /// <summary>
    /// The runs lock: an application lock owned by the session, on a connection of its own outside the pool (a pooled
    /// connection's session outlives its Dispose), held until disposed; the server drops it when the session ends,
    /// however the process ends.
    /// </summary>
    public IDisposable? TryLockRuns()
    {
        var c = OpenUnpooled();
        if (c.ExecuteScalar<int>(TryLockRunsSql) >= 0) return new RunsLock(c);
        c.Dispose();
        return null;
    }

    private sealed class RunsLock(SqlConnection connection) : IDisposable
    {
        public void Dispose()
        {
            connection.Execute(UnlockRunsSql);
            connection.Dispose();
        }
    }
}
