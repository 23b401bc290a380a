using Engine.Jobs.Data.Sqlite;

namespace Engine.Jobs.Replay;

/// <summary>
/// The scratch store of one replayed run: `engine-replay-ID.db` (with its -wal and -shm) in the scratch folder, and
/// beside it `engine-replay-ID.lock`, held open exclusively for as long as the scratch is in use. The system releases
/// that lock when its process dies however it dies, so a lock that can be taken marks the files of a replay that ended
/// without removing them: <see cref="Sweep"/> removes those, never the files of a replay still running.
/// </summary>
public sealed class ReplayScratch : IDisposable
{
    private const string Prefix = "engine-replay-";
    private readonly FileStream _lock;
    private readonly string _database;

    public SqliteStore Store { get; }

    private ReplayScratch(string folder)
    {
        var name = Prefix + Guid.NewGuid().ToString("N");
        _database = Path.Combine(folder, name + ".db");
        // FileShare.None: an exclusive flock(2) on Unix, a share lock on Windows (as the runs lock of SqliteStore).
        _lock = new FileStream(Path.Combine(folder, name + ".lock"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        Store = SqliteStore.Scratch(_database);
    }

    /// <summary>Removes what replays that ended without cleaning left in the folder, then makes a scratch store there.</summary>
    public static ReplayScratch Create(string folder)
    {
        Directory.CreateDirectory(folder);
        Sweep(folder);
        return new ReplayScratch(folder);
    }

    /// <summary>The scratch folder <paramref name="configured"/> names, or the system's temporary folder.</summary>
    public static string Folder(string configured) => string.IsNullOrWhiteSpace(configured) ? Path.GetTempPath() : Path.GetFullPath(configured);

    /// <summary>Removes the scratch files whose lock no process holds; returns how many scratch stores it removed.</summary>
    public static int Sweep(string folder)
    {
        var removed = 0;
        foreach (var lockFile in Directory.EnumerateFiles(folder, Prefix + "*.lock").Order(StringComparer.Ordinal))
        {
            FileStream taken;
            try { taken = new FileStream(lockFile, FileMode.Open, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) { continue; } // held: a replay running now, in this process or another
            catch (UnauthorizedAccessException) { continue; }
            using (taken)
            {
                if (!Remove(Path.ChangeExtension(lockFile, ".db"))) continue;
            }
            if (Delete(lockFile)) removed++;
        }
        return removed;
    }

    public void Dispose()
    {
        Store.ReleaseFile();
        if (Remove(_database))
        {
            _lock.Dispose();
            Delete(_lock.Name);
        }
        else _lock.Dispose(); // the files stay with their lock released: the next replay's sweep tries again
    }

    /// <summary>Deletes the database and its -wal and -shm; a file that cannot go is logged, never thrown over the replay's own outcome.</summary>
    private static bool Remove(string database) =>
        new[] { database, database + "-wal", database + "-shm" }.Select(Delete).ToList().All(done => done);

    private static bool Delete(string file)
    {
        try
        {
            File.Delete(file);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Serilog.Log.Warning(e, "The replay's scratch file {File} could not be removed", file);
            return false;
        }
    }
}
