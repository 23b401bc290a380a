using Engine.Core.Indemnities;
using Engine.Core.Rules;
using NodaTime;
using static Engine.Core.Tests.Indemnities.IndemnityFixture;

namespace Engine.Core.Tests.Indemnities;

public class IndemnityKernelTests
{
    private static IndemnityStatement Compute(IndemnityCase c, DateInterval p) => IndemnityKernel.Compute(c, p, FixtureRules);

    [Theory]
    // Mon 2023-03-06 .. Sun 2023-03-12: 6 paid days; a lone Sunday: 0; Sun..Sat: 6; two full weeks: 12.
    [InlineData("2023-03-06", "2023-03-12", 6)]
    [InlineData("2023-03-12", "2023-03-12", 0)]
    [InlineData("2023-03-12", "2023-03-18", 6)]
    [InlineData("2023-03-06", "2023-03-19", 12)]
    [InlineData("2023-03-07", "2023-03-06", 0)]
    public void Working_days_count_monday_to_saturday(string from, string to, int expected) =>
        Assert.Equal(expected, WorkingDays.Count(Parse(from), Parse(to)));

    [Theory]
    // x 5/6, rounded to 4 decimals, halves away from zero: 100 -> 83.33333.. -> 83.3333; 150 -> 125;
    // 100.01 -> 83.341666.. -> 83.3417; 12.0003 -> 10.00025 -> 10.0003 (a half, away from zero).
    [InlineData("100", "83.3333")]
    [InlineData("150", "125")]
    [InlineData("100.01", "83.3417")]
    [InlineData("12.0003", "10.0003")]
    public void A_five_day_wage_becomes_six_day_at_4_decimals(string fiveDay, string sixDay)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var six = IndemnityKernel.SixDayWage(new DeclaredWage(decimal.Parse(fiveDay, inv), WageBasis.FiveDay));
        Assert.Equal(decimal.Parse(sixDay, inv), six);
    }

    [Fact]
    public void The_daily_amount_is_rounded_once_half_away_from_zero()
    {
        // Invalidity with family, non-regular (minimum 61.54): 65 % x 100.10 = 65.065 -> 65.07 (banker's rounding would give 65.06).
        // Start 2023-12-04 (index 1.0404 at start and on the day: factor 1). Invalidity from 2024-12-04 (Wed).
        var c = Case("2023-12-04", 100.10m) with { RegularWorker = false };
        var s = Compute(c, Span("2024-12-04", "2024-12-04"));
        Assert.Equal(IndemnityPhase.Invalidity, s.Days[0].Phase);
        Assert.Equal("65.07", s.DailyAmount.ToString());
    }

    [Fact]
    public void Withholding_is_rounded_half_away_from_zero_on_the_gross()
    {
        // Ouvrier, 60 % x 125.00 = 75.00; 6 days (Mon 2023-03-20..Sat 03-25) = 450.00; x 11.11 % = 49.995 -> 50.00; net 400.00.
        var s = Compute(Case("2023-03-01", 125m, status: MemberStatus.Worker), Span("2023-03-20", "2023-03-25"));
        Assert.Equal("450.00", s.Gross.ToString());
        Assert.Equal("50.00", s.Withholding.ToString());
        Assert.Equal("400.00", s.Net.ToString());
    }

    [Fact]
    public void Gross_is_the_exact_sum_of_days_not_days_times_the_last_amount()
    {
        // Case from 2022-10-03, wage 100: 60.00 to 11-30; x1.02 = 61.20 from 12-01 (fixture index).
        // Mon 11-28..Wed 11-30 = 180.00; Thu 12-01..Sat 12-03 = 183.60; gross 363.60 (6 x 61.20 would be 367.20).
        var s = Compute(Case("2022-10-03", 100m, FamilyStatus.Isolated), Span("2022-11-28", "2022-12-03"));
        Assert.Equal("61.20", s.DailyAmount.ToString());
        Assert.Equal("363.60", s.Gross.ToString());
    }

    [Fact]
    public void Indexation_compounds_from_the_case_start()
    {
        // Started 2022-10-03 (coefficient 1): on 2023-10-02 (coefficient 1.0404, month 13 -> invalidity from 2023-10-03, so primary)
        // 60 % x 100 x 1.0404 = 62.424 -> 62.42, above the regular isolé minimum 58.21.
        var s = Compute(Case("2022-10-03", 100m, FamilyStatus.Isolated), Span("2023-10-02", "2023-10-02"));
        Assert.Equal("62.42", s.DailyAmount.ToString());
        Assert.Contains(s.Stretches[0].Explanation, e => e.RuleId == IndemnityRuleIds.Indexation && e.Text.Contains("1.0404"));
    }

    [Fact]
    public void A_lone_sunday_in_a_paid_phase_is_explained_and_not_paid()
    {
        var s = Compute(Case("2023-03-01", 100m, status: MemberStatus.Worker), Span("2023-03-19", "2023-03-19"));
        Assert.Equal(0, s.PaidDays);
        var stretch = Assert.Single(s.Stretches);
        Assert.Equal(1, stretch.Sundays);
        Assert.Contains(stretch.Explanation, e => e.RuleId == IndemnityRuleIds.Sunday);
    }

    [Fact]
    public void A_period_that_misses_the_case_pays_nothing_and_says_so()
    {
        var s = Compute(Case("2023-03-01", 100m, last: "2023-03-31"), Span("2023-05-01", "2023-05-31"));
        Assert.Equal(0, s.PaidDays);
        Assert.Equal(IndemnityRuleIds.OutsideCase, Assert.Single(Assert.Single(s.Stretches).Explanation).RuleId);
    }

    [Fact]
    public void A_date_outside_the_rules_is_an_error_naming_parameter_and_date()
    {
        var e = Assert.Throws<RuleCoverageException>(() => Compute(Case("2021-12-01", 100m), Span("2022-01-10", "2022-01-15")));
        Assert.Equal(new LocalDate(2021, 12, 1), e.Date);
        Assert.StartsWith("indemnity.", e.Parameter);
        Assert.Contains("2021-12-01", e.Message);
    }

    [Theory]
    [InlineData("daily_wage")]
    [InlineData("last_day")]
    [InlineData("family_status")]
    public void A_case_that_cannot_be_computed_names_the_field(string field)
    {
        var c = Case("2023-03-01", 100m);
        c = field switch
        {
            "daily_wage" => c with { Wage = null },
            "last_day" => c with { LastDay = Parse("2023-02-28") },
            _ => c with { Family = [new FamilySituation(Parse("2023-03-02"), FamilyStatus.Family)] },
        };
        var e = Assert.Throws<IndemnityCaseException>(() => Compute(c, Span("2023-04-01", "2023-04-30")));
        Assert.Equal(field, e.Field);
    }

    [Fact]
    public void Resumption_never_makes_a_day_negative()
    {
        // 60 % x 20 = 12.00 (month 2, no minimum). Income 100: 1.41934 + 3.54835 + 75 % x 73.9788 = 55.4841 -> reduction 60.45; max(0, 12.00 - 60.45) = 0.00.
        var c = Case("2023-03-01", 20m, status: MemberStatus.Worker) with
        {
            Resumptions = [new PartTimeResumption(Parse("2023-03-20"), null, 100m)],
        };
        var s = Compute(c, Span("2023-03-20", "2023-03-20"));
        Assert.Equal("0.00", s.DailyAmount.ToString());
        Assert.Contains(s.Stretches[0].Explanation, e => e.RuleId == IndemnityRuleIds.Resumption && e.Text.Contains("60.45"));
    }
}
