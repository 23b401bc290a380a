using NodaTime;

namespace Engine.Core.Reimbursement;

using Money = global::Engine.Core.Money.Money;

/// <summary>How the line reaches the insurer: eFact third-party payment (the insurer pays the provider) or
/// eAttest direct refund (the member paid the provider and the insurer refunds the member).</summary>
public enum Channel : byte { Efact, Eattest }

/// <summary>
/// One care line as billed. <see cref="Code"/> is the nomenclature code as an integer (eFact's 7-digit form with a
/// leading zero and the 6-digit form are the same number: see <see cref="CareCode.TryParse"/>).
/// <see cref="BilledAmount"/> is the total billed for the line (all units together).
/// <see cref="DmgWithProvider"/>: the beneficiary's global medical record (DMG) is held by this provider.
/// </summary>
public readonly record struct CareLine(
    int Code,
    LocalDate ServiceDate,
    int Quantity,
    Money BilledAmount,
    bool ProviderConventioned,
    Channel Channel,
    bool Referral,
    bool DmgWithProvider);

/// <summary>
/// The beneficiary's situation on the care date. <see cref="HasDmg"/>: the beneficiary holds a DMG (with some GP);
/// a line with <see cref="CareLine.DmgWithProvider"/> implies it. <see cref="BimAvantages"/>: the BIM right was granted
/// with a social benefit ("BIM avantages", automatic, no income enquiry); false for a BIM right granted after an income
/// enquiry; meaningless (and ignored) when <see cref="Bim"/> is false.
/// </summary>
public readonly record struct BeneficiarySituation(LocalDate BirthDate, bool Bim, bool HasDmg, bool BimAvantages = false)
{
    /// <summary>BIM with the right granted with a social benefit.</summary>
    public bool HoldsBimAvantages => Bim && BimAvantages;

    /// <summary>Age in whole years on a date (the rule: <see cref="Calendar.Age.On"/>); negative before birth.</summary>
    public int AgeOn(LocalDate date) => Calendar.Age.On(BirthDate, date);
}
