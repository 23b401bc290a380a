using Engine.Core.Ceilings;
using Engine.Core.Rules;
using static Engine.Core.Tests.Ceilings.MafFixture;

namespace Engine.Core.Tests.Ceilings;

public class MafCeilingTests
{
    private static MafCeiling Ceiling(int year, string? income, bool bim = false, bool chronic = false) =>
        MafCeilings.For(TestRules(), new MafHousehold("H1", year, income is null ? null : M(income), bim, chronic));

    [Fact]
    public void The_income_bracket_gives_the_MAF_revenus_ceiling()
    {
        // 2024: 12,681.18 < 20,000.00 <= 22,687.05 -> bracket 2 -> 516.92
        Assert.Equal(M("516.92"), Ceiling(2024, "20000.00").Household);
        // A bound is inclusive: 2023 income exactly 12,186.41 -> bracket 1 -> 250.00; one cent more -> bracket 2, 506.79
        Assert.Equal(M("250.00"), Ceiling(2023, "12186.41").Household);
        Assert.Equal(M("506.79"), Ceiling(2023, "12186.42").Household);
        // 2022: above 51,516.72 -> the top bracket, 2,027.16
        Assert.Equal(M("2027.16"), Ceiling(2022, "80000.00").Household);
    }

    [Fact]
    public void A_BIM_household_gets_the_MAF_social_when_it_is_lower()
    {
        // 2023, income 40,000.00: bracket 4 (33,516.33 < 40,000 <= 45,230.81) = 1,126.20; MAF social 506.79 is lower
        var c = Ceiling(2023, "40000.00", bim: true);
        Assert.Equal(M("506.79"), c.Household);
        Assert.Contains(c.Explanation, s => s.RuleId == "maf.social" && s.Text.Contains("506.79") && s.Origin is not null);
        // 2023, income 10,000.00: bracket 1 = 250.00, lower than 506.79: the more favourable bracket stays
        Assert.Equal(M("250.00"), Ceiling(2023, "10000.00", bim: true).Household);
        // 2024, BIM without a known income: MAF social 516.92
        Assert.Equal(M("516.92"), Ceiling(2024, null, bim: true).Household);
    }

    [Fact]
    public void The_chronic_illness_status_lowers_the_household_ceiling()
    {
        // 2023, income 25,000.00: bracket 3 (21,801.89 < 25,000 <= 33,516.33) = 732.03; 732.03 - 112.62 = 619.41
        Assert.Equal(M("619.41"), Ceiling(2023, "25000.00", chronic: true).Household);
        // 2024: bracket 3 (22,687.05 < 25,000 <= 34,877.09) = 746.66; 746.66 - 114.87 = 631.79
        Assert.Equal(M("631.79"), Ceiling(2024, "25000.00", chronic: true).Household);
        // BIM and chronic, 2024: 516.92 - 114.87 = 402.05
        Assert.Equal(M("402.05"), Ceiling(2024, null, bim: true, chronic: true).Household);
    }

    [Fact]
    public void The_child_ceiling_is_the_years_figure()
    {
        Assert.Equal(M("732.03"), Ceiling(2023, "25000.00").Child);
        Assert.Equal(M("746.66"), Ceiling(2024, "25000.00").Child);
        Assert.Equal(19, Ceiling(2024, "25000.00").ChildAgeLimit);
    }

    [Theory]
    [InlineData(2025)]
    [InlineData(2026)]
    public void A_year_the_sheet_has_no_figure_for_is_refused_naming_parameter_and_year(int year)
    {
        var e = Assert.Throws<MafYearNotCoveredException>(() => Ceiling(year, "20000.00"));
        Assert.Contains($"'{MafRules.BracketsName}'", e.Message);
        Assert.Contains($"year of care {year}", e.Message);
        Assert.Contains("never uses another year", e.Message);
        // Typed: the parameter and the year, so a run can hold the year as pending; still a RuleCoverageException.
        Assert.Equal(new MafFiguresMissing(MafRules.BracketsName, year), e.Missing);
        Assert.IsAssignableFrom<RuleCoverageException>(e);
        var social = Assert.Throws<MafYearNotCoveredException>(() => Ceiling(year, null, bim: true));
        Assert.Contains($"'{MafRules.SocialCeiling}'", social.Message);
        Assert.Equal(new MafFiguresMissing(MafRules.SocialCeiling, year), social.Missing);
    }

    [Fact]
    public void Without_income_nor_BIM_no_ceiling_can_be_chosen()
    {
        var e = Assert.Throws<ArgumentException>(() => Ceiling(2024, null));
        Assert.Contains("H1", e.Message);
    }
}
