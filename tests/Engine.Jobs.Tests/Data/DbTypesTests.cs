using Engine.Jobs.Data;
using NodaTime;
using NodaTime.Text;

namespace Engine.Jobs.Tests.Data;

/// <summary>The stored forms read back without the patterns (DbTypes' fast paths) give exactly what the patterns give.</summary>
public sealed class DbTypesTests
{
    [Fact]
    public void Every_day_of_four_centuries_reads_back_as_the_pattern_reads_it()
    {
        for (var d = new LocalDate(1900, 1, 1); d <= new LocalDate(2300, 12, 31); d = d.PlusDays(1))
        {
            var text = DbTypes.Text(d);
            Assert.Equal(LocalDatePattern.Iso.Format(d), text);
            Assert.Equal(LocalDatePattern.Iso.Parse(text).Value, DbTypes.ParseDate(text));
            Assert.Equal(d, DbTypes.ParseDate(System.Text.Encoding.UTF8.GetBytes(text))); // the bytes a store gives back
        }
        Assert.Equal(new LocalDate(1, 1, 1), DbTypes.ParseDate("0001-01-01"));
        Assert.Equal(new LocalDate(9999, 12, 31), DbTypes.ParseDate("9999-12-31"));
        foreach (var d in new[] { new LocalDate(1, 1, 1), new LocalDate(0, 1, 1), new LocalDate(-5, 3, 4), new LocalDate(9999, 12, 31), new LocalDate(33, 7, 8) })
            Assert.Equal(LocalDatePattern.Iso.Format(d), DbTypes.Text(d));
    }

    [Theory]
    [InlineData("2024-02-30")]
    [InlineData("2023-02-29")]
    [InlineData("2024-13-01")]
    [InlineData("2024-00-10")]
    [InlineData("2024-01-00")]
    [InlineData("2024-1-010")]
    [InlineData("2024/01/10")]
    [InlineData("20240110")]
    [InlineData("")]
    public void A_text_that_is_no_date_is_refused_as_the_pattern_refuses_it(string text)
    {
        Assert.False(LocalDatePattern.Iso.Parse(text).Success);
        Assert.Throws<UnparsableValueException>(() => DbTypes.ParseDate(text));
        Assert.Throws<UnparsableValueException>(() => DbTypes.ParseDate(System.Text.Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void Stored_instants_read_back_exactly()
    {
        var random = new Random(7);
        var start = Instant.FromUtc(1970, 1, 1, 0, 0);
        for (var i = 0; i < 20_000; i++)
        {
            var instant = start + Duration.FromNanoseconds(random.NextInt64(0, 200L * 365 * 86_400 * 1_000_000_000));
            var stored = DbTypes.Stored(instant);
            Assert.Equal(instant, DbTypes.ParseInstant(stored));
            Assert.Equal(InstantPattern.ExtendedIso.Parse(stored).Value, DbTypes.ParseInstant(stored));
            Assert.Equal(instant, DbTypes.ParseInstant(DbTypes.Text(instant))); // the trimmed form goes to the pattern
        }
        Assert.Equal(Instant.FromUtc(2024, 2, 29, 23, 59, 59).PlusNanoseconds(999_999_999), DbTypes.ParseInstant("2024-02-29T23:59:59.999999999Z"));
        // The pattern takes 24:00 as the end of the day: left to it, it still does.
        Assert.Equal(Instant.FromUtc(2024, 2, 11, 0, 0), DbTypes.ParseInstant("2024-02-10T24:00:00.000000000Z"));
    }

    [Theory]
    [InlineData("2024-02-30T10:00:00.000000000Z")]
    [InlineData("2024-02-10T10:60:00.000000000Z")]
    [InlineData("2024-02-10T10:00:60.000000000Z")]
    [InlineData("2024-02-10T10:00:00.00000000xZ")]
    [InlineData("2024-02-10 10:00:00.000000000Z")]
    public void A_text_that_is_no_instant_is_refused_as_the_pattern_refuses_it(string text)
    {
        Assert.False(InstantPattern.ExtendedIso.Parse(text).Success);
        Assert.Throws<UnparsableValueException>(() => DbTypes.ParseInstant(text));
    }
}
