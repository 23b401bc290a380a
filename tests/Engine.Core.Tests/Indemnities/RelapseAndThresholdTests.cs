using Engine.Core.Indemnities;
using Engine.Core.Rules;
using NodaTime;
using static Engine.Core.Tests.Indemnities.IndemnityFixture;

namespace Engine.Core.Tests.Indemnities;

/// <summary>
/// The 2026 guaranteed-salary relapse rules (sheet s9.2) on the fixture rules, whose ceiling is open-ended: the
/// shipped rules cannot pay a 2026 start yet (the ceiling of 2026 starts is not in the sheet).
/// </summary>
public class RelapseAndThresholdTests
{
    private static IndemnityStatement Compute(IndemnityCase c, DateInterval p) => IndemnityKernel.Compute(c, p, FixtureRules);

    [Theory]
    // Relapse Mon 2026-03-16. Ended Sat 2026-01-31: 44 days before, within 8 weeks (56): paid from day 1, 6 x 60 % x 100
    // x 1.0404 / 1.0404 = 6 x 60.00. Ended 2026-01-19: 56 days, still within. Ended 2026-01-18: 57 days: guaranteed salary.
    [InlineData("2026-01-31", 6)]
    [InlineData("2026-01-19", 6)]
    [InlineData("2026-01-18", 0)]
    public void From_2026_a_relapse_within_8_weeks_is_paid_from_day_1(string previousEnd, int paidDays)
    {
        var c = Case("2026-03-16") with { RelapseAfterLastDay = Parse(previousEnd) };
        var s = Compute(c, Span("2026-03-16", "2026-03-21"));
        Assert.Equal(paidDays, s.PaidDays);
        if (paidDays > 0) Assert.Equal("360.00", s.Gross.ToString());
        Assert.Contains(s.Explanation, e => e.RuleId == IndemnityRuleIds.Relapse && e.Text.Contains("56"));
    }

    [Fact]
    public void Before_2026_the_window_was_14_days()
    {
        // Relapse Mon 2025-12-15 after an incapacity ended 2025-11-30: 15 days > 14: a new guaranteed salary.
        var c = Case("2025-12-15") with { RelapseAfterLastDay = Parse("2025-11-30") };
        Assert.Equal(0, Compute(c, Span("2025-12-15", "2025-12-20")).PaidDays);
    }

    [Fact]
    public void From_2026_a_relapse_during_a_resumption_is_the_insurers_whatever_its_length()
    {
        // Resumption from 2024-06-03 (far beyond 20 weeks): relapse Mon 2026-03-16 paid from day 1 (6 x 60.00).
        var c = Case("2026-03-16", status: MemberStatus.Worker) with { RelapseInResumptionFrom = Parse("2024-06-03") };
        var s = Compute(c, Span("2026-03-16", "2026-03-21"));
        Assert.Equal("360.00", s.Gross.ToString());
        Assert.Contains(s.Explanation, e => e.RuleId == IndemnityRuleIds.Relapse && e.Text.Contains("whole"));
    }

    [Theory]
    [InlineData("relapse_after_last_day", "2026-03-16", null)]   // not before the first day
    [InlineData("relapse_in_resumption_from", null, "2026-03-17")] // after the first day
    public void A_relapse_date_on_the_wrong_side_of_the_first_day_names_its_field(string field, string? previous, string? resumption)
    {
        var c = Case("2026-03-16") with
        {
            RelapseAfterLastDay = previous is null ? null : Parse(previous),
            RelapseInResumptionFrom = resumption is null ? null : Parse(resumption),
        };
        Assert.Equal(field, Assert.Throws<IndemnityCaseException>(() => Compute(c, Span("2026-03-16", "2026-03-21"))).Field);
    }

    [Fact]
    public void A_self_employed_relapse_is_refused()
    {
        var c = Case("2026-03-16", wage: null, status: MemberStatus.SelfEmployed) with { RelapseAfterLastDay = Parse("2026-03-01") };
        Assert.Equal("relapse_after_last_day", Assert.Throws<IndemnityCaseException>(() => Compute(c, Span("2026-03-16", "2026-03-21"))).Field);
    }

    [Theory]
    // Fixture thresholds 1,183.21 and 2,029.88: below the first -> family; up to the second -> isolé rate; above -> cohabitant.
    [InlineData("0", FamilyStatus.Family)]
    [InlineData("1183.20", FamilyStatus.Family)]
    [InlineData("1183.21", FamilyStatus.Isolated)]
    [InlineData("2029.88", FamilyStatus.Isolated)]
    [InlineData("2029.89", FamilyStatus.Cohabitant)]
    public void The_partner_income_gives_the_family_status(string income, FamilyStatus expected)
    {
        var (status, step) = FamilyThresholds.FromPartnerIncome(decimal.Parse(income, System.Globalization.CultureInfo.InvariantCulture),
            Parse("2024-01-15"), FixtureRules.Parameters);
        Assert.Equal(expected, status);
        Assert.Equal(IndemnityRuleIds.FamilyThreshold, step.RuleId);
        Assert.NotNull(step.Origin);
    }
}
