using Engine.Core.Rules;
using NodaTime;

namespace Engine.Core.Ceilings;

using Money = Engine.Core.Money.Money;

/// <summary>
/// A household's MAF ceilings for one year of care, with how they were chosen. <see cref="Child"/> is the individual
/// ceiling of each member younger than <see cref="ChildAgeLimit"/> on the date of care.
/// <see cref="ThirdPartyRefundToProvider"/> is the rule flag saying who receives a refund owed on a line paid in
/// third-party payment (false: the member, as for every other line). <see cref="Social"/>: the MAF social ceiling
/// applies (a BIM household whose MAF social is not above its MAF revenus): it then covers only the BIM beneficiary,
/// the partner and the dependants (<see cref="MafBatch"/> counts the other co-residents apart).
/// </summary>
public sealed record MafCeiling(
    string HouseholdId, int Year, Money Household, Money Child, int ChildAgeLimit, bool ThirdPartyRefundToProvider,
    IReadOnlyList<ExplanationStep> Explanation, bool Social = false);

public static class MafCeilings
{
    /// <summary>
    /// The household ceiling: the MAF revenus ceiling of the reference-income bracket; for a BIM household the MAF
    /// social ceiling when it is lower (the household gets the more favourable of the two; a BIM household without a
    /// known income gets the MAF social); then lowered by the chronic-illness reduction (never below zero). The child
    /// ceiling is lowered by the same reduction (belgian-rules.md §9.7, lepharmacien.be).
    /// Throws <see cref="MafYearNotCoveredException"/> (a <see cref="RuleCoverageException"/>) naming the parameter and
    /// the year when rules/ has no figure for that year of care (2025 and 2026 are "not found" in the reference
    /// sheet): never another year's figure. Throws <see cref="ArgumentException"/> for a household row that allows no
    /// ceiling (no income and no BIM right).
    /// </summary>
    /// <param name="explain">False: the steps keep their rule ids and origins, their words left empty (a run's MAF
    /// reads only their origins: <see cref="Provisional.Of"/>).</param>
    public static MafCeiling For(RuleSet rules, MafHousehold household, bool explain = true)
    {
        int year = household.Year;
        var steps = new Steps(explain);
        Money? ceiling = null;
        bool social = false;

        if (household.ReferenceIncome is { } income)
        {
            var table = Need(rules.Ceilings.Brackets, MafRules.BracketsName, year);
            var bracket = table.Value.For(income);
            steps.Add("maf.revenus", () =>
                $"household {household.HouseholdId}, year of care {year}: reference income {income} is in bracket {bracket.Number} ({(bracket.IncomeUpTo is { } up ? $"up to {up}" : "the highest, no upper bound")}), ceiling {bracket.Ceiling}",
                bracket.Origin);
            ceiling = bracket.Ceiling;
        }
        else if (!household.Bim)
        {
            throw new ArgumentException(
                $"household {household.HouseholdId} year {year}: no reference income and no BIM right, so no MAF ceiling can be chosen");
        }

        if (household.Bim)
        {
            var socialCeiling = Param(rules, MafRules.SocialCeiling, year);
            var s = Euros(socialCeiling);
            if (ceiling is null || s < ceiling.Value)
            {
                var revenus = ceiling;
                steps.Add("maf.social", () =>
                    revenus is null
                        ? $"BIM household without a known income: MAF social ceiling {s}"
                        : $"BIM household: MAF social ceiling {s} is lower than the MAF revenus ceiling {revenus.Value} and applies",
                    socialCeiling.Origin);
                ceiling = s;
                social = true;
            }
            else
            {
                var revenus = ceiling.Value;
                steps.Add("maf.social", () => $"BIM household: MAF social ceiling {s} is not lower than the MAF revenus ceiling {revenus}, which stays",
                    socialCeiling.Origin);
            }
        }

        var householdCeiling = ceiling!.Value;
        var child = Param(rules, MafRules.ChildCeiling, year);
        var childCeiling = Euros(child);
        if (household.Chronic)
        {
            var reduction = Param(rules, MafRules.ChronicReduction, year);
            var r = Euros(reduction);
            var lowered = Money.Max(Money.Zero, householdCeiling - r);
            var childLowered = Money.Max(Money.Zero, childCeiling - r);
            var (before, childBefore) = (householdCeiling, childCeiling);
            steps.Add("maf.chronic", () =>
                $"chronic-illness status: ceiling {before} lowered by {r} to {lowered}; the child ceiling {childBefore} too, to {childLowered}",
                reduction.Origin);
            householdCeiling = lowered;
            childCeiling = childLowered;
        }

        var age = Param(rules, MafRules.ChildAgeLimit, year);
        var flag = Param(rules, MafRules.ThirdPartyRefundToProvider, year);
        if (age.Value != decimal.Truncate(age.Value) || age.Value <= 0)
            throw new RuleLoadException($"{age.Origin.File}:{age.Origin.Line}: '{MafRules.ChildAgeLimit}' must be a whole number of years");
        if (flag.Value is not (0m or 1m))
            throw new RuleLoadException($"{flag.Origin.File}:{flag.Origin.Line}: '{MafRules.ThirdPartyRefundToProvider}' must be 0 or 1");
        var childFinal = childCeiling;
        steps.Add("maf.child", () => $"each member younger than {(int)age.Value} on the date of care also has an individual ceiling of {childFinal}", child.Origin);

        return new MafCeiling(household.HouseholdId, year, householdCeiling, childCeiling, (int)age.Value, flag.Value == 1m, steps.List, social);
    }

    /// <summary>The ceiling's steps, their words written only when explained.</summary>
    private readonly struct Steps(bool explain)
    {
        public List<ExplanationStep> List { get; } = [];

        public void Add(string ruleId, Func<string> text, RuleOrigin origin) => List.Add(new ExplanationStep(ruleId, explain ? text() : "", origin));
    }

    private static Money Euros(Dated<decimal> value)
    {
        var cents = value.Value * 100m;
        if (cents != decimal.Truncate(cents))
            throw new RuleLoadException($"{value.Origin.File}:{value.Origin.Line}: {value.Value} has more than two decimals");
        return new Money((long)cents);
    }

    private static Dated<decimal> Param(RuleSet rules, string name, int year)
    {
        if (!rules.Parameters.Has(name))
            throw new MafYearNotCoveredException(name, year, $"MAF for the year of care {year}: rules/ceilings/ does not define '{name}' at all");
        return Need(rules.Parameters.Series(name), name, year);
    }

    /// <summary>A yearly MAF figure must cover the whole year of care; otherwise the year is refused, naming both.</summary>
    private static Dated<T> Need<T>(DatedSeries<T>? series, string name, int year)
    {
        var jan1 = new LocalDate(year, 1, 1);
        var dec31 = new LocalDate(year, 12, 31);
        if (series is null)
            throw new MafYearNotCoveredException(name, year, $"MAF for the year of care {year}: rules/ceilings/ has no '{name}' table at all");
        if (series.TryAt(jan1, out var value) && value.Covers(dec31)) return value;
        var covered = $"{series.CoveredFrom:yyyy-MM-dd} to {(series.CoveredTo is { } t ? t.ToString("yyyy-MM-dd", null) : "open end")}";
        throw new MafYearNotCoveredException(name, year,
            $"MAF for the year of care {year} is not in rules/ceilings/ ('{name}' covers {covered}; the reference sheet has no figure for {year}); the engine never uses another year's figures");
    }
}
