using System.Globalization;
using Engine.Core.Payers;
using NodaTime;
using NodaTime.Text;

namespace Engine.Core.Payments;

/// <summary>
/// What makes items one transfer: the payee, the purpose, the execution date, and for third-party payment the eFact
/// sending (so the provider reconciles one transfer per sending); an explicit structured communication on the items
/// also splits groups, since one transfer carries one communication.
/// </summary>
public sealed record PaymentGroupKey(
    PayeeKind PayeeKind,
    string PayeeId,
    PaymentPurpose Purpose,
    LocalDate ExecutionDate,
    EfactSendingRef? Sending,
    string? StructuredDigits,
    Payer Payer = Payer.Insurance) : IComparable<PaymentGroupKey>
{
    /// <summary>
    /// An unambiguous text form (the payee id is length-prefixed, so no id can imitate another key); the end-to-end
    /// id is a hash of it. Changing this text changes every id: bump the "v1" tag if it must ever change.
    /// </summary>
    public string Canonical => string.Join('|',
        "v1",
        PayeeKind.ToString(),
        PayeeId.Length.ToString(CultureInfo.InvariantCulture) + ":" + PayeeId,
        Purpose.ToString(),
        LocalDatePattern.Iso.Format(ExecutionDate),
        Sending?.ToString() ?? "-",
        StructuredDigits ?? "-") + (Payer == Payer.Insurance ? "" : "|" + Payer.Code());
    // The payer is appended only for another payer than the insurance: the insurance's ids stay those of every run before.

    public int CompareTo(PaymentGroupKey? other)
    {
        if (other is null) return 1;
        int c;
        if ((c = ExecutionDate.CompareTo(other.ExecutionDate)) != 0) return c;
        if ((c = Payer.CompareTo(other.Payer)) != 0) return c;
        if ((c = PayeeKind.CompareTo(other.PayeeKind)) != 0) return c;
        if ((c = string.CompareOrdinal(PayeeId, other.PayeeId)) != 0) return c;
        if ((c = Purpose.CompareTo(other.Purpose)) != 0) return c;
        if ((c = CompareSending(Sending, other.Sending)) != 0) return c;
        return string.CompareOrdinal(StructuredDigits, other.StructuredDigits);
    }

    internal static int CompareSending(EfactSendingRef? a, EfactSendingRef? b)
    {
        if (a is null || b is null) return (a is null ? 0 : 1) - (b is null ? 0 : 1);
        int c;
        if ((c = a.InvoicedMonth.CompareTo(b.InvoicedMonth)) != 0) return c;
        if ((c = a.SendingNumber.CompareTo(b.SendingNumber)) != 0) return c;
        return a.MutualityNumber.CompareTo(b.MutualityNumber);
    }
}
