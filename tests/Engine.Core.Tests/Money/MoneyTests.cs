using Engine.Core.Money;
using FsCheck.Xunit;

namespace Engine.Core.Tests.Money;

public class MoneyTests
{
    [Theory]
    [InlineData("12.34", 1234)]
    [InlineData("0.5", 50)]
    [InlineData("-3.10", -310)]
    [InlineData("7", 700)]
    public void Parses_euros_with_a_dot(string text, long cents) => Assert.Equal(cents, Core.Money.Money.Parse(text).Cents);

    [Theory]
    [InlineData("1.234")]
    [InlineData("1,23")]
    [InlineData("")]
    [InlineData("abc")]
    public void Refuses_what_is_not_an_exact_amount(string text) => Assert.False(Core.Money.Money.TryParse(text, out _));

    [Theory]
    [InlineData(1234, "12.34")]
    [InlineData(5, "0.05")]
    [InlineData(-5, "-0.05")]
    [InlineData(-123456, "-1234.56")]
    public void Formats_with_two_decimals(long cents, string text) => Assert.Equal(text, new Core.Money.Money(cents).ToString());

    [Theory]
    // 25 % of 12.34 = 3.085 -> 3.09 (half away from zero)
    [InlineData(1234, 2500, 309)]
    // 15 % of 10.10 = 1.515 -> 1.52
    [InlineData(1010, 1500, 152)]
    // 50 % of 0.01 = 0.005 -> 0.01
    [InlineData(1, 5000, 1)]
    [InlineData(-1, 5000, -1)]
    // 60 % of 9.99 = 5.994 -> 5.99
    [InlineData(999, 6000, 599)]
    public void Percent_rounds_half_away_from_zero(long cents, int basisPoints, long expected) =>
        Assert.Equal(expected, new Core.Money.Money(cents).Percent(basisPoints).Cents);

    [Property]
    public bool Percent_matches_decimal_rounding(int cents, byte pct)
    {
        var bp = pct * 100;
        var expected = (long)Math.Round(cents * (decimal)bp / 10_000m, MidpointRounding.AwayFromZero);
        return new Core.Money.Money(cents).Percent(bp).Cents == expected;
    }

    [Property]
    public bool Text_round_trips(long cents)
    {
        cents %= 1_000_000_000_000L;
        return Core.Money.Money.Parse(new Core.Money.Money(cents).ToString()).Cents == cents;
    }
}
