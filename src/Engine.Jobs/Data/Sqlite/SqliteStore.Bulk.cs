using Microsoft.Data.Sqlite;
using NodaTime;

namespace Engine.Jobs.Data.Sqlite;

public sealed partial class SqliteStore
{
    /// <summary>
    /// Inserts every row with one statement prepared once (parameters $p0, $p1, ...) and rebound per row, in the
    /// caller's transaction: the registry's hundreds of thousands of rows without Dapper rebuilding its parameters for each.
    /// </summary>
    private static void InsertAll<T>(SqliteConnection c, SqliteTransaction tx, string sql, int parameters, IEnumerable<T> rows,
        Action<T, SqliteParameter[]> bind)
    {
        using var command = c.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        var values = new SqliteParameter[parameters];
        for (int i = 0; i < parameters; i++) values[i] = command.Parameters.Add(new SqliteParameter($"$p{i}", null));
        command.Prepare();
        foreach (var row in rows)
        {
            bind(row, values);
            command.ExecuteNonQuery();
        }
    }

    private static object Db(LocalDate date) => DbTypes.Text(date);
    private static object Db(LocalDate? date) => date is { } d ? DbTypes.Text(d) : DBNull.Value;
    private static object Db(string? text) => (object?)text ?? DBNull.Value;
    private static object Db(Instant instant) => DbTypes.Stored(instant);
}
