using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using NodaTime;
using SQLitePCL;

namespace Engine.Jobs.Data.Sqlite;

/// <summary>
/// One query of SQLite's own, prepared on a connection, its rows read by column position straight from the statement,
/// for the reads of a run by the hundred thousand rows (the file phase's results, items and transfers). Microsoft.Data.Sqlite's
/// reader, and SQLitePCL's calls under it, take and release the statement's SafeHandle at every column read (measured on
/// the million-line night: a tenth of the file phase's samples in SafeHandle's reference counting alone); here the
/// statement is held once for the whole read and each column is one call into SQLite.
/// The values read are those Microsoft.Data.Sqlite reads: a text is SQLite's UTF-8 text of the value (sqlite3_column_text),
/// an integer its sqlite3_column_int64, null when sqlite3_column_type is NULL. A column that repeats its text from one row
/// to the next (a run id, an outcome, a payer, a date) gives the very same string again, decoded once, and a date or an
/// instant parsed once.
/// </summary>
internal sealed unsafe class RowReader : IDisposable
{
    private const string Library = "e_sqlite3";

    [DllImport(Library)] private static extern int sqlite3_step(IntPtr statement);
    [DllImport(Library)] private static extern int sqlite3_column_type(IntPtr statement, int column);
    [DllImport(Library)] private static extern long sqlite3_column_int64(IntPtr statement, int column);
    [DllImport(Library)] private static extern byte* sqlite3_column_text(IntPtr statement, int column);
    [DllImport(Library)] private static extern int sqlite3_column_bytes(IntPtr statement, int column);

    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _statement;
    private readonly IntPtr _handle;
    private bool _held;
    // Each column's text of the row before (its UTF-8 bytes and its string), and the date or instant parsed from it.
    private readonly byte[][] _bytes;
    private readonly int[] _length;
    private readonly string?[] _text;
    private readonly string?[] _parsedFrom;
    private readonly LocalDate[] _date;
    private readonly Instant[] _instant;

    public RowReader(SqliteConnection connection, string sql)
    {
        _connection = connection;
        var rc = raw.sqlite3_prepare_v2(connection.Handle, sql, out _statement);
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, connection.Handle);
        var success = false;
        _statement.DangerousAddRef(ref success);
        _held = success;
        _handle = _statement.DangerousGetHandle();
        var columns = raw.sqlite3_column_count(_statement);
        _bytes = new byte[columns][];
        for (var i = 0; i < columns; i++) _bytes[i] = [];
        _length = new int[columns];
        _text = new string?[columns];
        _parsedFrom = new string?[columns];
        _date = new LocalDate[columns];
        _instant = new Instant[columns];
    }

    /// <summary>Binds a named parameter (as written in the SQL, with its prefix) to a text, or null.</summary>
    public void Bind(string name, string? value)
    {
        var position = raw.sqlite3_bind_parameter_index(_statement, name);
        if (position == 0) throw new ArgumentException($"no parameter {name} in the query", nameof(name));
        var rc = value is null ? raw.sqlite3_bind_null(_statement, position) : raw.sqlite3_bind_text(_statement, position, value);
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
    }

    /// <summary>Steps to the next row: false once the rows are read.</summary>
    public bool Read()
    {
        var rc = sqlite3_step(_handle);
        if (rc == raw.SQLITE_ROW) return true;
        if (rc == raw.SQLITE_DONE) return false;
        SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
        return false;
    }

    public bool IsNull(int column) => sqlite3_column_type(_handle, column) == raw.SQLITE_NULL;

    public long Int64(int column) => sqlite3_column_int64(_handle, column);

    public int Int32(int column) => checked((int)sqlite3_column_int64(_handle, column));

    public int? NullableInt32(int column) => IsNull(column) ? null : Int32(column);

    /// <summary>The column's text; null when it is null.</summary>
    public string? Text(int column)
    {
        // SQLite gives no pointer for a null value (the empty text has one).
        var p = sqlite3_column_text(_handle, column);
        if (p == null) return null;
        var n = sqlite3_column_bytes(_handle, column);
        var bytes = new ReadOnlySpan<byte>(p, n);
        if (_text[column] is { } last && _length[column] == n && bytes.SequenceEqual(_bytes[column].AsSpan(0, n))) return last;
        // The text decoded first, the cache changed after: a failed decoding leaves no bytes paired with another text.
        var text = n == 0 ? "" : Encoding.UTF8.GetString(p, n);
        if (_bytes[column].Length < n) _bytes[column] = new byte[Math.Max(n, 2 * _bytes[column].Length)];
        bytes.CopyTo(_bytes[column]);
        _length[column] = n;
        return _text[column] = text;
    }

    /// <summary>The column's text, which is not null.</summary>
    public string String(int column) => Text(column) ?? throw new InvalidCastException($"column {column} is null");

    /// <summary>The column's date (stored as its text); null when it is null.</summary>
    public LocalDate? NullableDate(int column) => Text(column) is { } text ? DateOf(column, text) : null;

    public LocalDate Date(int column) => DateOf(column, String(column));

    public Instant Instant(int column)
    {
        var text = String(column);
        if (!ReferenceEquals(_parsedFrom[column], text))
        {
            _instant[column] = DbTypes.ParseInstant(text);
            _parsedFrom[column] = text;
        }
        return _instant[column];
    }

    private LocalDate DateOf(int column, string text)
    {
        if (!ReferenceEquals(_parsedFrom[column], text))
        {
            _date[column] = DbTypes.ParseDate(text);
            _parsedFrom[column] = text;
        }
        return _date[column];
    }

    public void Dispose()
    {
        if (_held)
        {
            _statement.DangerousRelease();
            _held = false;
        }
        _statement.Dispose();
    }
}
