using NodaTime;

namespace Engine.Core.Payments;

using Money = Engine.Core.Money.Money;

/// <summary>Exactly one of the two is set: a structured communication (OGM) or a short text.</summary>
public sealed record Remittance(StructuredCommunication? Structured, string? Unstructured)
{
    public static Remittance Of(StructuredCommunication ogm) => new(ogm, null);
    public static Remittance Of(string text) => new(null, text);
    public override string ToString() => Structured?.ToString() ?? Unstructured ?? "";
}

/// <summary>
/// One credit transfer: the positive items of one payee group, summed. <see cref="Amount"/> is always the sum of
/// <see cref="Items"/>; the items are in <see cref="PaymentGrouping"/>'s stable order.
/// </summary>
public sealed record Transfer(
    string EndToEndId,
    PaymentGroupKey Key,
    string CreditorName,
    Iban CreditorIban,
    Money Amount,
    Remittance Remittance,
    IReadOnlyList<PayableItem> Items)
{
    public LocalDate ExecutionDate => Key.ExecutionDate;
    public PayeeKind PayeeKind => Key.PayeeKind;
    public string PayeeId => Key.PayeeId;
    public PaymentPurpose Purpose => Key.Purpose;
}

/// <summary>An item not paid, and why (bad or missing IBAN, inconsistent data). It is kept, never dropped.</summary>
public sealed record HeldBackItem(PayableItem Item, string Reason);

/// <summary>
/// The payments of one run. Every input item is in exactly one list: paid (inside a transfer), held back,
/// to recover (negative amount) or zero.
/// </summary>
public sealed record PaymentPlan(
    string RunId,
    IReadOnlyList<Transfer> Transfers,
    IReadOnlyList<HeldBackItem> HeldBack,
    IReadOnlyList<PayableItem> Recoveries,
    IReadOnlyList<PayableItem> ZeroAmounts)
{
    public Money Total => Transfers.Aggregate(Money.Zero, (s, t) => s + t.Amount);

    /// <summary>The distinct execution dates, ascending: one payment block each.</summary>
    public IReadOnlyList<LocalDate> ExecutionDates => Transfers.Select(t => t.ExecutionDate).Distinct().Order().ToList();
}
