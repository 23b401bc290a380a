using Engine.Jobs.Data;
using Engine.Jobs.Tests.Stores;
using NodaTime;

namespace Engine.Jobs.Tests;

/// <summary>
/// A fresh, migrated store (SQLite by default, or the kind given) with a temporary folder, both removed after the test.
/// A test class written on it runs on every store when it is abstract, with one class per store deriving from it.
/// </summary>
public abstract class TempStore : IDisposable
{
    private readonly string _dir;
    private readonly TestStore _store;

    protected IEngineStore Store => _store.Store;

    protected StoreKind Kind => _store.Kind;

    /// <summary>The temporary folder (for a run's outputs, a rules copy...), deleted with the store.</summary>
    protected string Folder => _dir;

    /// <summary>The SQLite store's database file (a SQLite store only).</summary>
    protected string StorePath => _store.Kind == StoreKind.Sqlite ? _store.Connection : throw new InvalidOperationException("not a SQLite store");

    protected TempStore(string prefix, Instant migratedAt, StoreKind kind = StoreKind.Sqlite)
    {
        _dir = Directory.CreateTempSubdirectory(prefix).FullName;
        try
        {
            _store = TestStores.Create(kind, _dir);
            Store.Migrate(migratedAt);
        }
        catch
        {
            Directory.Delete(_dir, recursive: true);
            throw;
        }
    }

    /// <summary>A statement run on the store's database beside the store (a defect the store must refuse...).</summary>
    protected int Execute(string sql) => _store.Execute(sql);

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_dir, recursive: true);
        GC.SuppressFinalize(this);
    }
}
