using Engine.Core.Payers;
using NodaTime;

namespace Engine.Core.Payments;

using Money = Engine.Core.Money.Money;

public enum PayeeKind { Provider, Member }

/// <summary>What an owed amount pays; it decides the grouping and the remittance.</summary>
public enum PaymentPurpose
{
    /// <summary>Care paid to the provider under third-party payment, settling one eFact sending.</summary>
    ThirdPartyCare,
    /// <summary>Care refunded to the member who paid the provider.</summary>
    DirectRefund,
    /// <summary>Refund above the household's maximum à facturer ceiling.</summary>
    MafRefund,
    /// <summary>Complementary-insurance (AC) advantage.</summary>
    AcAdvantage,
    /// <summary>Work-incapacity, invalidity or parenthood indemnity.</summary>
    Indemnity,
    /// <summary>The personal share of a war victim's care, refunded to the member by the war-victims fund (docs/payers.md).</summary>
    ShareRefund,
}

/// <summary>
/// One amount the run owes (or, when negative, claims back). <paramref name="SourceRef"/> is the id of the line
/// result it comes from and must be unique in a run. <paramref name="Iban"/> is as recorded (may be missing or
/// wrong: the item is then held back with the reason). <paramref name="ExecutionDate"/> is the requested execution
/// date; one payment block is written per date. <paramref name="Period"/> holds the care dates (or the indemnity
/// period) and <paramref name="AdvantageId"/> the AC advantage, both for the remittance text.
/// <paramref name="Payer"/> is the budget the amount is paid from: each payer has its own transfers and payment file.
/// <paramref name="Sending"/> is required for <see cref="PaymentPurpose.ThirdPartyCare"/> unless an explicit
/// <paramref name="StructuredCommunication"/> is given.
/// </summary>
public sealed record PayableItem(
    string SourceRef,
    PayeeKind PayeeKind,
    string PayeeId,
    string PayeeName,
    string? Iban,
    Money Amount,
    PaymentPurpose Purpose,
    LocalDate ExecutionDate,
    DateInterval? Period = null,
    string? AdvantageId = null,
    EfactSendingRef? Sending = null,
    string? StructuredCommunication = null,
    Payer Payer = Payer.Insurance)
{
    /// <summary>Safe to log: the IBAN is masked and the payee name left out.</summary>
    public override string ToString() =>
        $"{SourceRef} {PayeeKind} {PayeeId} {Purpose} {Amount} on {ExecutionDate:uuuu-MM-dd} to {Payments.Iban.Mask(Iban)}";
}
