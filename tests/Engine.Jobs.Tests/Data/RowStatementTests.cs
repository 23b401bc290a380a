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
}
