using Engine.Core.Rules;

namespace Engine.Core.Ceilings;

using Money = Engine.Core.Money.Money;

/// <summary>
/// The personal-shares route to the chronic-illness reduction (belgian-rules.md §9.5): personal shares at least the
/// indexed "450" amount in each of the two previous years, that amount being each year's MAF social ceiling
/// (506.79 in 2022 and 2023, 516.92 in 2024). No figure of its own: it reads <see cref="MafRules.SocialCeiling"/> of
/// each previous year, so a year without that figure is refused (<see cref="MafYearNotCoveredException"/>), never
/// taken from another year. The chronic-illness status itself arrives as <see cref="MafHousehold.Chronic"/>.
/// </summary>
public static class MafChronicCondition
{
    /// <summary>Whether personal shares of <paramref name="twoYearsBefore"/> (year − 2) and
    /// <paramref name="yearBefore"/> (year − 1) open the reduction for the year of care <paramref name="year"/>.</summary>
    public static (bool Holds, IReadOnlyList<ExplanationStep> Why) ByPersonalShares(RuleSet rules, int year, Money twoYearsBefore, Money yearBefore)
    {
        var steps = new List<ExplanationStep>();
        bool holds = true;
        foreach (var (y, shares) in new[] { (year - 2, twoYearsBefore), (year - 1, yearBefore) })
        {
            var threshold = Threshold(rules, y, out var origin);
            bool reached = shares >= threshold;
            holds &= reached;
            steps.Add(new ExplanationStep("maf.chronic.condition",
                $"personal shares of {y}: {shares} {(reached ? ">=" : "<")} {threshold} (the MAF social ceiling of {y}, the indexed 450)", origin));
        }
        return (holds, steps);
    }

    /// <summary>The threshold of one year: that year's MAF social ceiling.</summary>
    public static Money Threshold(RuleSet rules, int year, out RuleOrigin origin)
    {
        var jan1 = new NodaTime.LocalDate(year, 1, 1);
        var dec31 = new NodaTime.LocalDate(year, 12, 31);
        if (!rules.Parameters.Has(MafRules.SocialCeiling)
            || !rules.Parameters.Series(MafRules.SocialCeiling).TryAt(jan1, out var value) || !value.Covers(dec31))
            throw new MafYearNotCoveredException(MafRules.SocialCeiling, year,
                $"the chronic-illness condition needs the MAF social ceiling of {year}, which rules/ceilings/ does not have; the engine never uses another year's figures");
        origin = value.Origin;
        return Money.Parse(value.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
