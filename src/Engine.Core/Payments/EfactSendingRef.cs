using NodaTime;

namespace Engine.Core.Payments;

/// <summary>
/// Identifies the eFact sending a third-party payment settles: the provider's sending number (record 10 zone 7,
/// 1..999), the invoiced month (record 10 zones 22-23) and the mutuality number the sending was addressed to
/// (record 95, 3 digits). With the provider id it is the grouping key of a third-party-payment transfer.
/// </summary>
public sealed record EfactSendingRef(int SendingNumber, YearMonth InvoicedMonth, int MutualityNumber)
{
    /// <summary>Null when the reference can be used, else why not.</summary>
    public string? Problem =>
        SendingNumber is < 1 or > 999 ? $"eFact sending number {SendingNumber} is not between 001 and 999"
        : MutualityNumber is < 0 or > 999 ? $"mutuality number {MutualityNumber} is not 3 digits"
        : null;

    /// <summary>SSS/YYYYMM/MMM, the way the eFact settlement writes its payment reference.</summary>
    public override string ToString() => FormattableString.Invariant(
        $"{SendingNumber:000}/{InvoicedMonth.Year:0000}{InvoicedMonth.Month:00}/{MutualityNumber:000}");
}
