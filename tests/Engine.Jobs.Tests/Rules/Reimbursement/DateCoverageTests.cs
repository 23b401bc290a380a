using Engine.Core.Reimbursement;
using Engine.Core.Rules;
using Engine.Jobs.Rules;
using NodaTime;
using Money = Engine.Core.Money.Money;

namespace Engine.Jobs.Tests.Rules.Reimbursement;

/// <summary>
/// Catala-style coverage: every code and every parameter of the shipped reimbursement rules has a value on every
/// day of its declared range (to 2026-12-31 when the range is open), for every beneficiary situation; the day before
/// the range, and the day after a closed range, fail with an error naming the code or parameter and the date.
/// </summary>
public class DateCoverageTests
{
    private static readonly LocalDate OpenEnd = new(2026, 12, 31);
    private static readonly int[] Ages = [0, 10, 17, 18, 19, 24, 25, 40, 80, 120];

    [Fact]
    public void Every_code_is_computed_on_every_day_of_its_range_for_every_situation()
    {
        var rules = RepoFiles.Reimbursement;
        long checkedLines = 0;
        foreach (var entry in rules.Codes)
        {
            var (from, to) = rules.CoverageOf(entry.Code);
            var fees = rules.FeesOf(entry.Code);
            for (var day = from; day <= (to ?? OpenEnd); day = day.PlusDays(1))
            {
                var fee = fees.Single(f => f.From <= day && (f.To is null || day <= f.To.Value));
                Assert.True(rules.TryGetFee(entry.Code, day, out var found) && ReferenceEquals(found, fee), $"TryGetFee {entry.Code} {day}");
                var billed = fee.UnitFee;
                foreach (var bim in new[] { false, true })
                foreach (var (dmg, here) in new[] { (false, false), (true, false), (true, true) })
                foreach (var referral in new[] { false, true })
                foreach (var conventioned in new[] { false, true })
                foreach (var age in Ages)
                {
                    var line = new CareLine(entry.Code, day, 1, billed, conventioned, Channel.Efact, referral, here);
                    var who = new BeneficiarySituation(day.PlusYears(-age), bim, dmg);
                    var r = ReimbursementKernel.Compute(in line, in who, rules);
                    if (!r.Accepted)
                        Assert.Fail($"code {entry.Code} on {day:yyyy-MM-dd} ({who}, referral={referral}, conventioned={conventioned}): {r.Reason.Text()}");
                    checkedLines++;
                }
            }
        }
        Assert.True(checkedLines > 1_000_000, $"only {checkedLines} lines checked");
    }

    [Fact]
    public void The_day_before_a_code_s_range_and_the_day_after_a_closed_range_are_refused_naming_code_and_date()
    {
        var rules = RepoFiles.Reimbursement;
        var who = new BeneficiarySituation(new LocalDate(1960, 1, 1), false, true);
        foreach (var entry in rules.Codes)
        {
            var (from, to) = rules.CoverageOf(entry.Code);
            var days = to is { } t ? new[] { from.PlusDays(-1), t.PlusDays(1) } : [from.PlusDays(-1)];
            foreach (var day in days)
            {
                Assert.False(rules.TryGetFee(entry.Code, day, out _));
                var line = new CareLine(entry.Code, day, 1, Money.FromEuros(50m), true, Channel.Efact, false, true);
                var steps = ReimbursementKernel.Explain(in line, in who, rules, out var r);
                Assert.Equal(ReasonCode.CodeNotValidOnDate, r.Reason);
                Assert.Contains(steps, s => s.Text.Contains($"code {entry.Code} has no rule on {day:yyyy-MM-dd}"));
            }
        }
    }

    [Fact]
    public void Every_reimbursement_parameter_has_a_value_on_every_day_of_its_range()
    {
        var set = RuleSetLoader.Load(RepoFiles.Rules);
        var names = RuleTable.Read(Path.Combine(RepoFiles.Rules, "reimbursement", "parameters.csv"), "parameters.csv",
                ["parameter", "from", "to", "value", "confidence", "source"], ["unit", "note", "illustrative"])
            .Select(r => r.Required("parameter")).Distinct().ToList();
        Assert.NotEmpty(names);
        foreach (var name in names)
        {
            var series = set.Parameters.Series(name);
            for (var day = series.CoveredFrom; day <= (series.CoveredTo ?? OpenEnd); day = day.PlusDays(1))
                Assert.True(series.TryAt(day, out _), $"'{name}' has no value on {day:yyyy-MM-dd}");
            var before = series.CoveredFrom.PlusDays(-1);
            var e = Assert.Throws<RuleCoverageException>(() => series.At(before));
            Assert.Contains($"'{name}'", e.Message);
            Assert.Contains(before.ToString("yyyy-MM-dd", null), e.Message);
        }
    }

    [Fact]
    public void The_rule_set_loader_carries_the_reimbursement_tables()
    {
        var set = RuleSetLoader.Load(RepoFiles.Rules);
        Assert.NotNull(set.Reimbursement);
        Assert.True(set.Reimbursement!.TryGetCode(101076, out var gp));
        Assert.Equal("gp_consultation", gp.Kind);
        // medicines come from medicines.csv, of the kind of their first category; a pack's kind follows its category by date
        Assert.Equal([9990021, 9990022, 9990023, 9990024, 9990025, 9990026, 9990066], set.Reimbursement.CodeNumbersOfKind("medicine_B"));
        Assert.Equal("medicine_B", set.Reimbursement.KindOn(9990066, new LocalDate(2025, 12, 31)));
        Assert.Equal("medicine_Cx", set.Reimbursement.KindOn(9990066, new LocalDate(2026, 1, 1)));
        Assert.Equal("gp_consultation", set.Reimbursement.KindOn(101076, new LocalDate(2026, 1, 1)));
        Assert.Null(set.Reimbursement.KindOn(101076, new LocalDate(2027, 1, 1)));
    }
}
