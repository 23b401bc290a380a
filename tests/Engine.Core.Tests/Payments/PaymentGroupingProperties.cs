using Engine.Core.Payments;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace Engine.Core.Tests.Payments;

using Money = Engine.Core.Money.Money;

/// <summary>Random runs: a few payees, mostly good IBANs, some bad, negative and zero amounts, repeated refs.</summary>
public static class PayableItemGen
{
    private static readonly string?[] Ibans =
        ["BE68539007547034", "NL91ABNA0417164300", "DE89370400440532013000", null, "BE68539007547035"];

    public static Gen<PayableItem> Item(int index) =>
        from kind in Gen.Elements(PayeeKind.Provider, PayeeKind.Member)
        from payee in Gen.Choose(0, 5)
        from purpose in Gen.Elements(Enum.GetValues<PaymentPurpose>())
        from cents in Gen.Frequency((8, Gen.Choose(1, 2_000_000)), (1, Gen.Choose(-50_000, 0)))
        from ibanOverride in Gen.Frequency((9, Gen.Constant(-1)), (1, Gen.Choose(0, Ibans.Length - 1)))
        from sending in Gen.Choose(1, 3)
        from day in Gen.Choose(0, 1)
        from care in Gen.Choose(1, 28)
        from refNo in Gen.Frequency((20, Gen.Constant(index)), (1, Gen.Choose(0, index)))
        select new PayableItem(
            $"L{refNo}", kind, $"{kind}-{payee}", payee == 5 ? "Ça & Çà" : $"Payee {payee}",
            Ibans[ibanOverride >= 0 ? ibanOverride : payee % 3],
            new Money(cents), purpose, new LocalDate(2025, 3, 14).PlusDays(day),
            new DateInterval(new LocalDate(2025, 2, care), new LocalDate(2025, 2, care)),
            purpose == PaymentPurpose.AcAdvantage ? $"ADV{payee}" : null,
            purpose == PaymentPurpose.ThirdPartyCare ? new EfactSendingRef(sending, new YearMonth(2025, 1), 900) : null);

    public static Gen<List<PayableItem>> Items =>
        from n in Gen.Choose(0, 40)
        from items in Gen.CollectToList(Enumerable.Range(0, n).Select(Item))
        select items;
}

public class PaymentGroupingProperties
{
    [FsCheck.Xunit.Property(MaxTest = 200)]
    public Property Every_item_lands_in_exactly_one_list_and_transfers_sum_their_items() =>
        Prop.ForAll(PayableItemGen.Items.ToArbitrary(), items =>
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
        Prop.ForAll(PayableItemGen.Items.SelectMany(i => Gen.Shuffle(i.ToArray()).Select(s => (i, s.ToList()))).ToArbitrary(), pair =>
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
