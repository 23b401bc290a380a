using NodaTime;

namespace Engine.Core.Ceilings;

using Money = Engine.Core.Money.Money;

/// <summary>The key of a MAF counter: one household, one calendar year of care.</summary>
public readonly record struct MafCounterKey(string HouseholdId, int Year)
{
    public override string ToString() => $"{HouseholdId}/{Year}";
}

/// <summary>
/// What decides a household's MAF ceiling for one year of care: its reference income (net taxable income of two
/// years earlier; may be absent only for a BIM household, which then gets the MAF social), whether it holds the
/// BIM right, and whether it holds the chronic-illness status (or paid at least 450 of personal shares in each of
/// the two previous years: that condition is decided upstream and arrives here as <see cref="Chronic"/>).
/// </summary>
public sealed record MafHousehold(string HouseholdId, int Year, Money? ReferenceIncome, bool Bim, bool Chronic)
{
    public MafCounterKey Key => new(HouseholdId, Year);
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
