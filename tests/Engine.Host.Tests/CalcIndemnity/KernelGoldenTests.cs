using Engine.Core.Indemnities;
using Engine.Core.Rules;
using NodaTime;

namespace Engine.Host.Tests.CalcIndemnity;

/// <summary>
/// Hand-worked cases the CSV cannot carry (family changes, 5-day wages, resumption, multiple births...), computed by
/// IndemnityKernel.Compute on the repository's rules/.
/// </summary>
public class KernelGoldenTests
{
    private static LocalDate D(string s) => NodaTime.Text.LocalDatePattern.Iso.Parse(s).Value;
    private static DateInterval Period(string from, string to) => new(D(from), D(to));

    private static IndemnityCase Case(string first, decimal wage, FamilyStatus family = FamilyStatus.Family,
        MemberStatus status = MemberStatus.Employee, IndemnityKind kind = IndemnityKind.Incapacity) => new()
    {
        Id = "K", Kind = kind, Status = status, FirstDay = D(first), Wage = new DeclaredWage(wage),
        Family = [new FamilySituation(D(first), family)],
    };

    private static IndemnityStatement Compute(IndemnityCase c, DateInterval p) =>
        IndemnityKernel.Compute(c, p, RepositoryRules.RuleSet);

    [Fact]
    public void Family_change_mid_period_in_invalidity_changes_the_rate_from_that_day()
    {
        // Start 2022-12-05 (coefficient 1.02), invalidity from 2023-12-05; since 2023-11-01 the coefficient is 1.0404,
        // so every day is indexed x 1.0404 / 1.02 = x 1.02. Family until 12-06, cohabitant from Thu 12-07.
        // Mon 12-04 primary 60 % x 150 x 1.02 = 91.80; Tue 12-05, Wed 12-06 65 % x 150 x 1.02 = 99.45 (x2 = 198.90);
        // Thu 12-07..Sat 12-09 40 % x 150 x 1.02 = 61.20 (x3 = 183.60), above the cohabitant minimum 51.93.
        // (Invalidity ceiling: 174.1052 at the 2023-12-05 level; the wage 150 x 1.02 = 153.00 is below it.)
        // Gross 91.80 + 198.90 + 183.60 = 474.30. Withholding on the primary day only (none on invalidity, s9.2):
        // 91.80 x 11.11 % = 10.19898 -> 10.20; net 464.10.
        var c = Case("2022-12-05", 150.00m) with
        {
            Family = [new FamilySituation(D("2022-12-05"), FamilyStatus.Family), new FamilySituation(D("2023-12-07"), FamilyStatus.Cohabitant)],
        };
        var s = Compute(c, Period("2023-12-04", "2023-12-09"));
        Assert.Equal(6, s.PaidDays);
        Assert.Equal("474.30", s.Gross.ToString());
        Assert.Equal("10.20", s.Withholding.ToString());
        Assert.Equal("464.10", s.Net.ToString());
        Assert.Equal("61.20", s.DailyAmount.ToString());
        Assert.Equal(["91.80", "99.45", "61.20"], s.Stretches.Select(x => x.DailyAmount.ToString()));
        Assert.Contains(s.Stretches[2].Explanation, e => e.RuleId == IndemnityRuleIds.InvalidityRate && e.Text.Contains("'cohabitant'") && e.Text.Contains("40 %"));
    }

    [Fact]
    public void Family_change_in_primary_incapacity_changes_only_the_minimum()
    {
        // Start 2023-01-02, 60 % x 80 = 48.00 whatever the family. Month 4 from 2023-04-02.
        // Mon 04-03..Wed 04-05 family: minimum 73.10 (x3 = 219.30); Thu 04-06..Sat 04-08 cohabitant: month-4 minimum 58.21 (x3 = 174.63).
        // Gross 393.93; x 11.11 % = 43.765623 -> 43.77; net 350.16.
        var c = Case("2023-01-02", 80m) with
        {
            Family = [new FamilySituation(D("2023-01-02"), FamilyStatus.Family), new FamilySituation(D("2023-04-06"), FamilyStatus.Cohabitant)],
        };
        var s = Compute(c, Period("2023-04-03", "2023-04-08"));
        Assert.Equal("393.93", s.Gross.ToString());
        Assert.Equal("43.77", s.Withholding.ToString());
        Assert.Equal("58.21", s.DailyAmount.ToString());
    }

    [Fact]
    public void A_five_day_wage_is_converted_to_the_six_day_basis()
    {
        // 100.00 on a 5-day basis x 5/6 = 83.3333 (4 decimals); 60 % = 49.99998 -> 50.00.
        // Ouvrier from 2023-03-01, Mon 03-20..Sat 03-25 (days 20-25): 6 x 50.00 = 300.00; x 11.11 % = 33.33; net 266.67.
        var c = Case("2023-03-01", 100m, status: MemberStatus.Worker) with { Wage = new DeclaredWage(100m, WageBasis.FiveDay) };
        var s = Compute(c, Period("2023-03-20", "2023-03-25"));
        Assert.Equal("300.00", s.Gross.ToString());
        Assert.Equal("33.33", s.Withholding.ToString());
        Assert.Contains(s.Stretches[0].Explanation, e => e.RuleId == IndemnityRuleIds.Wage && e.Text.Contains("83.3333"));
    }

    [Fact]
    public void An_employe_on_a_short_contract_is_paid_from_day_15()
    {
        // Start Wed 2023-03-01, days 1-14 employer; day 15 = Wed 03-15. 03-15..03-18 = 4 days x 60 % x 100 = 60.00 = 240.00.
        var c = Case("2023-03-01", 100m) with { ShortContract = true };
        var s = Compute(c, Period("2023-03-13", "2023-03-18"));
        Assert.Equal(4, s.PaidDays);
        Assert.Equal("240.00", s.Gross.ToString());
        Assert.Contains("days 1 to 14", s.Stretches[0].Explanation[0].Text);
    }

    [Fact]
    public void Maternity_of_an_unemployed_member_is_79_5_percent_capped_then_75()
    {
        // Start Mon 2023-03-06, wage 200. Days 1-30: 79.5 % x 174.1052 = 138.413634 -> 138.41; from day 31 (04-05): 75 % -> 130.58.
        // 04-03, 04-04 at 138.41 = 276.82; 04-05..04-08 = 4 x 130.58 = 522.32. Gross 799.14; x 11.11 % = 88.784454 -> 88.78; net 710.36.
        var c = Case("2023-03-06", 200m, kind: IndemnityKind.Maternity) with { Unemployed = true };
        var s = Compute(c, Period("2023-04-03", "2023-04-08"));
        Assert.Equal(["138.41", "130.58"], s.Stretches.Select(x => x.DailyAmount.ToString()));
        Assert.Equal("799.14", s.Gross.ToString());
        Assert.Equal("88.78", s.Withholding.ToString());
    }

    [Fact]
    public void Multiple_birth_maternity_lasts_19_weeks()
    {
        // 19 weeks from 2023-03-06 end 2023-07-16 (a Sunday): Mon 07-10..Sat 07-15 paid (6 x 75.00 = 450.00), 07-17 on not paid.
        var c = Case("2023-03-06", 100m, kind: IndemnityKind.Maternity) with { MultipleBirth = true };
        var s = Compute(c, Period("2023-07-10", "2023-07-22"));
        Assert.Equal(6, s.PaidDays);
        Assert.Equal("450.00", s.Gross.ToString());
        Assert.Equal(IndemnityPhase.MaternityBeyondLimit, s.Stretches[^1].Phase);
        Assert.Equal(new DateInterval(D("2023-07-17"), D("2023-07-22")), s.Stretches[^1].Days);
    }

    [Fact]
    public void Birth_leave_outside_four_months_of_the_birth_is_not_paid()
    {
        // Birth 2023-01-10: window to 2023-05-09. Leave from Mon 2023-05-08: days 1-2 (05-08, 05-09) employer, 05-10 on outside the window.
        var c = Case("2023-05-08", 120m, kind: IndemnityKind.BirthLeave) with { BirthDate = D("2023-01-10") };
        var s = Compute(c, Period("2023-05-08", "2023-05-13"));
        Assert.Equal(0, s.PaidDays);
        Assert.Contains(s.Stretches[^1].Explanation, e => e.RuleId == IndemnityRuleIds.BirthLimit && e.Text.Contains("2023-05-09"));
    }

    [Fact]
    public void Part_time_resumption_reduces_the_day_by_the_illustrative_income_bands()
    {
        // Primary 60 % x 150 = 90.00. Daily income 30.00: 0 % x 11.8278 + 20 % x 7.0967 (1.41934) + 50 % x 7.0967 (3.54835)
        // + 75 % x 3.9788 (2.9841) = 7.95179 -> 7.95; 90.00 - 7.95 = 82.05. Mon 2023-05-08..Sat 05-13: 6 x 82.05 = 492.30.
        var c = Case("2023-03-01", 150m) with { Resumptions = [new PartTimeResumption(D("2023-05-08"), null, 30.00m)] };
        var s = Compute(c, Period("2023-05-08", "2023-05-13"));
        Assert.Equal("82.05", s.DailyAmount.ToString());
        Assert.Equal("492.30", s.Gross.ToString());
        var steps = s.Stretches[0].Explanation.Where(e => e.RuleId == IndemnityRuleIds.Resumption).ToList();
        Assert.Equal(5, steps.Count); // bands 1 (11.8278 at 0 %), 2, 3, above, and the total
        Assert.All(steps, e => Assert.True(e.Origin!.Illustrative));
    }

    [Fact]
    public void Every_paid_figure_names_its_rule_and_dated_origin()
    {
        var s = Compute(Case("2023-01-02", 80m), Period("2023-04-03", "2023-04-08"));
        var steps = s.Stretches.SelectMany(x => x.Explanation).ToList();
        var minimum = Assert.Single(steps, e => e.RuleId == IndemnityRuleIds.Minimum);
        Assert.Equal("rules/indemnities/parameters_minima.csv", minimum.Origin!.File);
        Assert.Equal(Confidence.S, minimum.Origin.Confidence);
        Assert.Contains("73.10", minimum.Text);
        var ceiling = Assert.Single(steps, e => e.RuleId == IndemnityRuleIds.Ceiling);
        Assert.Contains("174.1052", ceiling.Text);
        Assert.Equal("rules/indemnities/parameters_salaried.csv", ceiling.Origin!.File);
        var withholding = Assert.Single(s.Explanation, e => e.RuleId == IndemnityRuleIds.Withholding);
        Assert.Contains("11.11 %", withholding.Text);
        Assert.NotNull(withholding.Origin);
    }

    [Fact]
    public void The_explanation_says_why_days_are_not_paid()
    {
        // Period Sat 2023-02-25..Sat 03-04, case from Wed 03-01 (employé): 02-25..02-28 outside, 03-01..03-04 employer.
        var s = Compute(Case("2023-03-01", 100m), Period("2023-02-25", "2023-03-04"));
        Assert.Equal(0, s.PaidDays);
        Assert.Equal([IndemnityPhase.OutsideCase, IndemnityPhase.EmployerGuaranteedSalary], s.Stretches.Select(x => x.Phase));
        Assert.Contains("outside the case", s.Stretches[0].Explanation[0].Text);
        Assert.Contains("insurer pays from day 31", s.Stretches[1].Explanation[0].Text);
        Assert.Equal("0.00", s.Net.ToString());
    }

    [Fact]
    public void A_day_outside_the_rules_coverage_is_an_error_naming_the_parameter_and_the_date()
    {
        // The ceiling is known for cases starting up to 2025-12-31 (the 2024-2025 cohort, sheet s9.2); the ceiling of
        // 2026 starts is not in the sheet: a case starting Mon 2026-01-05 is refused on its first insurer day.
        var e = Assert.Throws<RuleCoverageException>(() => Compute(Case("2026-01-05", 100m), Period("2026-02-02", "2026-02-07")));
        Assert.Equal("indemnity.wage.ceiling", e.Parameter);
        Assert.Equal(D("2026-01-05"), e.Date);
        Assert.Contains("2026-01-05", e.Message);
        Assert.Contains("2025-12-31", e.Message); // the rules cover the ceiling to 2025-12-31
        // The day before the boundary is paid: a case starting Wed 2025-12-31 (employé): day 31 is Fri 2026-01-30;
        // 60 % x 100 x 1.08243216 / 1.08243216 = 60.00.
        var last = Compute(Case("2025-12-31", 100m), Period("2026-01-30", "2026-01-31"));
        Assert.Equal(2, last.PaidDays);
        Assert.Equal("60.00", last.DailyAmount.ToString());

        // An invalidity starting in 2026 needs the ceiling of the cohort of its first day: refused on that day.
        var invalidity = Assert.Throws<RuleCoverageException>(() => Compute(Case("2025-01-06", 100m), Period("2026-01-05", "2026-01-10")));
        Assert.Equal("indemnity.wage.ceiling", invalidity.Parameter);
        Assert.Equal(D("2026-01-06"), invalidity.Date);

        // Before 2022 nothing of the salaried rules is known, beginning with the employer's days.
        var early = Assert.Throws<RuleCoverageException>(() => Compute(Case("2021-12-20", 100m), Period("2022-02-01", "2022-02-05")));
        Assert.Equal("indemnity.employer.days.employee", early.Parameter);
        Assert.Equal(D("2021-12-20"), early.Date);
    }

    [Fact]
    public void A_maternity_starting_in_2026_is_paid_uncapped_to_day_30_and_refused_from_day_31()
    {
        // Days 1-30 (2026-01-12..02-10) need no ceiling: 82 % x 120 = 98.40. Day 31 (Wed 02-11) needs the ceiling of a
        // 2026 start, which the sheet does not give: refused, naming the parameter and the case's first day.
        var c = Case("2026-01-12", 120m, kind: IndemnityKind.Maternity);
        Assert.Equal("98.40", Compute(c, Period("2026-02-10", "2026-02-10")).DailyAmount.ToString());
        var e = Assert.Throws<RuleCoverageException>(() => Compute(c, Period("2026-02-10", "2026-02-11")));
        Assert.Equal("indemnity.wage.ceiling", e.Parameter);
        Assert.Equal(D("2026-01-12"), e.Date);
    }

    [Fact]
    public void A_relapse_within_14_days_in_2025_is_paid_by_the_insurer_from_day_1()
    {
        // Previous incapacity ended Fri 2025-03-07; relapse Mon 2025-03-17, 10 days later (at most 14 before 2026):
        // no new guaranteed salary. Mon 03-17..Sat 03-22: 6 x 60 % x 100 = 6 x 60.00 = 360.00; x 11.11 % = 39.996
        // -> 40.00; net 320.00.
        var s = Compute(Case("2025-03-17", 100m) with { RelapseAfterLastDay = D("2025-03-07") }, Period("2025-03-17", "2025-03-22"));
        Assert.Equal(6, s.PaidDays);
        Assert.Equal("360.00", s.Gross.ToString());
        Assert.Equal("40.00", s.Withholding.ToString());
        Assert.Equal("320.00", s.Net.ToString());
        var relapse = Assert.Single(s.Explanation, e => e.RuleId == IndemnityRuleIds.Relapse);
        Assert.Contains("10 day(s) after", relapse.Text);
        Assert.Contains("at most 14", relapse.Text);

        // 20 days after (ended 2025-02-25): more than 14, a new guaranteed salary: days 1-30 are the employer's.
        var later = Compute(Case("2025-03-17", 100m) with { RelapseAfterLastDay = D("2025-02-25") }, Period("2025-03-17", "2025-03-22"));
        Assert.Equal(0, later.PaidDays);
        Assert.Equal(IndemnityPhase.EmployerGuaranteedSalary, later.Stretches[0].Phase);
        Assert.Contains("more than 14", Assert.Single(later.Explanation, e => e.RuleId == IndemnityRuleIds.Relapse).Text);
    }

    [Fact]
    public void A_relapse_during_a_part_time_resumption_in_2025_is_the_insurers_within_its_first_20_weeks()
    {
        // Resumption from Mon 2025-01-06: its first 20 weeks run to 2025-05-25; a relapse on Mon 03-17 falls inside:
        // paid from day 1, 6 x 60.00 = 360.00.
        var inside = Compute(Case("2025-03-17", 100m) with { RelapseInResumptionFrom = D("2025-01-06") }, Period("2025-03-17", "2025-03-22"));
        Assert.Equal("360.00", inside.Gross.ToString());
        // Resumption from Mon 2024-09-02: 20 weeks end 2025-01-19; a relapse on 03-17 starts a new guaranteed salary.
        var after = Compute(Case("2025-03-17", 100m) with { RelapseInResumptionFrom = D("2024-09-02") }, Period("2025-03-17", "2025-03-22"));
        Assert.Equal(0, after.PaidDays);
        Assert.Contains("after the first 20 weeks", Assert.Single(after.Explanation, e => e.RuleId == IndemnityRuleIds.Relapse).Text);
    }

    [Fact]
    public void Month_3_has_one_minimum_for_everybody_named_in_the_explanation()
    {
        // Non-regular cohabitant ouvrier, first day 2025-01-06, wage 50: 60 % x 50 x 1.08243216 / 1.061208 = 30.60.
        // Month 3 = 2025-03-06..04-05: the regular isolé amount 63.01 (from 2025-02-01) for everybody.
        var c = Case("2025-01-06", 50m, FamilyStatus.Cohabitant, MemberStatus.Worker) with { RegularWorker = false };
        var s = Compute(c, Period("2025-03-10", "2025-03-10"));
        Assert.Equal("63.01", s.DailyAmount.ToString());
        var step = Assert.Single(s.Stretches[0].Explanation, e => e.RuleId == IndemnityRuleIds.Minimum);
        Assert.Contains("in month 3 of primary incapacity (2025-03-06 to 2025-04-05)", step.Text);
        Assert.Contains("everybody", step.Text);
        Assert.Equal("rules/indemnities/parameters_minima.csv", step.Origin!.File);
        // Month 4 (from 04-06): the non-regular without-family column, months 4-6: 63.01 too; month 7 (from 07-06): 49.29.
        Assert.Equal("49.29", Compute(c, Period("2025-07-07", "2025-07-07")).DailyAmount.ToString());
    }

    [Fact]
    public void Birth_leave_for_a_birth_before_2023_is_not_in_the_rules()
    {
        var e = Assert.Throws<RuleCoverageException>(() =>
            Compute(Case("2022-12-20", 100m, kind: IndemnityKind.BirthLeave), Period("2022-12-20", "2022-12-31")));
        Assert.Equal("indemnity.birth.days", e.Parameter);
    }

    [Fact]
    public void Self_employed_maternity_is_refused_naming_the_field()
    {
        var c = Case("2023-03-06", 1m, status: MemberStatus.SelfEmployed, kind: IndemnityKind.Maternity) with { Wage = null };
        var e = Assert.Throws<IndemnityCaseException>(() => Compute(c, Period("2023-03-06", "2023-03-31")));
        Assert.Equal("kind", e.Field);
    }
}
