using Engine.Core.Indemnities;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using static Engine.Core.Tests.Indemnities.IndemnityFixture;
using P = Engine.Core.Indemnities.IndemnityParameters;

namespace Engine.Core.Tests.Indemnities;

using Money = Engine.Core.Money.Money;

/// <summary>A random valid case and the period to pay, spread over the fixture's whole range.</summary>
public sealed record CaseInput(IndemnityCase Case, DateInterval Period)
{
    public override string ToString() =>
        $"{Case.Kind} {Case.Status} regular={Case.RegularWorker} first={Case.FirstDay} last={Case.LastDay?.ToString() ?? "open"} " +
        $"wage={Case.Wage?.Amount} family=[{string.Join(", ", Case.Family.Select(f => $"{f.From}:{f.Status}"))}] " +
        $"multiple={Case.MultipleBirth} unemployed={Case.Unemployed} period={Period}";
}

public static class IndemnityArbitraries
{
    public static Arbitrary<CaseInput> CaseInputs()
    {
        var gen =
            from status in Gen.Elements(MemberStatus.Employee, MemberStatus.Worker, MemberStatus.SelfEmployed)
            from kindPick in Gen.Elements(IndemnityKind.Incapacity, IndemnityKind.Incapacity, IndemnityKind.Maternity, IndemnityKind.BirthLeave)
            from start in Gen.Choose(0, 800)
            from length in Gen.Choose(-1, 700)
            from wageCents in Gen.Choose(1_000, 50_000)
            from family in Gen.Elements(FamilyStatus.Family, FamilyStatus.Isolated, FamilyStatus.Cohabitant)
            from regular in Gen.Elements(true, false)
            from change in Gen.Choose(-200, 500)
            from periodOffset in Gen.Choose(-30, 520)
            from periodLength in Gen.Choose(0, 92)
            from flags in Gen.Choose(0, 3)
            select Build(status, kindPick, start, length, wageCents, family, regular, change, periodOffset, periodLength, flags);
        return gen.ToArbitrary();
    }

    private static CaseInput Build(MemberStatus status, IndemnityKind kind, int start, int length, int wageCents, FamilyStatus family,
        bool regular, int change, int periodOffset, int periodLength, int flags)
    {
        if (status == MemberStatus.SelfEmployed) kind = IndemnityKind.Incapacity;
        var first = new LocalDate(2022, 1, 3).PlusDays(start);
        var families = new List<FamilySituation> { new(first, family) };
        if (change > 0) families.Add(new(first.PlusDays(change), (FamilyStatus)(((int)family + 1) % 3)));
        var c = new IndemnityCase
        {
            Id = "P", Kind = kind, Status = status, RegularWorker = regular, FirstDay = first,
            LastDay = length < 0 ? null : first.PlusDays(length),
            Wage = status == MemberStatus.SelfEmployed ? null : new DeclaredWage(wageCents / 100m),
            Family = families, MultipleBirth = (flags & 1) != 0, Unemployed = (flags & 2) != 0,
        };
        var periodStart = first.PlusDays(periodOffset);
        return new CaseInput(c, new DateInterval(periodStart, periodStart.PlusDays(periodLength)));
    }
}

/// <summary>Invariants of the kernel over random cases and periods (fixture rules, open-ended from 2022-01-01).</summary>
[Properties(Arbitrary = [typeof(IndemnityArbitraries)], MaxTest = 300)]
public class IndemnityPropertyTests
{
    [Property]
    public bool No_sunday_is_ever_paid(CaseInput input)
    {
        var statement = IndemnityKernel.Compute(input.Case, input.Period, FixtureRules);
        return statement.Days.Where(d => d.Paid).All(d => !WorkingDays.IsSunday(d.Date));
    }

    [Property]
    public bool Net_is_gross_minus_withholding_and_gross_the_sum_of_days(CaseInput input)
    {
        var (c, period) = input;
        var x = IndemnityKernel.Compute(c, period, FixtureRules);
        var sum = x.Days.Aggregate(Money.Zero, (a, d) => a + d.Amount);
        var stretchSum = x.Stretches.Aggregate(Money.Zero, (a, st2) => a + st2.Total);
        // Fixture: 11.11 % on every paid day but invalidity days (0 %); the invalidity days come last in a case, so
        // withholding = round(gross of the other days x 11.11 %), halves away from zero.
        var withheldGross = x.Days.Where(d => d.Phase != IndemnityPhase.Invalidity).Aggregate(Money.Zero, (a, d) => a + d.Amount);
        var withholding = Money.FromEuros(withheldGross.Euros * 11.11m / 100m);
        return x.Net == x.Gross - x.Withholding && x.Gross == sum && x.Gross == stretchSum && x.Withholding == withholding
               && x.PaidDays == x.Days.Count(d => d.Paid) && x.PaidDays == x.Stretches.Sum(st2 => st2.PaidDays)
               && x.Days.Count == NodaTime.Period.Between(period.Start, period.End, PeriodUnits.Days).Days + 1;
    }

    [Property]
    public void A_paid_day_is_never_below_its_minimum_nor_above_rate_times_ceiling(CaseInput input)
    {
        var (c, period) = input;
        var x = IndemnityKernel.Compute(c, period, FixtureRules);
        if (c.Status == MemberStatus.SelfEmployed) return;
        var p = FixtureRules.Parameters;
        const decimal ceiling = 174.1052m;
        foreach (var day in x.Days.Where(d => d.Paid))
        {
            var family = c.FamilyOn(day.Date);
            // The ceiling is read at the level of the first day, or of the first day of invalidity for invalidity days.
            var ceilingDay = day.Phase == IndemnityPhase.Invalidity ? c.FirstDay.PlusMonths(12) : c.FirstDay;
            var factor = p.At(P.IndexCoefficient, day.Date).Value / p.At(P.IndexCoefficient, ceilingDay).Value;
            var dayNumber = NodaTime.Period.Between(c.FirstDay, day.Date, PeriodUnits.Days).Days + 1;
            decimal rate = day.Phase switch
            {
                IndemnityPhase.PrimaryIncapacity => 60,
                IndemnityPhase.Invalidity => family switch { FamilyStatus.Family => 65, FamilyStatus.Isolated => 55, _ => 40 },
                IndemnityPhase.BirthLeave => 82,
                _ => dayNumber <= 30 ? (c.Unemployed ? 79.5m : 82) : 75,
            };
            bool uncapped = day.Phase == IndemnityPhase.MaternityRest && dayNumber <= 30 && !c.Unemployed;
            Money? minimum = null;
            if (day.Phase == IndemnityPhase.Invalidity || (day.Phase == IndemnityPhase.PrimaryIncapacity && day.Date >= c.FirstDay.PlusMonths(2)))
            {
                bool second = day.Phase == IndemnityPhase.Invalidity || day.Date >= c.FirstDay.PlusMonths(6);
                var name = !second && day.Date < c.FirstDay.PlusMonths(3) ? P.MinimumUniform : P.Minimum(second, c.RegularWorker, family);
                minimum = Money.FromEuros(p.At(name, day.Date).Value);
                Assert.True(day.Amount >= minimum.Value, $"{day.Date}: {day.Amount} below the minimum {minimum}");
            }
            if (uncapped) continue;
            var cap = Money.FromEuros(rate * ceiling * factor / 100m);
            var bound = minimum is { } m ? Money.Max(cap, m) : cap;
            Assert.True(day.Amount <= bound, $"{day.Date} {day.Phase}: {day.Amount} above rate {rate} % x ceiling x {factor} = {cap}");
        }
    }

    [Property(MaxTest = 100)]
    public bool The_same_inputs_give_the_same_statement(CaseInput input)
    {
        var a = IndemnityKernel.Compute(input.Case, input.Period, FixtureRules);
        var b = IndemnityKernel.Compute(input.Case, input.Period, FixtureRules);
        return a.Gross == b.Gross && a.RuleIds.SequenceEqual(b.RuleIds) &&
               a.Stretches.SelectMany(z => z.Explanation).Select(e => e.ToString())
                   .SequenceEqual(b.Stretches.SelectMany(z => z.Explanation).Select(e => e.ToString()));
    }

    [Fact]
    public void The_generator_reaches_every_paying_phase_and_the_minimum()
    {
        // Guards the properties above against a generator that never reaches the days they are about.
        var gen = IndemnityArbitraries.CaseInputs().Generator;
        var samples = Gen.Sample(gen, 50, new Rnd(12345UL, 67891UL), 400);
        var days = samples.SelectMany(s => IndemnityKernel.Compute(s.Case, s.Period, FixtureRules).Days).Where(d => d.Paid).ToList();
        foreach (var phase in new[] { IndemnityPhase.PrimaryIncapacity, IndemnityPhase.Invalidity, IndemnityPhase.MaternityRest, IndemnityPhase.BirthLeave })
            Assert.Contains(days, d => d.Phase == phase);
        var statements = samples.Select(s => IndemnityKernel.Compute(s.Case, s.Period, FixtureRules));
        Assert.Contains(statements, s => s.RuleIds.Contains(IndemnityRuleIds.Minimum));
    }
}
