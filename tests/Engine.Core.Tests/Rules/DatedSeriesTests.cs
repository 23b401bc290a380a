using Engine.Core.Rules;
using NodaTime;

namespace Engine.Core.Tests.Rules;

public class DatedSeriesTests
{
    private static Dated<decimal> V(string from, string? to, decimal value, int line) =>
        new(LocalDate.FromDateTime(DateTime.Parse(from)), to is null ? null : LocalDate.FromDateTime(DateTime.Parse(to)), value,
            new RuleOrigin("rules/x.csv", line, "test", Confidence.S));

    [Fact]
    public void Finds_the_value_in_force()
    {
        var s = DatedSeries<decimal>.Create("fee", [V("2024-01-01", "2024-12-31", 31.82m, 2), V("2025-01-01", null, 32.84m, 3)]);
        Assert.Equal(31.82m, s.At(new LocalDate(2024, 12, 31)).Value);
        Assert.Equal(32.84m, s.At(new LocalDate(2025, 1, 1)).Value);
        Assert.Equal(32.84m, s.At(new LocalDate(2030, 6, 1)).Value);
    }

    [Fact]
    public void A_date_before_the_first_value_is_an_error_naming_parameter_and_date()
    {
        var s = DatedSeries<decimal>.Create("fee", [V("2024-01-01", null, 31.82m, 2)]);
        var e = Assert.Throws<RuleCoverageException>(() => s.At(new LocalDate(2023, 12, 31)));
        Assert.Contains("'fee'", e.Message);
        Assert.Contains("2023-12-31", e.Message);
    }

    [Fact]
    public void A_date_after_a_closed_last_value_is_an_error()
    {
        var s = DatedSeries<decimal>.Create("maf", [V("2024-01-01", "2024-12-31", 254.99m, 2)]);
        Assert.Throws<RuleCoverageException>(() => s.At(new LocalDate(2025, 1, 1)));
    }

    [Fact]
    public void An_overlap_is_refused_with_file_and_line()
    {
        var e = Assert.Throws<RuleLoadException>(() =>
            DatedSeries<decimal>.Create("fee", [V("2024-01-01", null, 1m, 2), V("2025-01-01", null, 2m, 3)]));
        Assert.Contains("rules/x.csv:3", e.Message);
        Assert.Contains("overlaps", e.Message);
    }

    [Fact]
    public void A_gap_is_refused_with_file_and_line()
    {
        var e = Assert.Throws<RuleLoadException>(() =>
            DatedSeries<decimal>.Create("fee", [V("2024-01-01", "2024-06-30", 1m, 2), V("2024-08-01", null, 2m, 3)]));
        Assert.Contains("gap from 2024-07-01 to 2024-07-31", e.Message);
    }
}
