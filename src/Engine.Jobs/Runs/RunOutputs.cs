using Engine.Core.Money;
using Engine.Core.Payments;
using Engine.Jobs.Data;
using Engine.Jobs.Payments;
using NodaTime;

namespace Engine.Jobs.Runs;

/// <summary>The names of a run's payment files and the rows that record its transfers in the payments ledger.</summary>
public static class RunOutputs
{
    public static IEnumerable<string> Names(PaymentRunOutput files) =>
        new[] { files.Pain001, files.Pain001Sha256, files.Remittance, files.RemittanceSha256, files.HeldBack, files.HeldBackSha256 }
            .Where(f => f is not null).Select(f => Path.GetFileName(f!.Path));

    /// <summary>One row per transfer (paid) and per held-back item (held), with the items each pays.</summary>
    public static (List<PaymentRow> Payments, List<PaymentItemRow> Items) PaymentRows(string runId, PaymentPlan plan, string? painFile)
    {
        var payments = new List<PaymentRow>();
        var items = new List<PaymentItemRow>();
        foreach (var t in plan.Transfers)
        {
            payments.Add(new PaymentRow
            {
                RunId = runId, EndToEndId = t.EndToEndId, PayeeKind = Kind(t.PayeeKind), PayeeId = t.PayeeId,
                PayeeName = t.CreditorName, Iban = t.CreditorIban.Value, Amount = t.Amount, Remittance = t.Remittance.ToString(),
                Status = "paid", FileName = painFile,
            });
            items.AddRange(t.Items.Select(i => Item(t.EndToEndId, i)));
        }
        foreach (var h in plan.HeldBack)
        {
            // A held item has no transfer: it is recorded under an id of its own, so a later run can pay it.
            var id = $"held:{runId}:{h.Item.SourceRef}";
            payments.Add(new PaymentRow
            {
                RunId = runId, EndToEndId = id, PayeeKind = Kind(h.Item.PayeeKind), PayeeId = h.Item.PayeeId,
                PayeeName = h.Item.PayeeName, Iban = h.Item.Iban, Amount = h.Item.Amount, Remittance = "",
                Status = "held", HoldReason = h.Reason,
            });
            items.Add(Item(id, h.Item));
        }
        return (payments, items);
    }

    private static string Kind(PayeeKind k) => k == PayeeKind.Provider ? "provider" : "member";

    private static PaymentItemRow Item(string endToEndId, PayableItem i)
    {
        var colon = i.SourceRef.IndexOf(':');
        return new PaymentItemRow
        {
            EndToEndId = endToEndId, ItemKind = i.SourceRef[..colon], ItemId = long.Parse(i.SourceRef[(colon + 1)..]), Amount = i.Amount,
        };
    }
}
