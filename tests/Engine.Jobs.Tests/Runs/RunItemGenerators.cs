using Engine.Core.Payments;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace Engine.Jobs.Tests.Runs;

using Money = Engine.Core.Money.Money;

/// <summary>
/// Owed items of a run: a handful of payees (so several share a chunk and a chunk holds several payees), mostly good
/// IBANs, some missing or mistyped, negative and zero amounts, a repeated source reference now and then (also across
/// payees), every purpose, two execution dates.
/// </summary>
internal static class RunItemGenerators
{
    private static readonly string?[] Ibans =
        ["BE68539007547034", "NL91ABNA0417164300", "DE89370400440532013000", "BE71096123456769", null, "BE68539007547035"];

    public static Gen<PayableItem> Item(int index) =>
        from kind in Gen.Elements(PayeeKind.Provider, PayeeKind.Member)
        from payee in Gen.Choose(0, 7)
        from purpose in Gen.Elements(Enum.GetValues<PaymentPurpose>())
        from cents in Gen.Frequency((8, Gen.Choose(1, 2_000_000)), (1, Gen.Choose(-50_000, 0)))
        from ibanOverride in Gen.Frequency((12, Gen.Constant(-1)), (1, Gen.Choose(0, Ibans.Length - 1)))
        from sending in Gen.Choose(1, 3)
        from day in Gen.Choose(0, 1)
        from care in Gen.Choose(1, 28)
        from refNo in Gen.Frequency((25, Gen.Constant(index)), (1, Gen.Choose(0, index)))
        select new PayableItem(
            $"line:{refNo}", kind, $"{kind}-{payee}", payee == 5 ? "Çé & Fils" : $"Payee {payee}",
            Ibans[ibanOverride >= 0 ? ibanOverride : payee % 4],
            new Money(cents), purpose, new LocalDate(2025, 3, 14).PlusDays(day),
            new DateInterval(new LocalDate(2025, 2, care), new LocalDate(2025, 2, care)),
            purpose == PaymentPurpose.AcAdvantage ? $"ADV{payee}" : null,
            purpose == PaymentPurpose.ThirdPartyCare ? new EfactSendingRef(sending, new YearMonth(2025, 1), 900) : null,
            purpose == PaymentPurpose.Indemnity && payee == 3 ? "+++090/9337/55493+++" : null);

    public static Gen<List<PayableItem>> Items(int max) =>
        from n in Gen.Choose(0, max)
        from items in Gen.CollectToList(Enumerable.Range(0, n).Select(Item))
        select items;

    /// <summary>What the plan does with each item (by reference): paid in transfer E, held and why, to recover, zero.</summary>
    public static Dictionary<PayableItem, string> Decisions(PaymentPlan plan)
    {
        var d = new Dictionary<PayableItem, string>(ReferenceEqualityComparer.Instance);
        foreach (var t in plan.Transfers)
            foreach (var i in t.Items) d.Add(i, $"paid {t.EndToEndId} {t.Amount} {t.CreditorName} {t.Remittance}");
        foreach (var h in plan.HeldBack) d.Add(h.Item, "held " + h.Reason);
        foreach (var i in plan.Recoveries) d.Add(i, "to_recover");
        foreach (var i in plan.ZeroAmounts) d.Add(i, "zero");
        return d;
    }
}
