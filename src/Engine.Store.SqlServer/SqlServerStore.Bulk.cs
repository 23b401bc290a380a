using System.Collections;
using System.Data.Common;
using System.Text.Json;
using Engine.Jobs.Data;
using Microsoft.Data.SqlClient;
using NodaTime;

namespace Engine.Store.SqlServer;

/// <summary>A table and the columns a bulk load fills, in the order the row's values are given.</summary>
public sealed record BulkTarget(string Table, params string[] Columns);

public sealed partial class SqlServerStore
{
    /// <summary>
    /// Loads every row with one SqlBulkCopy on the caller's connection, in its transaction: the registry's hundreds of
    /// thousands of rows in one stream, where the SQLite store rebinds one prepared insert per row. CHECK and foreign
    /// key constraints are checked (SqlBulkCopy skips them by default, and leaves them untrusted), NULL stays NULL
    /// (not the column's default), and the load has no time limit.
    /// </summary>
    private static int Copy<T>(SqlConnection c, SqlTransaction tx, BulkTarget target, IEnumerable<T> rows, Func<T, object?[]> values)
    {
        using var bulk = new SqlBulkCopy(c, SqlBulkCopyOptions.CheckConstraints | SqlBulkCopyOptions.KeepNulls, tx)
        {
            DestinationTableName = target.Table,
            BulkCopyTimeout = 0,
        };
        for (var i = 0; i < target.Columns.Length; i++) bulk.ColumnMappings.Add(i, target.Columns[i]);
        using var reader = new RowReader<T>(rows, values, target.Columns);
        bulk.WriteToServer(reader);
        return reader.Rows;
    }

    /// <summary>A date as SqlBulkCopy and SqlClient take it for a <c>date</c> column.</summary>
    private static object? Date(LocalDate? d) => d?.ToDateTimeUnspecified();

    /// <summary>An instant as the fixed-width text every store keeps (DbTypes.StoredInstant).</summary>
    private static string Stored(Instant i) => DbTypes.Stored(i);

    /// <summary>A set of keys as ONE parameter (a JSON array read with OPENJSON), never one parameter per key.</summary>
    private static string Json<T>(IEnumerable<T> keys) => JsonSerializer.Serialize(keys.Distinct().ToArray());

    /// <summary>
    /// The rows of a bulk load as a forward-only reader, each row's values made when it is read: the rows are streamed,
    /// never held in memory together.
    /// </summary>
    private sealed class RowReader<T>(IEnumerable<T> rows, Func<T, object?[]> values, string[] names) : DbDataReader
    {
        private readonly IEnumerator<T> _rows = rows.GetEnumerator();
        private object?[] _current = [];

        public int Rows { get; private set; }

        public override bool Read()
        {
            if (!_rows.MoveNext()) return false;
            _current = values(_rows.Current);
            if (_current.Length != names.Length)
                throw new InvalidOperationException($"a row of {_current.Length} values for {names.Length} columns");
            Rows++;
            return true;
        }

        public override int FieldCount => names.Length;
        public override object GetValue(int ordinal) => _current[ordinal] ?? DBNull.Value;
        public override bool IsDBNull(int ordinal) => _current[ordinal] is null;
        public override string GetName(int ordinal) => names[ordinal];
        public override int GetOrdinal(string name) => Array.IndexOf(names, name);
        public override Type GetFieldType(int ordinal) => _current[ordinal]?.GetType() ?? typeof(object);
        public override string GetDataTypeName(int ordinal) => GetFieldType(ordinal).Name;

        public override int GetValues(object[] target)
        {
            var n = Math.Min(target.Length, names.Length);
            for (var i = 0; i < n; i++) target[i] = GetValue(i);
            return n;
        }

        public override object this[int ordinal] => GetValue(ordinal);
        public override object this[string name] => GetValue(GetOrdinal(name));
        public override bool GetBoolean(int ordinal) => (bool)GetValue(ordinal);
        public override byte GetByte(int ordinal) => (byte)GetValue(ordinal);
        public override char GetChar(int ordinal) => (char)GetValue(ordinal);
        public override DateTime GetDateTime(int ordinal) => (DateTime)GetValue(ordinal);
        public override decimal GetDecimal(int ordinal) => (decimal)GetValue(ordinal);
        public override double GetDouble(int ordinal) => (double)GetValue(ordinal);
        public override float GetFloat(int ordinal) => (float)GetValue(ordinal);
        public override Guid GetGuid(int ordinal) => (Guid)GetValue(ordinal);
        public override short GetInt16(int ordinal) => (short)GetValue(ordinal);
        public override int GetInt32(int ordinal) => (int)GetValue(ordinal);
        public override long GetInt64(int ordinal) => (long)GetValue(ordinal);
        public override string GetString(int ordinal) => (string)GetValue(ordinal);

        public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length)
        {
            var bytes = (byte[])GetValue(ordinal);
            if (buffer is null) return bytes.Length;
            var n = (int)Math.Max(0, Math.Min(length, bytes.Length - dataOffset));
            Array.Copy(bytes, dataOffset, buffer, bufferOffset, n);
            return n;
        }

        public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length)
        {
            var text = (string)GetValue(ordinal);
            if (buffer is null) return text.Length;
            var n = (int)Math.Max(0, Math.Min(length, text.Length - dataOffset));
            text.CopyTo((int)dataOffset, buffer, bufferOffset, n);
            return n;
        }

        public override int Depth => 0;
        public override bool HasRows => true;
        public override bool IsClosed => false;
        public override int RecordsAffected => -1;
        public override bool NextResult() => false;
        public override IEnumerator GetEnumerator() => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _rows.Dispose();
            base.Dispose(disposing);
        }
    }
}
