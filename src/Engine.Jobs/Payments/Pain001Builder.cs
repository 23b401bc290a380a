using Engine.Core.Payments;
using NodaTime;

namespace Engine.Jobs.Payments;

using Money = Engine.Core.Money.Money;

/// <summary>
/// Lays a payment plan out as a pain.001 message: one payment block per execution date (ascending), transfers in the
/// plan's order, counts and control sums computed here. No clock: the creation time is an input, converted to
/// Europe/Brussels local time with its offset and truncated to the second. A restarted run must pass the same
/// instant (store it with the run) to get the same bytes.
/// </summary>
public static class Pain001Builder
{
    private static readonly DateTimeZone Brussels = DateTimeZoneProviders.Tzdb["Europe/Brussels"];

    public static Pain001Message Build(PaymentPlan plan, PaymentDebtor debtor, Instant createdAt)
    {
        ArgumentNullException.ThrowIfNull(plan);
        debtor.EnsureValid();
        if (plan.Transfers.Count == 0)
            throw new ArgumentException("a pain.001 file needs at least one transfer; this plan has none", nameof(plan));

        var debtorName = SepaText.Name(debtor.Name);
        var debtorIban = Iban.Parse(debtor.Iban).Value;
        var kbo = EnterpriseNumber.Normalize(debtor.EnterpriseNumber, out _)!;
        var blocks = plan.Transfers
            .GroupBy(t => t.ExecutionDate)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var txs = g.Select(ToTransaction).ToList();
                return new Pain001PaymentBlock(PaymentIds.PaymentInfoId(plan.RunId, g.Key), g.Key, txs.Count, Sum(txs),
                    debtorName, debtorIban, debtor.Bic, txs);
            })
            .ToList();

        var created = createdAt.InZone(Brussels).ToOffsetDateTime().With(TimeAdjusters.TruncateToSecond);
        var header = new Pain001GroupHeader(PaymentIds.MessageId(plan.RunId), created,
            blocks.Sum(b => b.NumberOfTransactions), blocks.Aggregate(Money.Zero, (s, b) => s + b.ControlSum), debtorName, kbo);
        return new Pain001Message(header, blocks);
    }

    /// <summary>The group header of a run's message with these totals (streamed writing: <see cref="Pain001Writer"/>).</summary>
    public static Pain001GroupHeader Header(string runId, PaymentDebtor debtor, Instant createdAt, int transactions, Money controlSum)
    {
        debtor.EnsureValid();
        var created = createdAt.InZone(Brussels).ToOffsetDateTime().With(TimeAdjusters.TruncateToSecond);
        return new Pain001GroupHeader(PaymentIds.MessageId(runId), created, transactions, controlSum, SepaText.Name(debtor.Name),
            EnterpriseNumber.Normalize(debtor.EnterpriseNumber, out _)!);
    }

    /// <summary>The payment block of one execution date with these totals, without its transactions (streamed writing).</summary>
    public static Pain001PaymentBlock Block(string runId, LocalDate executionDate, int transactions, Money controlSum, PaymentDebtor debtor) =>
        new(PaymentIds.PaymentInfoId(runId, executionDate), executionDate, transactions, controlSum, SepaText.Name(debtor.Name),
            Iban.Parse(debtor.Iban).Value, debtor.Bic, []);

    private static Pain001Transaction ToTransaction(Transfer t) =>
        new(t.EndToEndId, t.Amount, t.CreditorName, t.CreditorIban.Value, t.Remittance.Unstructured, t.Remittance.Structured?.Digits);

    private static Money Sum(IEnumerable<Pain001Transaction> txs) => txs.Aggregate(Money.Zero, (s, t) => s + t.Amount);
}
