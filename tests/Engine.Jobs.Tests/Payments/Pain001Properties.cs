using Engine.Tests.Shared;
using System.Globalization;
using CsvHelper;
using Engine.Core.Payments;
using Engine.Jobs.Payments;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace Engine.Jobs.Tests.Payments;

using Money = Engine.Core.Money.Money;

public class Pain001Properties
{
    private static Arbitrary<List<PayableItem>> Items() =>
        PayableItemGen.Items(1, 60, i => PayableItemGen.Item(i, days: 3)).ToArbitrary();

    [FsCheck.Xunit.Property(MaxTest = 150)]
    public Property Written_file_reads_back_with_counts_and_sums_that_match_the_items() =>
        Prop.ForAll(Items(), items =>
        {
            var plan = PaymentGrouping.Plan("prop-run", items);
            var positives = items.Where(i => i.Amount.Cents > 0).ToHashSet(ReferenceEqualityComparer.Instance);
            var paidOrHeld = plan.Transfers.SelectMany(t => t.Items).Concat(plan.HeldBack.Select(h => h.Item)).ToList();
            var accounted = paidOrHeld.Count == positives.Count && positives.SetEquals(paidOrHeld);
            if (plan.Transfers.Count == 0) return accounted.Label("nothing paid: every positive item held back");

            var bytes = Pain001Writer.ToBytes(plan, SmallRun.Debtor, SmallRun.CreatedAt);
            var again = Pain001Writer.ToBytes(plan, SmallRun.Debtor, SmallRun.CreatedAt);
            var read = Pain001Reader.Read(bytes);
            var byId = plan.Transfers.ToDictionary(t => t.EndToEndId);
            var txs = read.Blocks.SelectMany(b => b.Transactions).ToList();

            var header = read.Header.NumberOfTransactions == txs.Count && txs.Count == plan.Transfers.Count
                         && read.Header.ControlSum == Sum(txs.Select(t => t.Amount)) && read.Header.ControlSum == plan.Total;
            var blocks = read.Blocks.All(b => b.NumberOfTransactions == b.Transactions.Count
                                              && b.ControlSum == Sum(b.Transactions.Select(t => t.Amount)))
                         && read.Blocks.Select(b => b.RequestedExecutionDate).SequenceEqual(plan.ExecutionDates);
            var transfers = txs.All(t => byId.TryGetValue(t.EndToEndId, out var transfer)
                                         && t.Amount == Sum(transfer.Items.Select(i => i.Amount))
                                         && t.CreditorIban == transfer.CreditorIban.Value
                                         && (t.StructuredReference ?? t.UnstructuredRemittance) == (transfer.Remittance.Structured?.Digits ?? transfer.Remittance.Unstructured))
                            && txs.Select(t => t.EndToEndId).Distinct().Count() == txs.Count;
            var report = ReportItemSum(plan) == plan.Total;
            // Per payee, the file pays the sum of their positive items that are not held back.
            var heldItems = plan.HeldBack.Select(h => h.Item).ToHashSet(ReferenceEqualityComparer.Instance);
            var owedPerPayee = items.Where(i => i.Amount.Cents > 0 && !heldItems.Contains(i))
                .GroupBy(i => (i.PayeeKind, i.PayeeId)).ToDictionary(g => g.Key, g => Sum(g.Select(i => i.Amount)));
            var paidPerPayee = txs.GroupBy(t => (byId[t.EndToEndId].PayeeKind, byId[t.EndToEndId].PayeeId))
                .ToDictionary(g => g.Key, g => Sum(g.Select(t => t.Amount)));
            var perPayee = owedPerPayee.Count == paidPerPayee.Count
                           && owedPerPayee.All(x => paidPerPayee.TryGetValue(x.Key, out var paid) && paid == x.Value);

            return (header.Label("group header NbOfTxs/CtrlSum")
                    .And(blocks.Label("payment blocks NbOfTxs/CtrlSum"))
                    .And(transfers.Label("transfer = sum of its items"))
                    .And(accounted.Label("held back + paid = positive items"))
                    .And(report.Label("remittance report sums to the file"))
                    .And(perPayee.Label("per payee: the file pays the sum of their items not held back"))
                    .And(bytes.AsSpan().SequenceEqual(again).Label("same bytes twice")));
        });

    private static Money Sum(IEnumerable<Money> amounts) => amounts.Aggregate(Money.Zero, (s, m) => s + m);

    private static Money ReportItemSum(PaymentPlan plan)
    {
        using var csv = new CsvReader(new StreamReader(new MemoryStream(RemittanceReportWriter.ToBytes(plan))), CultureInfo.InvariantCulture);
        csv.Read();
        csv.ReadHeader();
        var sum = Money.Zero;
        while (csv.Read()) sum += Money.Parse(csv.GetField("item_amount")!);
        return sum;
    }
}
