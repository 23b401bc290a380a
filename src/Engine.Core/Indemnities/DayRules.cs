using Engine.Core.Rules;
using NodaTime;
using P = Engine.Core.Indemnities.IndemnityParameters;

namespace Engine.Core.Indemnities;

using Money = Engine.Core.Money.Money;

/// <summary>The phase of each day of a case, and the basis of each paid weekday.</summary>
internal static class DayRules
{
    public static bool IsPaidPhase(IndemnityPhase phase) =>
        phase is IndemnityPhase.PrimaryIncapacity or IndemnityPhase.Invalidity or IndemnityPhase.MaternityRest or IndemnityPhase.BirthLeave;

    public static (IndemnityPhase Phase, NotPaidWhy Why) PhaseOf(CaseFacts f, LocalDate d)
    {
        if (!f.InCase(d)) return (IndemnityPhase.OutsideCase, NotPaidWhy.None);
        var c = f.Case;
        switch (c.Kind)
        {
            case IndemnityKind.Incapacity when c.Status == MemberStatus.SelfEmployed:
                if (f.Waiting) return (IndemnityPhase.SelfEmployedWaiting, NotPaidWhy.None);
                return (d < f.InvalidityFrom ? IndemnityPhase.PrimaryIncapacity : IndemnityPhase.Invalidity, NotPaidWhy.None);
            case IndemnityKind.Incapacity:
                if (WorkingDays.DayNumber(c.FirstDay, d) <= f.GuaranteedDays)
                    return (IndemnityPhase.EmployerGuaranteedSalary, NotPaidWhy.None);
                return (d < f.InvalidityFrom ? IndemnityPhase.PrimaryIncapacity : IndemnityPhase.Invalidity, NotPaidWhy.None);
            case IndemnityKind.Maternity:
                return (d > f.RestEnd ? IndemnityPhase.MaternityBeyondLimit : IndemnityPhase.MaternityRest, NotPaidWhy.None);
            default:
                if (d > f.WindowEnd) return (IndemnityPhase.BirthLeaveBeyondLimit, NotPaidWhy.OutsideBirthWindow);
                int leaveDay = WorkingDays.Count(c.FirstDay, d);
                if (leaveDay <= (int)f.BirthEmployerDays!.Value) return (IndemnityPhase.BirthLeaveEmployer, NotPaidWhy.None);
                if (leaveDay <= (int)f.BirthDays!.Value) return (IndemnityPhase.BirthLeave, NotPaidWhy.None);
                return (IndemnityPhase.BirthLeaveBeyondLimit, NotPaidWhy.BeyondLeaveDays);
        }
    }

    /// <summary>The basis of a Monday-to-Saturday day of a paying phase.</summary>
    public static DayBasis PaidBasis(CaseFacts f, IndemnityPhase phase, LocalDate d, ParameterSet p)
    {
        var c = f.Case;
        var family = c.FamilyOn(d);
        var basis = c.Status == MemberStatus.SelfEmployed ? FlatBasis(phase, family, d, p) : WageBasis(f, phase, family, d, p);
        if (c.ResumptionOn(d) is { } resumption)
        {
            var reduction = ResumptionReduction.Compute(resumption, d, p);
            basis = basis with { Reduction = reduction, BeforeReduction = basis.Amount, Amount = Money.Max(Money.Zero, basis.Amount - reduction.Amount) };
        }
        return basis;
    }

    private static DayBasis FlatBasis(IndemnityPhase phase, FamilyStatus family, LocalDate d, ParameterSet p)
    {
        var flat = p.At(P.SelfFlat(family), d);
        var amount = Money.FromEuros(flat.Value);
        return new DayBasis(phase, true, amount) { Family = family, Flat = flat, Computed = amount };
    }

    private static DayBasis WageBasis(CaseFacts f, IndemnityPhase phase, FamilyStatus family, LocalDate d, ParameterSet p)
    {
        var c = f.Case;
        bool capped = true;
        string rateName;
        switch (phase)
        {
            case IndemnityPhase.PrimaryIncapacity: rateName = P.RatePrimary; break;
            case IndemnityPhase.Invalidity: rateName = P.RateInvalidity(family); break;
            case IndemnityPhase.BirthLeave: rateName = P.RateBirth; break;
            default:
                bool firstDays = WorkingDays.DayNumber(c.FirstDay, d) <= (int)f.UncappedDays!.Value;
                rateName = !firstDays ? P.RateMaternityAfter : c.Unemployed ? P.RateMaternityUnemployedFirst : P.RateMaternityFirst;
                capped = !firstDays || c.Unemployed;
                break;
        }
        var rate = p.At(rateName, d);
        // The ceiling of the cohort of the reference day (the first day; for invalidity, the first day of invalidity),
        // at that day's level; the wage at the first day's level. Both are carried to the day by the index coefficient
        // and the lower one is the base: compared cross-multiplied, so exactly.
        var ceilingDay = phase == IndemnityPhase.Invalidity ? f.InvalidityFrom : c.FirstDay;
        var ceiling = capped ? p.At(P.Ceiling, ceilingDay) : null;
        var indexStart = p.At(P.IndexCoefficient, c.FirstDay);
        var indexCeiling = ceiling is null ? null : ceilingDay == c.FirstDay ? indexStart : p.At(P.IndexCoefficient, ceilingDay);
        var indexDay = p.At(P.IndexCoefficient, d);
        bool isCapped = ceiling is not null && f.Wage6 * indexCeiling!.Value > ceiling.Value * indexStart.Value;
        var wageBase = isCapped ? ceiling!.Value : f.Wage6;
        var indexBase = isCapped ? indexCeiling! : indexStart;
        // One rounding, at the end: multiply everything first, divide once.
        var raw = wageBase * rate.Value * indexDay.Value / (100m * indexBase.Value);
        var computed = Money.FromEuros(raw);
        var basis = new DayBasis(phase, true, computed)
        {
            Family = family, Rate = rate, RateName = rateName, Ceiling = ceiling, CeilingDay = ceilingDay, Capped = isCapped,
            Base = wageBase, BaseDay = isCapped ? ceilingDay : c.FirstDay, IndexAtFirstDay = indexStart,
            IndexAtCeilingDay = indexCeiling, IndexAtStart = indexBase, IndexOnDay = indexDay, Raw = raw, Computed = computed,
        };
        bool minimumApplies = phase == IndemnityPhase.Invalidity ||
                              (phase == IndemnityPhase.PrimaryIncapacity && d >= f.MinimumUniformFrom);
        if (!minimumApplies) return basis;
        var column = phase == IndemnityPhase.Invalidity || d >= f.MinimumSecondFrom ? MinimumColumn.Second
            : d >= f.MinimumFirstFrom ? MinimumColumn.First : MinimumColumn.Uniform;
        var name = column == MinimumColumn.Uniform ? P.MinimumUniform : P.Minimum(column == MinimumColumn.Second, c.RegularWorker, family);
        var minimum = p.At(name, d);
        return basis with
        {
            Minimum = minimum, MinimumName = name, Column = column,
            Amount = Money.Max(computed, Money.FromEuros(minimum.Value)),
        };
    }
}
