using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Engine.Jobs.Data.Sqlite;

/// <summary>
/// One SQL statement of SQLite's own, prepared once on a connection (in whatever transaction it has open) and bound by
/// position (?1, ?2, ...) for each row. Microsoft.Data.Sqlite looks every parameter up by name at every execution and
/// builds a reader for each: most of a row's insert when a run stores its results and items by the ten thousand.
/// The values and their types are the ones it would bind: text, integer (a bool as 0 or 1), null.
/// </summary>
/// <remarks>
/// SQLite keeps a statement's values bound from one row to the next (sqlite3_reset does not clear them), so a value
/// bound again at the same position, the very same string (the run id, the rule set, an outcome, a payee's name on
/// consecutive items), the same integer or null, is not bound again (each bind is a call into SQLite); any other text
/// is converted to UTF-8 into one buffer reused for every row (the bytes SQLitePCL's string overload would pass,
/// without an array for each value).
/// </remarks>
internal sealed class RowStatement : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _statement;
    // What each position holds: nothing known yet, the text of _text[p], the integer _integer[p], or null.
    private enum Held : byte { Unknown, Text, Integer, Null }
    private readonly Held[] _held;
    private readonly string?[] _text;
    private readonly long[] _integer;
    private byte[] _utf8 = new byte[256];

    public RowStatement(SqliteConnection connection, string sql)
    {
        _connection = connection;
        var rc = raw.sqlite3_prepare_v2(connection.Handle, sql, out _statement);
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, connection.Handle);
        var positions = raw.sqlite3_bind_parameter_count(_statement) + 1;
        _held = new Held[positions];
        _text = new string?[positions];
        _integer = new long[positions];
    }

    public void Text(int position, string? value)
    {
        if (value is null)
        {
            Null(position);
            return;
        }
        if (_held[position] == Held.Text && ReferenceEquals(_text[position], value)) return;
        int rc;
        // An empty span binds a null pointer, which SQLite takes for NULL: the empty text goes through the string overload.
        if (value.Length == 0) rc = raw.sqlite3_bind_text(_statement, position, value);
        else
        {
            var most = Encoding.UTF8.GetMaxByteCount(value.Length);
            if (most > _utf8.Length) _utf8 = new byte[Math.Max(most, 2 * _utf8.Length)];
            rc = raw.sqlite3_bind_text(_statement, position, _utf8.AsSpan(0, Encoding.UTF8.GetBytes(value, _utf8)));
        }
        Bound(rc, position, Held.Text);
        _text[position] = value;
    }

    public void Integer(int position, long value)
    {
        if (_held[position] == Held.Integer && _integer[position] == value) return;
        Bound(raw.sqlite3_bind_int64(_statement, position, value), position, Held.Integer);
        _integer[position] = value;
    }

    public void Integer(int position, long? value)
    {
        if (value is { } v) Integer(position, v);
        else Null(position);
    }

    public void Integer(int position, bool value) => Integer(position, value ? 1L : 0L);

    private void Null(int position)
    {
        if (_held[position] == Held.Null) return;
        Bound(raw.sqlite3_bind_null(_statement, position), position, Held.Null);
    }

    private void Bound(int rc, int position, Held held)
    {
        if (rc != raw.SQLITE_OK)
        {
            _held[position] = Held.Unknown;
            SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
        }
        _held[position] = held;
        _text[position] = null;
    }

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

    // ---- Reading a query's rows by column position ----
    // Microsoft.Data.Sqlite's reader (and SQLitePCL's raw calls) take and release the statement's SafeHandle and go
    // through a provider interface for every column of every row: at a million rows of 25 columns, a fifth of the
    // decide phase's reading. These read the statement's columns straight from SQLite, the handle held by this object.

    // The last text read at each column, with its UTF-8 bytes: a column that repeats row after row (the run, a payee's
    // name and account on consecutive items, a purpose, a date) gives back the same string without decoding it again.
    private string?[]? _lastText;
    private byte[][]? _lastBytes;

    /// <summary>Runs the query one row further: true when it gives a row, false when it has none left (then ready to run again).</summary>
    public bool Next()
    {
        var rc = Native.sqlite3_step(_statement.DangerousGetHandle());
        if (rc == raw.SQLITE_ROW) return true;
        raw.sqlite3_reset(_statement);
        if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
        return false;
    }

    /// <summary>Whether the current row's column (0-based) is null.</summary>
    public bool IsNull(int column) => Native.sqlite3_column_type(_statement.DangerousGetHandle(), column) == raw.SQLITE_NULL;

    /// <summary>The current row's column as an integer (0 for null).</summary>
    public long Int64(int column) => Native.sqlite3_column_int64(_statement.DangerousGetHandle(), column);

    /// <summary>The current row's column as text, or null.</summary>
    public unsafe string? TextOrNull(int column)
    {
        var h = _statement.DangerousGetHandle();
        var p = Native.sqlite3_column_text(h, column);
        if (p == null) return null;
        return Encoding.UTF8.GetString(p, Native.sqlite3_column_bytes(h, column));
    }

    /// <summary>The current row's column as text, or null; the same string as the row before when the bytes are the same.</summary>
    public unsafe string? RepeatedTextOrNull(int column)
    {
        var h = _statement.DangerousGetHandle();
        var p = Native.sqlite3_column_text(h, column);
        if (p == null) return null;
        var bytes = new ReadOnlySpan<byte>(p, Native.sqlite3_column_bytes(h, column));
        if (_lastText is null)
        {
            var columns = raw.sqlite3_column_count(_statement);
            _lastText = new string?[columns];
            _lastBytes = new byte[columns][];
        }
        if (_lastText[column] is { } last && bytes.SequenceEqual(_lastBytes![column])) return last;
        var text = Encoding.UTF8.GetString(bytes);
        _lastText[column] = text;
        _lastBytes![column] = bytes.ToArray();
        return text;
    }

    // SQLite's column functions on the statement's pointer, through the library SQLitePCL loads (e_sqlite3). The column
    // functions return at once (no lock held by another thread: a connection is used by one thread), so they skip the
    // runtime's GC transition.
    private static unsafe class Native
    {
        private const string Library = "e_sqlite3";
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)] public static extern int sqlite3_step(IntPtr statement);
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl), SuppressGCTransition] public static extern int sqlite3_column_type(IntPtr statement, int column);
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl), SuppressGCTransition] public static extern long sqlite3_column_int64(IntPtr statement, int column);
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl), SuppressGCTransition] public static extern byte* sqlite3_column_text(IntPtr statement, int column);
        [DllImport(Library, CallingConvention = CallingConvention.Cdecl), SuppressGCTransition] public static extern int sqlite3_column_bytes(IntPtr statement, int column);
    }
}
