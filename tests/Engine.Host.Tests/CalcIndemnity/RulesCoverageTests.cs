using Engine.Core.Indemnities;
using Engine.Core.Money;
using Engine.Core.Rules;
using NodaTime;

namespace Engine.Host.Tests.CalcIndemnity;

/// <summary>rules/indemnities: every parameter the kernel reads exists, answers on every day of its declared range,
/// and refuses the day before and the day after, naming itself and the date.</summary>
public class RulesCoverageTests
{
    private static ParameterSet Parameters => RepositoryRules.RuleSet.Parameters;

    // An open-ended series is walked to this day: beyond every closed figure of the sheet.
    private static readonly LocalDate OpenEndWalk = new(2026, 12, 31);

    [Fact]
    public void Every_parameter_the_kernel_reads_is_defined()
    {
        var missing = IndemnityParameters.All().Where(n => !Parameters.Has(n)).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_indemnity_parameter_in_rules_is_read_by_the_kernel()
    {
        var known = IndemnityParameters.All().ToHashSet();
        var unused = Parameters.All.Select(s => s.Name).Where(n => n.StartsWith("indemnity.", StringComparison.Ordinal) && !known.Contains(n));
        Assert.Empty(unused);
    }

    [Fact]
    public void Every_parameter_answers_on_every_day_of_its_range_and_refuses_the_days_outside()
    {
        foreach (var name in IndemnityParameters.All())
        {
            var series = Parameters.Series(name);
            var end = series.CoveredTo ?? OpenEndWalk;
            for (var d = series.CoveredFrom; d <= end; d = d.PlusDays(1))
            {
                var v = series.At(d);
                Assert.True(v.Covers(d), $"{name} on {d}");
            }
            var before = Assert.Throws<RuleCoverageException>(() => series.At(series.CoveredFrom.PlusDays(-1)));
            Assert.Equal(name, before.Parameter);
            Assert.Equal(series.CoveredFrom.PlusDays(-1), before.Date);
            if (series.CoveredTo is { } to)
            {
                var after = Assert.Throws<RuleCoverageException>(() => series.At(to.PlusDays(1)));
                Assert.Equal(name, after.Parameter);
                Assert.Contains(to.PlusDays(1).ToString("yyyy-MM-dd", null), after.Message);
            }
        }
    }

    [Fact]
    public void The_kernel_pays_every_week_of_the_salaried_coverage()
    {
        // A worker's case starting each Monday from 2022-12-05 (the minima start) to the last start with a ceiling
        // (2025-12-31; 2026 starts are not in the sheet) is paid for its first Mon-Sat of insurer days (days 15-20):
        // 60 % x 100 = 60.00, raised 2 % for each indexation date of the sheet (s9.1) between the first day and the
        // paid day, counted here by hand from the list (independently of the coefficient rows).
        LocalDate[] indexations = [new(2023, 11, 1), new(2024, 5, 1), new(2025, 2, 1), new(2026, 3, 1)];
        var rules = RepositoryRules.RuleSet;
        int weeks = 0;
        for (var first = new LocalDate(2022, 12, 5); first <= new LocalDate(2025, 12, 31); first = first.PlusWeeks(1))
        {
            var c = new IndemnityCase
            {
                Id = first.ToString(), Kind = IndemnityKind.Incapacity, Status = MemberStatus.Worker, FirstDay = first,
                Wage = new DeclaredWage(100m), Family = [new FamilySituation(first, FamilyStatus.Isolated)],
            };
            var s = IndemnityKernel.Compute(c, new DateInterval(first.PlusDays(14), first.PlusDays(19)), rules);
            Assert.Equal(6, s.PaidDays);
            int steps = indexations.Count(d => d > first && d <= first.PlusDays(19));
            var expected = 60m;
            for (int i = 0; i < steps; i++) expected *= 1.02m;
            Assert.Equal(Money.FromEuros(expected).ToString(), s.DailyAmount.ToString());
            weeks++;
        }
        Assert.Equal(161, weeks);
    }

    [Theory]
    // The 2023-07-01 minima (confidence I) are the 2022-12-01 ones raised +2.5 % (regular, family) or +2 % (others),
    // rounded to the cent, halves away from zero.
    [InlineData("indemnity.minimum.m4.regular.family", "1.025")]
    [InlineData("indemnity.minimum.m7.regular.family", "1.025")]
    [InlineData("indemnity.minimum.m4.regular.isolated", "1.02")]
    [InlineData("indemnity.minimum.m7.regular.isolated", "1.02")]
    [InlineData("indemnity.minimum.m4.regular.cohabitant", "1.02")]
    [InlineData("indemnity.minimum.m7.regular.cohabitant", "1.02")]
    [InlineData("indemnity.minimum.m4.nonregular.family", "1.02")]
    [InlineData("indemnity.minimum.m7.nonregular.family", "1.02")]
    [InlineData("indemnity.minimum.m4.nonregular.isolated", "1.02")]
    [InlineData("indemnity.minimum.m7.nonregular.isolated", "1.02")]
    [InlineData("indemnity.minimum.m4.nonregular.cohabitant", "1.02")]
    [InlineData("indemnity.minimum.m7.nonregular.cohabitant", "1.02")]
    public void The_computed_2023_07_minima_follow_from_the_stated_ones(string name, string factor)
    {
        var stated = Parameters.At(name, new LocalDate(2023, 6, 30));
        var computed = Parameters.At(name, new LocalDate(2023, 7, 1));
        Assert.Equal(Confidence.S, stated.Origin.Confidence);
        Assert.Equal(Confidence.I, computed.Origin.Confidence);
        Assert.Equal(Money.FromEuros(stated.Value * decimal.Parse(factor, System.Globalization.CultureInfo.InvariantCulture)), Money.FromEuros(computed.Value));
    }
}
