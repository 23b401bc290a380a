using NodaTime;

namespace Engine.Core.Ceilings;

using Money = Engine.Core.Money.Money;

/// <summary>
/// One care line as the MAF counter sees it. <see cref="PersonalShare"/> is the legal personal share (ticket
/// modérateur) only; <see cref="Supplement"/> is carried so the explanation can say it was left out: supplements never
/// count for the MAF. <see cref="BirthDate"/> is the beneficiary's: a beneficiary younger than the child age limit on
/// <see cref="ServiceDate"/> has the child ceiling (no birth date: counted as an adult).
/// </summary>
public sealed record MafLine(
    string LineId, string BeneficiaryId, LocalDate ServiceDate, Money PersonalShare, LocalDate? BirthDate = null,
    bool ThirdPartyPayment = false, Money Supplement = default)
{
    /// <summary>The year of care: the counter a line belongs to is that of its service date, not its payment date.</summary>
    public int Year => ServiceDate.Year;
}

/// <summary>Who receives a MAF refund.</summary>
public enum MafPayee { Member, Provider }
