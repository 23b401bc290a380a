using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Engine.Jobs.Data.Sqlite;

/// <summary>The embedded store: one SQLite file. All of its SQL lives in this class's files.</summary>
public sealed partial class SqliteStore : IEngineStore
{
    private readonly string _connectionString;
    private readonly bool _scratch;

    public SqliteStore(string connectionString) : this(connectionString, scratch: false) { }

    private SqliteStore(string connectionString, bool scratch)
    {
        DbTypes.Register();
        _scratch = scratch;
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = true, ForeignKeys = !scratch };
        _connectionString = builder.ToString();
        if (builder.DataSource is { Length: > 0 } path && path != ":memory:" && Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir)
            Directory.CreateDirectory(dir);
    }

    public static SqliteStore ForFile(string path) => new($"Data Source={path}");

    private SqliteConnection Open()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        c.Execute(_scratch
            ? "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; PRAGMA busy_timeout = 30000; PRAGMA cache_size = -16384; PRAGMA temp_store = MEMORY;"
            : "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;");
        return c;
    }

    public IReadOnlyList<string> Migrate(Instant now)
    {
        using var c = Open();
        return Migrator.Apply(c, "Sqlite", DbTypes.Stored(now)).Select(s => s.Name).ToList();
    }

    /// <summary>
    /// A set of keys bound as ONE parameter, a JSON array, which the SQL reads back with <see cref="InKeys"/>: an
    /// <c>IN @list</c> of Dapper binds one named parameter per key, and binding by name scans the statement's names for
    /// each (900 keys a statement cost more to bind than to look up: measured, a third of a run's time).
    /// </summary>
    private static string JsonKeys<TKey>(IEnumerable<TKey> keys) => System.Text.Json.JsonSerializer.Serialize(keys.Distinct());

    /// <summary>The SQL of a key's membership in the JSON array of <see cref="JsonKeys"/> bound as <paramref name="parameter"/>.</summary>
    private static string InKeys(string parameter) => $"IN (SELECT value FROM json_each({parameter}))";

    /// <summary>
    /// Runs <paramref name="sql"/> (with an <c>IN (SELECT value FROM json_each(@ids))</c> and an ORDER BY) once for
    /// all the distinct keys, bound as one JSON array.
    /// </summary>
    private List<T> QueryIn<T, TKey>(string sql, IEnumerable<TKey> keys, object? parameters = null)
    {
        using var c = Open();
        var bag = new DynamicParameters(parameters);
        bag.Add("ids", JsonKeys(keys));
        return c.Query<T>(sql, bag).AsList();
    }

    private void InTransaction(Action<SqliteConnection, SqliteTransaction> work)
    {
        using var c = Open();
        using var tx = c.BeginTransaction();
        work(c, tx);
        tx.Commit();
    }
}
