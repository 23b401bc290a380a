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

    /// <summary>No MAF table at all: every year of care is refused with a coverage error.</summary>
    public static MafRules Empty { get; } = new(null);

    public DatedSeries<MafBracketTable>? Brackets { get; }

    public MafRules(DatedSeries<MafBracketTable>? brackets) => Brackets = brackets;
}
