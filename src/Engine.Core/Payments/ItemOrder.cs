namespace Engine.Core.Payments;

/// <summary>
/// A total order on items (payee, purpose, execution date, source reference, then every other field), so that the
/// grouping's output never depends on the order the items arrived in.
/// </summary>
public sealed class ItemOrder : IComparer<PayableItem>
{
    public static readonly ItemOrder Instance = new();

    public int Compare(PayableItem? x, PayableItem? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        int c;
        if ((c = x.PayeeKind.CompareTo(y.PayeeKind)) != 0) return c;
        if ((c = string.CompareOrdinal(x.PayeeId, y.PayeeId)) != 0) return c;
        if ((c = x.Purpose.CompareTo(y.Purpose)) != 0) return c;
        if ((c = x.ExecutionDate.CompareTo(y.ExecutionDate)) != 0) return c;
        if ((c = string.CompareOrdinal(x.SourceRef, y.SourceRef)) != 0) return c;
        if ((c = x.Amount.CompareTo(y.Amount)) != 0) return c;
        if ((c = string.CompareOrdinal(x.PayeeName, y.PayeeName)) != 0) return c;
        if ((c = string.CompareOrdinal(x.Iban, y.Iban)) != 0) return c;
        if ((c = ComparePeriod(x, y)) != 0) return c;
        if ((c = string.CompareOrdinal(x.AdvantageId, y.AdvantageId)) != 0) return c;
        if ((c = PaymentGroupKey.CompareSending(x.Sending, y.Sending)) != 0) return c;
        if ((c = string.CompareOrdinal(x.StructuredCommunication, y.StructuredCommunication)) != 0) return c;
        return x.Payer.CompareTo(y.Payer);
    }

    private static int ComparePeriod(PayableItem x, PayableItem y)
    {
        if (x.Period is null || y.Period is null) return (x.Period is null ? 0 : 1) - (y.Period is null ? 0 : 1);
        var c = x.Period.Start.CompareTo(y.Period.Start);
        return c != 0 ? c : x.Period.End.CompareTo(y.Period.End);
    }
}
