using Engine.Jobs.Data.Sqlite;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Engine.Jobs.Tests;

/// <summary>A fresh, migrated SQLite store in a temporary folder, deleted after the test.</summary>
public abstract class TempStore : IDisposable
{
    private readonly string _dir;

    protected SqliteStore Store { get; }

    /// <summary>The temporary folder (for a run's outputs, a rules copy...), deleted with the store.</summary>
    protected string Folder => _dir;

    /// <summary>The store's database file.</summary>
    protected string StorePath => Path.Combine(_dir, "engine.db");

    protected TempStore(string prefix, Instant migratedAt)
    {
        _dir = Directory.CreateTempSubdirectory(prefix).FullName;
        Store = SqliteStore.ForFile(Path.Combine(_dir, "engine.db"));
        Store.Migrate(migratedAt);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
        GC.SuppressFinalize(this);
    }
}
