using NodaTime.Text;

namespace Engine.Core.Payments;

/// <summary>
/// The unstructured remittance of a member transfer (or a provider transfer that is not third-party payment):
/// a bilingual label (French/Dutch, the member's language is not known here), then the AC advantage ids, then the
/// dates covered (first to last of the items' periods, dd/MM/yyyy). In the SEPA character set, at most 140
/// characters; a longer text is cut to 137 and ends with "...".
/// </summary>
public static class RemittanceText
{
    private static readonly LocalDatePattern Day = LocalDatePattern.CreateWithInvariantCulture("dd'/'MM'/'uuuu");

    public static string Label(PaymentPurpose purpose) => purpose switch
    {
        PaymentPurpose.ThirdPartyCare => "Tiers payant/Derdebetaler",
        PaymentPurpose.DirectRefund => "Remboursement soins/Terugbetaling zorg",
        PaymentPurpose.MafRefund => "Maximum a facturer/Maximumfactuur",
        PaymentPurpose.AcAdvantage => "Avantage AC/Voordeel AV",
        PaymentPurpose.Indemnity => "Indemnites/Uitkeringen",
        PaymentPurpose.ShareRefund => "Ticket moderateur victimes de guerre/Remgeld oorlogsslachtoffers",
        _ => throw new ArgumentOutOfRangeException(nameof(purpose), purpose, null),
    };

    public static string For(PaymentPurpose purpose, IReadOnlyCollection<PayableItem> items)
    {
        var parts = new List<string> { Label(purpose) };
        var advantages = items.Select(i => i.AdvantageId).Where(a => !string.IsNullOrWhiteSpace(a))
            .Select(a => a!.Trim()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (advantages.Count > 0) parts.Add(string.Join(", ", advantages));
        var periods = items.Where(i => i.Period is not null).Select(i => i.Period!).ToList();
        if (periods.Count > 0)
        {
            var first = periods.Min(p => p.Start);
            var last = periods.Max(p => p.End);
            parts.Add(first == last ? Day.Format(first) : Day.Format(first) + "-" + Day.Format(last));
        }
        var text = SepaText.ToSepa(string.Join(' ', parts), int.MaxValue);
        const int max = SepaText.UnstructuredRemittanceMaxLength;
        return text.Length <= max ? text : text[..(max - 3)].TrimEnd() + "...";
    }
}
