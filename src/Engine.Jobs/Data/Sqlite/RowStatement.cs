using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Engine.Jobs.Data.Sqlite;

/// <summary>
/// One SQL statement of SQLite's own, prepared once on a connection (in whatever transaction it has open) and bound by
/// position (?1, ?2, ...) for each row. Microsoft.Data.Sqlite looks every parameter up by name at every execution and
/// builds a reader for each: most of a row's insert when a run stores its results and items by the ten thousand.
/// The values and their types are the ones it would bind: text, integer (a bool as 0 or 1), null.
/// </summary>
internal sealed class RowStatement : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _statement;

    public RowStatement(SqliteConnection connection, string sql)
    {
        _connection = connection;
        var rc = raw.sqlite3_prepare_v2(connection.Handle, sql, out _statement);
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, connection.Handle);
    }

    public void Text(int position, string? value)
    {
        if (value is null) raw.sqlite3_bind_null(_statement, position);
        else raw.sqlite3_bind_text(_statement, position, value);
    }

    public void Integer(int position, long value) => raw.sqlite3_bind_int64(_statement, position, value);

    public void Integer(int position, long? value)
    {
        if (value is { } v) raw.sqlite3_bind_int64(_statement, position, v);
        else raw.sqlite3_bind_null(_statement, position);
    }

    public void Integer(int position, bool value) => raw.sqlite3_bind_int64(_statement, position, value ? 1 : 0);

    /// <summary>Runs the statement with the values bound, then makes it ready for the next row.</summary>
    public void Execute()
    {
        var rc = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
    }

    /// <summary>
    /// Runs a query with the values bound and gives the first column of its first row as text (null when it has no row
    /// or the value is null), then makes it ready for the next: a lookup by key, one step.
    /// </summary>
    public string? FirstText()
    {
        var rc = raw.sqlite3_step(_statement);
        string? value = null;
        if (rc == raw.SQLITE_ROW && raw.sqlite3_column_type(_statement, 0) != raw.SQLITE_NULL)
            value = raw.sqlite3_column_text(_statement, 0).utf8_to_string();
        raw.sqlite3_reset(_statement);
        if (rc != raw.SQLITE_ROW && rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
        return value;
    }

    /// <summary>How many rows the last <see cref="Execute"/> inserted, updated or deleted.</summary>
    public int Changes => raw.sqlite3_changes(_connection.Handle);

    public void Dispose() => _statement.Dispose();
}
