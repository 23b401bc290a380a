using Dapper;
using Npgsql;

namespace Engine.Store.Postgres;

public sealed partial class PostgresStore
{
    public string StoreId()
    {
        using var c = Open();
        return c.ExecuteScalar<string>("SELECT store_id FROM store_identity WHERE singleton = 1")
               ?? throw new InvalidOperationException("the database has no store identity (migration not applied)");
    }

    /// <summary>MVCC: a read never waits on another transaction's writes.</summary>
    public bool ReadsBesideCommits => true;

    /// <summary>
    /// The runs lock: a session advisory lock on a key of the schema, held by a connection of its own until disposed;
    /// the server drops it when the session ends, however the process ends.
    /// </summary>
    public IDisposable? TryLockRuns()
    {
        var c = Open();
        if (c.ExecuteScalar<bool>("SELECT pg_try_advisory_lock(hashtext('engine-runs:' || current_schema()))")) return new RunsLock(c);
        c.Dispose();
        return null;
    }

    private sealed class RunsLock(NpgsqlConnection connection) : IDisposable
    {
        public void Dispose()
        {
            connection.Execute("SELECT pg_advisory_unlock(hashtext('engine-runs:' || current_schema()))");
            connection.Dispose();
        }
    }
}
