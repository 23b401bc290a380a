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

    /// <summary>No MAF table at all: every year of care is refused with a coverage error.</summary>
    public static MafRules Empty { get; } = new(null);

    public DatedSeries<MafBracketTable>? Brackets { get; }

    public MafRules(DatedSeries<MafBracketTable>? brackets) => Brackets = brackets;
}
