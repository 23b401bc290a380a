using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Engine.Jobs.Data.Sqlite;

/// <summary>The embedded store: one SQLite file. All of its SQL lives in this class's files.</summary>
public sealed partial class SqliteStore : IEngineStore
{
    private readonly string _connectionString;

    public SqliteStore(string connectionString)
    {
        DbTypes.Register();
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = true, ForeignKeys = true };
        _connectionString = builder.ToString();
        if (builder.DataSource is { Length: > 0 } path && path != ":memory:" && Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir)
            Directory.CreateDirectory(dir);
    }

    public static SqliteStore ForFile(string path) => new($"Data Source={path}");

    private SqliteConnection Open()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        c.Execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;");
        return c;
    }

    public IReadOnlyList<string> Migrate(Instant now)
    {
        using var c = Open();
        return Migrator.Apply(c, "Sqlite", DbTypes.Stored(now)).Select(s => s.Name).ToList();
    }

    /// <summary>SQLite takes at most 32,766 parameters in a statement: an IN list is sent in chunks of this size.</summary>
    private const int InListChunk = 900;

    /// <summary>
    /// Runs <paramref name="sql"/> (with an <c>IN @ids</c> list and an ORDER BY on the same key) for ascending chunks of
    /// the distinct keys, so the concatenated rows keep the statement's order whatever the number of keys.
    /// </summary>
    private List<T> QueryIn<T, TKey>(string sql, IEnumerable<TKey> keys, object? parameters = null)
    {
        using var c = Open();
        var rows = new List<T>();
        var bag = new DynamicParameters(parameters);
        foreach (var chunk in keys.Distinct().Order().Chunk(InListChunk))
        {
            bag.Add("ids", chunk);
            rows.AddRange(c.Query<T>(sql, bag));
        }
        return rows;
    }

    private void InTransaction(Action<SqliteConnection, SqliteTransaction> work)
    {
        using var c = Open();
        using var tx = c.BeginTransaction();
        work(c, tx);
        tx.Commit();
    }
}
