using Engine.Core.Money;
using Engine.Core.Payers;
using Engine.Jobs.Payers;
using Engine.Jobs.Data;
using Engine.Jobs.Payments;

namespace Engine.Jobs.Runs;

/// <summary>
/// What became of the amounts a care line owes: its insurer part ('line:ID'), its MAF refund ('maf:ID') and the
/// complements and recoveries recalculations recorded for them, each as the runs decided it — paid in which transfer
/// (end-to-end id) and which pain.001 file, held back and why, to recover, nothing to pay, or not decided yet.
/// </summary>
public sealed record LinePayment(
    string RunId, string What, string SourceRef, string Outcome, Money Amount, string PayeeKind, string PayeeId, string PayeeName,
    string? HoldReason, RunTransferRow? Transfer, string? PaymentFile, string? Folder, string Payer = "insurance")
{
    public const string Insurer = "insurer", Maf = "maf", Complement = "complement", Undue = "undue";

    public static IReadOnlyList<LinePayment> Of(IEngineStore store, long lineId)
    {
        // The insurer part owed by another payer after a recalculation moved the line is 'line:ID@<payer>' (docs/payers.md).
        var refs = new[] { $"line:{lineId}", $"maf:{lineId}" }
            .Concat(Enum.GetValues<Payer>().Where(p => p != Core.Payers.Payer.Insurance).Select(p => $"line:{lineId}@{p.Code()}")).ToArray();
        var adjustments = store.Adjustments().Where(a => refs.Contains(a.Item, StringComparer.Ordinal)).ToList();
        var complementRefs = adjustments.Where(a => a.Kind == "complement").ToDictionary(a => $"adj:{a.AdjustmentId}", a => a, StringComparer.Ordinal);
        var runs = new Dictionary<string, RunRow?>(StringComparer.Ordinal);
        RunRow? Run(string id) => runs.TryGetValue(id, out var r) ? r : runs[id] = store.Run(id);
        var list = new List<LinePayment>();
        foreach (var (item, transfer) in store.ItemsBySource(refs.Concat(complementRefs.Keys)))
        {
            var what = item.SourceRef.StartsWith("maf:", StringComparison.Ordinal) ? Maf
                : item.SourceRef.StartsWith("adj:", StringComparison.Ordinal) ? Complement : Insurer;
            var run = Run(item.RunId);
            // Each payer pays from its own pain.001 (docs/payers.md).
            var file = transfer is null ? null
                : PayerCodes.TryParse(item.Payer, out var payer) && payer != Core.Payers.Payer.Insurance
                    ? Engine.Core.Payments.PaymentIds.MessageId(PayerFiles.FileRunId(item.RunId, payer)) + ".pain001.xml"
                    : PaymentRunFiles.Pain001Name(item.RunId);
            list.Add(new LinePayment(item.RunId, what, item.SourceRef, item.Outcome, item.Amount, item.PayeeKind, item.PayeeId, item.PayeeName,
                item.HoldReason, transfer, file, run?.OutputFolder, item.Payer));
        }
        foreach (var a in adjustments.Where(a => a.Kind != "complement"))
            list.Add(new LinePayment($"recalc-{a.RecalcId}", Undue, a.Item, "to_recover", a.Amount, a.PayeeKind, a.PayeeId, "", null, null, null, null));
        return list;
    }

    /// <summary>The auditor's line: what, to whom, and the decision with the transfer and file.</summary>
    public string Describe()
    {
        var what = What switch
        {
            Maf => "MAF refund",
            Complement => "recalculation complement",
            Undue => "undue amount (recalculation)",
            _ => "insurer part",
        };
        var to = $"{Amount} to the {PayeeKind} {PayeeId}" + (PayeeName.Length > 0 ? $" ({PayeeName})" : "")
                 + (Payer != "insurance" && PayerCodes.TryParse(Payer, out var payer) ? $", paid by {payer.Label()}" : "");
        var decision = Outcome switch
        {
            "paid" when Transfer is { } t =>
                $"PAID in transfer {t.EndToEndId} ({t.Amount} in all, execution date {t.ExecutionDate:yyyy-MM-dd}, remittance '{t.Remittance}'), " +
                $"file {PaymentFile}" + (Folder is not null ? $" in {Folder}" : ""),
            "paid" => "PAID",
            "held" => $"HELD BACK: {HoldReason}; a later run pays it once this is resolved (the held-back report lists it)",
            "to_recover" => "TO RECOVER: listed for recovery, never deducted from a payment",
            "zero" => "nothing to pay (zero)",
            _ => "not decided yet: the run has not reached its payment decisions",
        };
        return $"{RunId}: {what} {to}: {decision}";
    }
}
