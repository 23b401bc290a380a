using NodaTime;

namespace Engine.Core.Ceilings;

using Money = Engine.Core.Money.Money;

/// <summary>
/// The key of a MAF counter: one household, one calendar year of care. The co-residents of a household under the MAF
/// social who are not the BIM beneficiary's family (<see cref="HouseholdRelation.Other"/>) have a counter of their own,
/// keyed "&lt;household&gt;:others" (<see cref="OthersOf"/>): the MAF social does not cover them.
/// </summary>
public readonly record struct MafCounterKey(string HouseholdId, int Year)
{
    public const string OthersSuffix = ":others";

    public override string ToString() => $"{HouseholdId}/{Year}";

    /// <summary>The counter of the co-residents the MAF social does not cover.</summary>
    public static MafCounterKey OthersOf(MafCounterKey key) => new(key.HouseholdId + OthersSuffix, key.Year);

    /// <summary>Whether this is the counter of such co-residents; <see cref="Address"/> is then the household's own key.</summary>
    public bool IsOthers => HouseholdId.EndsWith(OthersSuffix, StringComparison.Ordinal);

    public MafCounterKey Address => IsOthers ? new(HouseholdId[..^OthersSuffix.Length], Year) : this;
}

/// <summary>
/// How a member of an address household is related to its titular member (the registry's household relation):
/// the titulaire, the partner, a dependant (personne à charge), or another co-resident. The MAF social covers the
/// BIM beneficiary, the partner and the dependants, not every person at the address (belgian-rules.md §9.7): an
/// <see cref="Other"/> co-resident of a household under the MAF social is counted apart, under the MAF revenus.
/// <see cref="Unknown"/> (the registry did not say) keeps the address household whole.
/// </summary>
public enum HouseholdRelation { Unknown, Titulaire, Partner, Dependant, Other }

public static class HouseholdRelations
{
    /// <summary>The registry words, in the order of the enum (Unknown is the empty cell).</summary>
    public static readonly string[] Words = ["", "titulaire", "partner", "dependant", "other"];

    /// <summary>Reads a relation cell: empty = unknown; otherwise one of titulaire, partner, dependant, other (any case).</summary>
    public static bool TryParse(string? text, out HouseholdRelation relation)
    {
        var t = (text ?? "").Trim().ToLowerInvariant();
        int i = Array.IndexOf(Words, t);
        relation = i < 0 ? HouseholdRelation.Unknown : (HouseholdRelation)i;
        return i >= 0;
    }

    public static string Word(this HouseholdRelation relation) => Words[(int)relation];
}

/// <summary>
/// What decides a household's MAF ceiling for one year of care: its reference income (net taxable income of two
/// years earlier; may be absent only for a BIM household, which then gets the MAF social), whether it holds the
/// BIM right, and whether it holds the chronic-illness status (or paid personal shares of at least the indexed "450",
/// that year's MAF social ceiling, in each of the two previous years: <see cref="MafChronicCondition"/>; decided
/// upstream, it arrives here as <see cref="Chronic"/>). The chronic-illness reduction lowers the household ceiling
/// and the child ceiling.
/// </summary>
public sealed record MafHousehold(string HouseholdId, int Year, Money? ReferenceIncome, bool Bim, bool Chronic)
{
    public MafCounterKey Key => new(HouseholdId, Year);

    /// <summary>
    /// The household of the co-residents the MAF social does not cover: the MAF revenus on the same reference income
    /// (that of the address household, as the registry gives it) and the same chronic-illness flag (the row carries no
    /// per-person status), without the BIM right. No reference income: no ceiling can be chosen for them (an error,
    /// never a guess).
    /// </summary>
    public MafHousehold Others() => this with { HouseholdId = HouseholdId + MafCounterKey.OthersSuffix, Bim = false };

    /// <summary>The household row of a counter key: the row itself, or <see cref="Others"/> of the address household
    /// for an "…:others" key; null when there is no row.</summary>
    public static MafHousehold? Of(MafCounterKey key, IReadOnlyDictionary<MafCounterKey, MafHousehold> households) =>
        households.TryGetValue(key.Address, out var row) ? (key.IsOthers ? row.Others() : row) : null;
}

/// <summary>A person's address-household for a period, as the National Register gives it.</summary>
public sealed record HouseholdMembership(string BeneficiaryId, string HouseholdId, LocalDate From, LocalDate? To)
{
    public bool Covers(LocalDate date) => date >= From && (To is null || date <= To.Value);
}

/// <summary>
/// Which household a person's care counts for. Rule: the household of year Y is the one the person belongs to on
/// 1 January of Y; a person moving during the year stays in that household's counter until 31 December. A person
/// who belongs to no household on 1 January (born or arrived during the year) counts with the first household they
/// join that year.
/// </summary>
public static class HouseholdComposition
{
    public static string? HouseholdOf(IEnumerable<HouseholdMembership> memberships, string beneficiaryId, int year)
    {
        var mine = memberships.Where(m => m.BeneficiaryId == beneficiaryId).OrderBy(m => m.From).ToList();
        var jan1 = new LocalDate(year, 1, 1);
        var onJan1 = mine.FirstOrDefault(m => m.Covers(jan1));
        if (onJan1 is not null) return onJan1.HouseholdId;
        return mine.FirstOrDefault(m => m.From.Year == year)?.HouseholdId;
    }
}
