using Engine.Tests.Shared;
using Engine.Core.Payments;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace Engine.Core.Tests.Payments;

using Money = Engine.Core.Money.Money;

public class PaymentGroupingProperties
{
    private static Gen<List<PayableItem>> Items => PayableItemGen.Items(0, 40, i => PayableItemGen.Item(i, days: 2));

    [FsCheck.Xunit.Property(MaxTest = 200)]
    public Property Every_item_lands_in_exactly_one_list_and_transfers_sum_their_items() =>
        Prop.ForAll(Items.ToArbitrary(), items =>
        {
            var plan = PaymentGrouping.Plan("run-p", items);
            var paid = plan.Transfers.SelectMany(t => t.Items).ToList();
            var seen = paid.Concat(plan.HeldBack.Select(h => h.Item)).Concat(plan.Recoveries).Concat(plan.ZeroAmounts).ToList();
            var positives = items.Where(i => i.Amount.Cents > 0).ToHashSet(ReferenceEqualityComparer.Instance);
            var paidOrHeld = paid.Concat(plan.HeldBack.Select(h => h.Item)).ToList();
            return seen.Count == items.Count
                   && seen.ToHashSet(ReferenceEqualityComparer.Instance).SetEquals(items)
                   && paidOrHeld.Count == positives.Count && positives.SetEquals(paidOrHeld)
                   && plan.Transfers.All(t => t.Amount == t.Items.Aggregate(Money.Zero, (s, i) => s + i.Amount) && t.Amount.Cents > 0)
                   && plan.Recoveries.All(i => i.Amount.Cents < 0) && plan.ZeroAmounts.All(i => i.Amount.Cents == 0)
                   && plan.Transfers.Select(t => t.EndToEndId).Distinct().Count() == plan.Transfers.Count
                   && plan.Transfers.All(t => t.EndToEndId.Length <= PaymentIds.MaxLength && t.CreditorName.All(SepaText.IsAllowed));
        });

    [FsCheck.Xunit.Property(MaxTest = 100)]
    public Property The_plan_does_not_depend_on_input_order() =>
        Prop.ForAll(Items.SelectMany(i => Gen.Shuffle(i.ToArray()).Select(s => (i, s.ToList()))).ToArbitrary(), pair =>
        {
            var a = PaymentGrouping.Plan("run-p", pair.Item1);
            var b = PaymentGrouping.Plan("run-p", pair.Item2);
            return Describe(a) == Describe(b);
        });

    private static string Describe(PaymentPlan plan) => string.Join("\n",
        plan.Transfers.Select(t => $"{t.EndToEndId} {t.Amount} {t.CreditorName} {t.CreditorIban.Value} {t.Remittance} " +
                                   string.Join(",", t.Items.Select(i => i.SourceRef + ":" + i.Amount)))
            .Concat(plan.HeldBack.Select(h => $"held {h.Item.SourceRef} {h.Item.Amount} {h.Reason}"))
            .Concat(plan.Recoveries.Select(i => $"recover {i.SourceRef} {i.Amount}"))
            .Concat(plan.ZeroAmounts.Select(i => $"zero {i.SourceRef}")));
}
