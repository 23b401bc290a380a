using Engine.Core.Rules;

namespace Engine.Core.Ceilings;

using Money = Engine.Core.Money.Money;

/// <summary>One income bracket of the MAF revenus table: incomes up to <see cref="IncomeUpTo"/> (inclusive; null = no
/// upper bound) give the household <see cref="Ceiling"/>.</summary>
public sealed record MafBracket(int Number, Money? IncomeUpTo, Money Ceiling, RuleOrigin Origin);

/// <summary>The MAF revenus brackets of one year of care, lowest first; the last one has no upper bound.</summary>
public sealed record MafBracketTable(IReadOnlyList<MafBracket> Brackets)
{
    public MafBracket For(Money referenceIncome) =>
        Brackets.First(b => b.IncomeUpTo is null || referenceIncome <= b.IncomeUpTo.Value);
}

/// <summary>
/// The MAF tables of rules/ceilings/ that are not plain parameters: the income brackets per year of care.
/// The single-figure MAF parameters (social ceiling, chronic reduction, child ceiling...) are in
/// <see cref="RuleSet.Parameters"/> under the names below.
/// </summary>
public sealed class MafRules
{
    public const string BracketsName = "maf.revenus.brackets";
    public const string SocialCeiling = "maf.social.ceiling";
    public const string ChronicReduction = "maf.chronic.reduction";
    public const string ChildCeiling = "maf.child.ceiling";
    public const string ChildAgeLimit = "maf.child.age_limit";
    public const string ThirdPartyRefundToProvider = "maf.third_party.refund_to_provider";

    /// <summary>
    /// "maf.excluded_kind." + a kind of care of rules/reimbursement/codes.csv (e.g. medicine_Cs): 1 = the personal
    /// share of a line of that kind never counts for the MAF; 0 or no such parameter = it counts.
    /// </summary>
    public const string ExcludedKindPrefix = "maf.excluded_kind.";

    /// <summary>
    /// Why the personal share of a line with this code does not count for the MAF, or null when it counts (a code
    /// unknown to the nomenclature, or a kind with no exclusion, counts). Throws <see cref="RuleCoverageException"/>
    /// when the kind's exclusion flag does not cover the date of care.
    /// </summary>
    public static ExplanationStep? NotCounted(RuleSet rules, int code, NodaTime.LocalDate date, string lineId)
    {
        if (!rules.Reimbursement.TryGetCode(code, out var entry)) return null;
        var name = ExcludedKindPrefix + entry.Kind;
        if (!rules.Parameters.Has(name)) return null;
        var flag = rules.Parameters.At(name, date);
        if (flag.Value is not (0m or 1m))
            throw new RuleLoadException($"{flag.Origin.File}:{flag.Origin.Line}: '{name}' must be 0 or 1");
        return flag.Value == 0m ? null : new ExplanationStep("maf.excluded",
            $"line {lineId}: code {code} is of kind {entry.Kind}, whose personal share does not count for the MAF ('{name}'): not counted, refund 0.00",
            flag.Origin);
    }

    /// <summary>1 = only the first <see cref="PsychiatricDaysCap"/> days of a stay in a psychiatric hospital count for
    /// the MAF (until 2025); 0 = every day counts (from 2026-01-01, belgian-rules.md §9.5).</summary>
    public const string PsychiatricDaysCapped = "maf.psychiatric_days.capped";

    /// <summary>How many days of a stay in a psychiatric hospital count while <see cref="PsychiatricDaysCapped"/> is 1.</summary>
    public const string PsychiatricDaysCap = "maf.psychiatric_days.cap";

    /// <summary>
    /// How many days of a stay in a psychiatric hospital count for the MAF on a date of care: the cap (365 until
    /// 2025), or null when every day counts (from 2026). No kind of care of the engine carries such days yet
    /// (ambulatory care only): this is the one place a hospital-day line will read the rule from. Throws
    /// <see cref="RuleCoverageException"/> when the rules do not cover the date.
    /// </summary>
    public static (int? Cap, ExplanationStep Why) PsychiatricDayCap(RuleSet rules, NodaTime.LocalDate date)
    {
        if (!rules.Parameters.Has(PsychiatricDaysCapped))
            throw new RuleCoverageException(PsychiatricDaysCapped, date, "rules/ceilings/ does not define it at all");
        var capped = rules.Parameters.At(PsychiatricDaysCapped, date);
        if (capped.Value is not (0m or 1m))
            throw new RuleLoadException($"{capped.Origin.File}:{capped.Origin.Line}: '{PsychiatricDaysCapped}' must be 0 or 1");
        if (capped.Value == 0m)
            return (null, new ExplanationStep("maf.psychiatric_days", $"on {date:yyyy-MM-dd} every day in a psychiatric hospital counts for the MAF", capped.Origin));
        var cap = rules.Parameters.At(PsychiatricDaysCap, date);
        if (cap.Value != decimal.Truncate(cap.Value) || cap.Value <= 0)
            throw new RuleLoadException($"{cap.Origin.File}:{cap.Origin.Line}: '{PsychiatricDaysCap}' must be a whole number of days");
        return ((int)cap.Value, new ExplanationStep("maf.psychiatric_days",
            $"on {date:yyyy-MM-dd} at most {(int)cap.Value} days of a stay in a psychiatric hospital count for the MAF", cap.Origin));
    }

    /// <summary>No MAF table at all: every year of care is refused with a coverage error.</summary>
    public static MafRules Empty { get; } = new(null);

    public DatedSeries<MafBracketTable>? Brackets { get; }

    public MafRules(DatedSeries<MafBracketTable>? brackets) => Brackets = brackets;
}
