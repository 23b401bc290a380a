using Engine.Jobs.Data;
using Npgsql;
using NpgsqlTypes;
using NodaTime;

namespace Engine.Store.Postgres;

public sealed partial class PostgresStore
{
    /// <summary>
    /// Loads every row with one binary COPY on the caller's connection (in its transaction): the registry's hundreds of
    /// thousands of rows in one stream, where the SQLite store rebinds one prepared insert per row.
    /// </summary>
    private static int Copy<T>(NpgsqlConnection c, string tableAndColumns, IEnumerable<T> rows, Action<NpgsqlBinaryImporter, T> write)
    {
        using var importer = c.BeginBinaryImport($"COPY {tableAndColumns} FROM STDIN (FORMAT BINARY)");
        var n = 0;
        foreach (var row in rows)
        {
            importer.StartRow();
            write(importer, row);
            n++;
        }
        importer.Complete();
        return n;
    }
}

/// <summary>Typed writes of a COPY row: each value with its PostgreSQL type, null as null.</summary>
internal static class CopyValues
{
    public static void Text(this NpgsqlBinaryImporter w, string? value)
    {
        if (value is null) w.WriteNull();
        else w.Write(value, NpgsqlDbType.Text);
    }

    public static void Int(this NpgsqlBinaryImporter w, int? value)
    {
        if (value is { } v) w.Write(v, NpgsqlDbType.Integer);
        else w.WriteNull();
    }

    public static void Long(this NpgsqlBinaryImporter w, long? value)
    {
        if (value is { } v) w.Write(v, NpgsqlDbType.Bigint);
        else w.WriteNull();
    }

    public static void Bool(this NpgsqlBinaryImporter w, bool value) => w.Write(value, NpgsqlDbType.Boolean);

    public static void Date(this NpgsqlBinaryImporter w, LocalDate? value)
    {
        if (value is { } d) w.Write(d.ToDateOnly(), NpgsqlDbType.Date);
        else w.WriteNull();
    }

    /// <summary>An instant as the fixed-width text both stores keep (DbTypes.StoredInstant).</summary>
    public static void Instant(this NpgsqlBinaryImporter w, Instant value) => w.Write(DbTypes.Stored(value), NpgsqlDbType.Text);

    public static void Bytes(this NpgsqlBinaryImporter w, byte[] value) => w.Write(value, NpgsqlDbType.Bytea);
}
