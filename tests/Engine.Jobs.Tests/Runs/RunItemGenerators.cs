using Engine.Tests.Shared;
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
    public static Gen<PayableItem> Item(int index) =>
        PayableItemGen.Item(index, payees: 8, days: 2, refPrefix: "line:", goodIbans: 4, structuredIndemnity: true);

    public static Gen<List<PayableItem>> Items(int max) => PayableItemGen.Items(0, max, Item);

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
