using Dapper;
using Microsoft.Data.Sqlite;

namespace Engine.Jobs.Data.Sqlite;

public sealed partial class SqliteStore
{
    public string StoreId()
    {
        using var c = Open();
        return c.ExecuteScalar<string>("SELECT store_id FROM store_identity WHERE singleton = 1")
               ?? throw new InvalidOperationException("the database has no store identity (migration 0015 not applied)");
    }

    /// <summary>The database file, or null for an in-memory database (no other process can open it).</summary>
    public string? DatabaseFile
    {
        get
        {
            var source = new SqliteConnectionStringBuilder(_connectionString).DataSource;
            return string.IsNullOrEmpty(source) || source == ":memory:" ? null : Path.GetFullPath(source);
        }
    }

    /// <summary>Write-ahead log: a reader sees the last commit and never waits on the writer.</summary>
    public bool ReadsBesideCommits => true;

    public IDisposable? TryLockRuns()
    {
        if (DatabaseFile is not { } file) return new NoLock();
        try
        {
            // FileShare.None is an exclusive flock(2) on Unix and a share lock on Windows: held by this open file only,
            // dropped by the system when the process ends, however it ends.
            return new FileStream(file + ".runs.lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (IOException) when (File.Exists(file + ".runs.lock"))
        {
            return null;
        }
    }

    private sealed class NoLock : IDisposable
    {
        public void Dispose() { }
    }
}
