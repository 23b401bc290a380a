using Dapper;
using Engine.Jobs.Data.Sqlite;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Data.Sqlite;

namespace Engine.Jobs.Tests.Data;

/// <summary>
/// RowStatement binds by position and skips a value bound again at the same position (the same string, integer or
/// null): what it stores must be, row by row and byte for byte, what Microsoft.Data.Sqlite's named parameters store.
/// </summary>
public sealed class RowStatementTests
{
    // Shared instances, so that rows repeat the very same strings (the skipped binds), and texts that take the other
    // way (empty), one with a NUL, non-ASCII, a lone surrogate and one longer than the first buffer.
    private static readonly string?[] Texts =
        [null, "", "run-1", "a\0b", "Brussel·Bruxelles é ü", "\ud800x", new string('x', 300), "Zoë " + new string('é', 200), "line:42"];

    private static readonly long?[] Integers = [null, 0, 1, -1, 42, long.MaxValue, long.MinValue];

    private static SqliteConnection Open()
    {
        var c = new SqliteConnection("Data Source=:memory:");
        c.Open();
        c.Execute("CREATE TABLE a (n INTEGER, t TEXT, u TEXT, i INTEGER); CREATE TABLE b (n INTEGER, t TEXT, u TEXT, i INTEGER);");
        return c;
    }

    private static List<string> Stored(SqliteConnection c, string table) =>
        c.Query<string>($"SELECT n || '|' || typeof(t) || ':' || hex(t) || '|' || typeof(u) || ':' || hex(u) || '|' || typeof(i) || ':' || quote(i) FROM {table} ORDER BY n").AsList();

    private static void Both(SqliteConnection c, IReadOnlyList<(int T, int U, int I)> rows)
    {
        using (var insert = new RowStatement(c, "INSERT INTO a (n, t, u, i) VALUES (?1, ?2, ?3, ?4)"))
            for (var n = 0; n < rows.Count; n++)
            {
                insert.Integer(1, n); insert.Text(2, Texts[rows[n].T]); insert.Text(3, Texts[rows[n].U]); insert.Integer(4, Integers[rows[n].I]);
                insert.Execute();
            }
        for (var n = 0; n < rows.Count; n++)
            c.Execute("INSERT INTO b (n, t, u, i) VALUES (@n, @t, @u, @i)", new { n, t = Texts[rows[n].T], u = Texts[rows[n].U], i = Integers[rows[n].I] });
    }

    [Fact]
    public void Values_bound_again_or_changed_from_row_to_row_are_stored_as_the_named_parameters_store_them()
    {
        using var c = Open();
        // Text after null after text at one position, the same integer then null then the same integer again, an
        // integer where a text was (position 2 of the first three rows is text, then null, then text again).
        Both(c, [(2, 2, 4), (2, 0, 4), (0, 2, 0), (2, 2, 4), (1, 1, 1), (3, 3, 1), (6, 7, 5), (6, 7, 6), (4, 5, 2)]);

        var stored = Stored(c, "a");
        Assert.Equal(Stored(c, "b"), stored);
        Assert.Equal("0|text:72756E2D31|text:72756E2D31|integer:42", stored[0]);
        Assert.Equal("1|text:72756E2D31|null:|integer:42", stored[1]);
        Assert.Equal("2|null:|text:72756E2D31|null:NULL", stored[2]);
        // The empty text is a text, not null; a NUL is kept inside the text, as Microsoft.Data.Sqlite keeps it.
        Assert.Equal("4|text:|text:|integer:0", stored[4]);
        Assert.Equal("5|text:610062|text:610062|integer:0", stored[5]);
    }

    [FsCheck.Xunit.Property(MaxTest = 100)]
    public Property Any_rows_are_stored_as_the_named_parameters_store_them() =>
        Prop.ForAll(
            Gen.Choose(0, 999).ListOf().ToArbitrary(),
            codes =>
            {
                using var c = Open();
                Both(c, codes.Select(x => (x % Texts.Length, x / 10 % Texts.Length, x / 100 % Integers.Length)).ToList());
                return Stored(c, "a").SequenceEqual(Stored(c, "b"));
            });

    // What RowStatement reads of table a, row by row: each column as text or null (the repeated reader for u), the
    // integer or null.
    private static List<(long N, string? T, string? U, long? I)> ReadRaw(SqliteConnection c)
    {
        var rows = new List<(long, string?, string?, long?)>();
        using var read = new RowStatement(c, "SELECT n, t, u, i FROM a WHERE n >= ?1 ORDER BY n");
        read.Integer(1, 0);
        while (read.Next()) rows.Add((read.Int64(0), read.TextOrNull(1), read.RepeatedTextOrNull(2), read.IsNull(3) ? null : read.Int64(3)));
        return rows;
    }

    private static List<(long N, string? T, string? U, long? I)> ReadNamed(SqliteConnection c)
    {
        var rows = new List<(long, string?, string?, long?)>();
        using var command = c.CreateCommand();
        command.CommandText = "SELECT n, t, u, i FROM a WHERE n >= $n ORDER BY n";
        command.Parameters.AddWithValue("$n", 0);
        using var r = command.ExecuteReader();
        while (r.Read())
            rows.Add((r.GetInt64(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetInt64(3)));
        return rows;
    }

    [Fact]
    public void Rows_read_by_position_are_the_values_the_reader_of_Microsoft_Data_Sqlite_gives()
    {
        using var c = Open();
        // u: the same text twice, null, the same again, then another text and the empty text (not null); i: integers and null.
        Both(c, [(2, 2, 4), (3, 2, 0), (0, 0, 5), (4, 2, 6), (1, 8, 1), (5, 1, 3), (6, 7, 2)]);

        var read = ReadRaw(c);
        Assert.Equal(ReadNamed(c), read);
        Assert.Equal((0L, "run-1", "run-1", 42L), read[0]);
        Assert.Equal((1L, "a\0b", "run-1", (long?)null), read[1]);
        Assert.Equal((2L, null, null, long.MaxValue), read[2]);
        Assert.Equal("line:42", read[4].U);
        Assert.Equal("", read[5].U);
        Assert.Equal(long.MinValue, read[3].I);
        Assert.Equal(new string('x', 300), read[6].T);
    }

    [Fact]
    public void A_text_repeated_from_the_row_before_is_read_as_the_same_string_and_any_other_text_as_its_own()
    {
        using var c = Open();
        c.Execute("INSERT INTO a (n, u) VALUES (0, 'run-1'), (1, 'run-1'), (2, 'run-2'), (3, 'run-1'), (4, 'run-')");
        using var read = new RowStatement(c, "SELECT u FROM a ORDER BY n");
        var texts = new List<string?>();
        while (read.Next()) texts.Add(read.RepeatedTextOrNull(0));

        Assert.Equal(["run-1", "run-1", "run-2", "run-1", "run-"], texts);
        Assert.Same(texts[0], texts[1]);
        Assert.NotSame(texts[1], texts[3]);
        // The statement is ready to run again once its rows are read.
        Assert.True(read.Next());
        Assert.Equal("run-1", read.RepeatedTextOrNull(0));
    }

    [FsCheck.Xunit.Property(MaxTest = 100)]
    public Property Any_rows_are_read_by_position_as_the_reader_of_Microsoft_Data_Sqlite_reads_them() =>
        Prop.ForAll(
            Gen.Choose(0, 999).ListOf().ToArbitrary(),
            codes =>
            {
                using var c = Open();
                Both(c, codes.Select(x => (x % Texts.Length, x / 10 % Texts.Length, x / 100 % Integers.Length)).ToList());
                return ReadRaw(c).SequenceEqual(ReadNamed(c));
            });
}
