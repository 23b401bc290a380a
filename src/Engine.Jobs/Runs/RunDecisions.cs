using Engine.Core.Payments;
using Engine.Jobs.Data;

namespace Engine.Jobs.Runs;

/// <summary>
/// The payment plan of a run, decided one payee at a time. Every transfer is one payee's and every check of the
/// grouping looks at one payee's items (a source reference is unique in a run: the store keys items by it), so
/// grouping each payee apart gives exactly the transfers and decisions of grouping the whole run at once, with the
/// memory of one payee. What is decided is stored and is the plan: the files are written from it, nothing plans again.
/// </summary>
public static class RunDecisions
{
    /// <summary>The hold reason of an item refused for its provisional figures (Engine:Run:RefuseProvisional).</summary>
    public const string ProvisionalRefused = "computed on provisional figures (I or U), refused for payment by Engine:Run:RefuseProvisional: see the provisional column";

    /// <param name="items">One payee's items.</param>
    /// <param name="refuseProvisional">Hold the items computed on provisional figures (the run's setting).</param>
    public static PayeeDecisions Decide(string runId, IReadOnlyList<RunItemRow> items, bool refuseProvisional = false)
    {
        var outcomes = new List<RunItemOutcome>(items.Count);
        if (refuseProvisional)
        {
            outcomes.AddRange(items.Where(i => i.Provisional is not null && i.Amount.Cents > 0)
                .Select(i => new RunItemOutcome(i.SourceRef, "held", null, ProvisionalRefused)));
            items = items.Where(i => !(i.Provisional is not null && i.Amount.Cents > 0)).ToList();
        }
        var plan = PaymentGrouping.Plan(runId, items.Select(RunItems.Payable));
        var transfers = new List<RunTransferRow>(plan.Transfers.Count);
        foreach (var t in plan.Transfers)
        {
            outcomes.AddRange(t.Items.Select(i => new RunItemOutcome(i.SourceRef, "paid", t.EndToEndId, null)));
            transfers.Add(new RunTransferRow
            {
                RunId = runId, EndToEndId = t.EndToEndId, ExecutionDate = t.ExecutionDate, PayeeKind = RunItems.Kind(t.PayeeKind), PayeeId = t.PayeeId,
                Purpose = t.Purpose.ToString(), Sending = t.Key.Sending?.ToString(), CreditorName = t.CreditorName, CreditorIban = t.CreditorIban.Value,
                Amount = t.Amount, StructuredReference = t.Remittance.Structured?.Digits, Unstructured = t.Remittance.Unstructured,
                Remittance = t.Remittance.ToString(), Items = t.Items.Count, Payer = Engine.Core.Payers.PayerCodes.Code(t.Key.Payer),
            });
        }
        outcomes.AddRange(plan.HeldBack.Select(h => new RunItemOutcome(h.Item.SourceRef, "held", null, h.Reason)));
        outcomes.AddRange(plan.Recoveries.Select(i => new RunItemOutcome(i.SourceRef, "to_recover", null, null)));
        outcomes.AddRange(plan.ZeroAmounts.Select(i => new RunItemOutcome(i.SourceRef, "zero", null, null)));
        return new PayeeDecisions(outcomes, transfers);
    }
}
