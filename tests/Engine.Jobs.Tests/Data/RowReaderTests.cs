using Dapper;
using Engine.Jobs.Data;
using Engine.Jobs.Data.Sqlite;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Engine.Jobs.Tests.Data;

/// <summary>
/// RowReader reads a query's rows by position straight from SQLite's statement and gives a column's text of the row
/// before again when its bytes repeat: what it reads must be, row by row, what Microsoft.Data.Sqlite's reader reads.
/// </summary>
public sealed class RowReaderTests
{
    // Texts that repeat, change back, are empty (not null), hold a NUL, non-ASCII or more than a first buffer, dates and
    // instants stored as the store stores them.
    private static readonly string?[] Texts =
        [null, "", "run-1", "run-2", "a\0b", "Brussel·Bruxelles é ü", new string('x', 300), "Zoë " + new string('é', 200), "line:42", "line:4"];

    private static readonly string?[] Dates = [null, "2024-03-05", "2024-03-06", "2023-12-31"];

    private static readonly string[] Instants = ["2024-03-05T01:00:00Z", "2024-03-05T01:00:00.5Z", "2024-02-29T23:59:59Z"];

    private static readonly long?[] Integers = [null, 0, 1, -1, 42, int.MaxValue, long.MaxValue, long.MinValue];

    private static SqliteConnection Open(IReadOnlyList<int> codes)
    {
        var c = new SqliteConnection("Data Source=:memory:");
        c.Open();
        c.Execute("CREATE TABLE t (n INTEGER, a TEXT, b TEXT, d TEXT, i TEXT, x INTEGER)");
        for (var n = 0; n < codes.Count; n++)
        {
            var k = codes[n];
            c.Execute("INSERT INTO t VALUES (@n, @a, @b, @d, @i, @x)", new
            {
                n, a = Texts[k % Texts.Length], b = Texts[k / 7 % Texts.Length], d = Dates[k / 3 % Dates.Length],
                i = Instants[k / 5 % Instants.Length], x = Integers[k / 11 % Integers.Length],
            });
        }
        return c;
    }

    private const string Query = "SELECT n, a, b, d, i, x FROM t WHERE @from IS NULL OR n >= 0 ORDER BY n";

    private static List<string> ByRowReader(SqliteConnection c)
    {
        var rows = new List<string>();
        using var r = new RowReader(c, Query);
        r.Bind("@from", null);
        while (r.Read())
            rows.Add(string.Join("|", r.Int64(0), Show(r.Text(1)), Show(r.Text(2)), r.NullableDate(3)?.ToString() ?? "null",
                r.Instant(4).ToString(), r.IsNull(5) ? "null" : r.Int64(5).ToString(), r.IsNull(5) || r.Int64(5) is > int.MaxValue or < int.MinValue ? "-" : r.NullableInt32(5).ToString()));
        return rows;
    }

    private static List<string> ByDataReader(SqliteConnection c)
    {
        var rows = new List<string>();
        using var command = c.CreateCommand();
        command.CommandText = Query;
        command.Parameters.AddWithValue("@from", DBNull.Value);
        using var r = command.ExecuteReader();
        while (r.Read())
            rows.Add(string.Join("|", r.GetInt64(0), Show(r.IsDBNull(1) ? null : r.GetString(1)), Show(r.IsDBNull(2) ? null : r.GetString(2)),
                r.IsDBNull(3) ? "null" : DbTypes.ParseDate(r.GetString(3)).ToString(), DbTypes.ParseInstant(r.GetString(4)).ToString(),
                r.IsDBNull(5) ? "null" : r.GetInt64(5).ToString(), r.IsDBNull(5) || r.GetInt64(5) is > int.MaxValue or < int.MinValue ? "-" : r.GetInt32(5).ToString()));
        return rows;
    }

    private static string Show(string? text) => text is null ? "null" : "'" + text + "'";

    [Fact]
    public void A_text_that_repeats_is_the_same_string_and_one_that_changes_back_is_read_again()
    {
        using var c = Open([2, 2, 3, 2, 1, 1, 0, 8, 9, 8]);
        using var r = new RowReader(c, "SELECT a FROM t ORDER BY n");
        var read = new List<string?>();
        while (r.Read()) read.Add(r.Text(0));
        Assert.Equal(["run-1", "run-1", "run-2", "run-1", "", "", null, "line:42", "line:4", "line:42"], read);
        Assert.Same(read[0], read[1]);
        Assert.NotSame(read[1], read[3]);
        Assert.Same(read[4], read[5]);
    }

    [Fact]
    public void Dates_and_instants_follow_their_text_from_row_to_row()
    {
        // Codes 3, 0, 3, 6, 5, 0: dates 2024-03-05, null, 2024-03-05, 2024-03-06, 2024-03-05, null; the instants of codes
        // 6 and 5 the second one, of code 0 the first again.
        using var c = Open([3, 0, 3, 6, 5, 0]);
        using var r = new RowReader(c, "SELECT d, i FROM t ORDER BY n");
        var dates = new List<LocalDate?>();
        var instants = new List<Instant>();
        while (r.Read())
        {
            dates.Add(r.NullableDate(0));
            instants.Add(r.Instant(1));
        }
        Assert.Equal([new LocalDate(2024, 3, 5), null, new LocalDate(2024, 3, 5), new LocalDate(2024, 3, 6), new LocalDate(2024, 3, 5), null], dates);
        Assert.Equal(Instant.FromUtc(2024, 3, 5, 1, 0, 0), instants[2]);
        Assert.Equal(Instant.FromUtc(2024, 3, 5, 1, 0, 0).PlusNanoseconds(500_000_000), instants[3]);
        Assert.Equal(Instant.FromUtc(2024, 3, 5, 1, 0, 0).PlusNanoseconds(500_000_000), instants[4]);
        Assert.Equal(Instant.FromUtc(2024, 3, 5, 1, 0, 0), instants[5]);
    }

    [Fact]
    public void A_parameter_the_query_does_not_have_is_refused()
    {
        using var c = Open([1]);
        using var r = new RowReader(c, "SELECT n FROM t");
        Assert.Throws<ArgumentException>(() => r.Bind("@run", "x"));
    }

    [FsCheck.Xunit.Property(MaxTest = 100)]
    public Property Any_rows_are_read_as_the_data_reader_reads_them() =>
        Prop.ForAll(
            Gen.Choose(0, 9999).ListOf().ToArbitrary(),
            codes =>
            {
                using var c = Open(codes.ToList());
                return ByRowReader(c).SequenceEqual(ByDataReader(c));
            });
}
