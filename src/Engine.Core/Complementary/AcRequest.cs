using NodaTime;

namespace Engine.Core.Complementary;

using Money = Engine.Core.Money.Money;

/// <summary>
/// A request for an AC advantage, as an attestation brings it. <see cref="Date"/> is the date of the care or of the
/// event (the birth for a birth premium). <see cref="EvidenceReference"/> names the event the request belongs to
/// (the birth certificate, the treatment); without one, the event is the request's date.
/// </summary>
public sealed record AcRequest(string RequestId, string MemberId, string AdvantageId, LocalDate Date, Money AmountPaid,
    string? EvidenceReference = null)
{
    public string EventKey => string.IsNullOrWhiteSpace(EvidenceReference) ? Date.ToString("yyyy-MM-dd", null) : EvidenceReference.Trim();
}

/// <summary>
/// The member as the AC conditions see them on the request date: birth date, contribution in order, months of
/// unpaid contributions (null = not known: only "in order" is then known), and the date the AC membership began
/// (null = not known: an advantage with a waiting period is then refused, never assumed served).
/// </summary>
public sealed record AcMember(string MemberId, LocalDate BirthDate, bool ContributionInOrder, int? MonthsInArrears = null,
    LocalDate? AcSince = null);
