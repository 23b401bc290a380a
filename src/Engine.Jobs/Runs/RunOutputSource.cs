using Engine.Core.Payments;
using Engine.Jobs.Data;

namespace Engine.Jobs.Runs;

/// <summary>
/// What the file phase reads: a run's computed rows and its payment plan, each in the order of the files. The run
/// reads them from its store (<see cref="StoredRunOutput"/>); a replay from what it computed and decided in memory
/// (<see cref="MemoryRunOutput"/>), in the same order, so both write the same bytes through <see cref="RunFiles"/>.
/// </summary>
public interface IRunOutputSource
{
    /// <summary>Results with their lines, in line order.</summary>
    IEnumerable<(LineResultRow Result, CareLineRow Line)> ResultLines();
    /// <summary>By case, then first day.</summary>
    IReadOnlyList<IndemnityPaymentRow> IndemnityPayments();
    /// <summary>By request id.</summary>
    IReadOnlyList<AcDecisionRow> AcDecisions();
    /// <summary>Transfers by execution date then position, each with its items by source reference; with a payer, only its transfers.</summary>
    IEnumerable<(RunTransferRow Transfer, RunItemRow Item)> TransferItems(string? payer = null);
    /// <summary>Transfers by execution date then position; with a payer, only its transfers.</summary>
    IEnumerable<RunTransferRow> Transfers(string? payer = null);
    /// <summary>Held, then to recover, then zero, each in item order; with a payer, only its items.</summary>
    IEnumerable<RunItemRow> UnpaidItems(string? payer = null);
    /// <summary>Refunds of lines earlier runs left pending, computed by this run, by line.</summary>
    IReadOnlyList<MafSettlementRow> MafSettlements();
    /// <summary>The household-years left pending after the run (a year without MAF figures), by household then year.</summary>
    IReadOnlyList<MafCounterRow> MafPending();
    /// <summary>Indemnity days held for a missing figure, by case.</summary>
    IReadOnlyList<IndemnityHeldRow> IndemnitiesHeld();
}

/// <summary>The pending MAF counters after a run: those pending before it, as the run's own counters left them.</summary>
public static class MafPendingYears
{
    public static IReadOnlyList<MafCounterRow> After(IEnumerable<MafCounterRow> pendingBefore, IEnumerable<MafCounterRow> runCounters)
    {
        var latest = pendingBefore.ToDictionary(c => (c.HouseholdId, c.Year));
        foreach (var c in runCounters) latest[(c.HouseholdId, c.Year)] = c;
        return latest.Values.Where(c => c.IsPending).OrderBy(c => c.HouseholdId, StringComparer.Ordinal).ThenBy(c => c.Year).ToList();
    }
}

/// <summary>A run's outputs as its store holds them, streamed.</summary>
public sealed class StoredRunOutput(IEngineStore store, string runId) : IRunOutputSource
{
    public IEnumerable<(LineResultRow Result, CareLineRow Line)> ResultLines() => store.ResultLines(runId);
    public IReadOnlyList<IndemnityPaymentRow> IndemnityPayments() => store.IndemnityPayments(runId);
    public IReadOnlyList<AcDecisionRow> AcDecisions() => store.AcDecisions(runId);
    public IEnumerable<(RunTransferRow Transfer, RunItemRow Item)> TransferItems(string? payer = null) => store.TransferItems(runId, payer);
    public IEnumerable<RunTransferRow> Transfers(string? payer = null) => store.Transfers(runId, payer);
    public IEnumerable<RunItemRow> UnpaidItems(string? payer = null) => store.UnpaidItems(runId, payer);
    public IReadOnlyList<MafSettlementRow> MafSettlements() => store.MafSettlements(runId);
    public IReadOnlyList<IndemnityHeldRow> IndemnitiesHeld() => store.IndemnitiesHeld(runId);

    public IReadOnlyList<MafCounterRow> MafPending()
    {
        var seq = store.Run(runId)?.ComputedSeq ?? throw new InvalidOperationException($"run {runId} is not computed");
        // The latest counter of each household-year among the runs computed up to this one, when it is pending.
        return store.PendingMafCounters(seq + 1);
    }
}

/// <summary>
/// A run's outputs computed in memory (a replay): its items are decided payee by payee as the store-backed run decides
/// them (<see cref="RunDecisions"/>), and everything is ordered as a store orders it.
/// </summary>
public sealed class MemoryRunOutput : IRunOutputSource
{
    private readonly List<(LineResultRow, CareLineRow)> _results;
    private readonly IReadOnlyList<IndemnityPaymentRow> _statements;
    private readonly IReadOnlyList<AcDecisionRow> _decisions;
    private readonly List<RunTransferRow> _transfers = [];
    private readonly List<RunItemRow> _items = [];
    private readonly IReadOnlyList<MafSettlementRow> _settlements;
    private readonly IReadOnlyList<MafCounterRow> _pending;
    private readonly IReadOnlyList<IndemnityHeldRow> _held;

    public MemoryRunOutput(string runId, IEnumerable<(LineResultRow, CareLineRow)> results, IReadOnlyList<IndemnityPaymentRow> statements,
        IReadOnlyList<AcDecisionRow> decisions, IEnumerable<RunItemRow> items, IReadOnlyList<MafSettlementRow>? settlements = null,
        IReadOnlyList<MafCounterRow>? pending = null, IReadOnlyList<IndemnityHeldRow>? held = null, bool refuseProvisional = false)
    {
        _held = (held ?? []).OrderBy(h => h.CaseId, StringComparer.Ordinal).ToList();
        _settlements = (settlements ?? []).OrderBy(x => x.LineId).ToList();
        _pending = pending ?? [];
        _results = results.OrderBy(r => r.Item1.LineId).ToList();
        _statements = statements.OrderBy(p => p.CaseId, StringComparer.Ordinal).ThenBy(p => p.PeriodStart).ToList();
        _decisions = decisions.OrderBy(d => d.RequestId, StringComparer.Ordinal).ToList();
        var ordered = items.Select(i => (Row: i, Item: RunItems.Payable(i))).OrderBy(x => x.Item, ItemOrder.Instance).ToList();
        long seq = 0;
        foreach (var payee in ordered.GroupBy(x => RunItems.PayeeKey(x.Item), StringComparer.Ordinal))
        {
            var rows = payee.Select(x => x.Row).ToList();
            var decided = RunDecisions.Decide(runId, rows, refuseProvisional);
            var outcomes = decided.Outcomes.ToDictionary(o => o.SourceRef, StringComparer.Ordinal);
            foreach (var r in rows)
            {
                var o = outcomes[r.SourceRef];
                _items.Add(With(r, o));
            }
            foreach (var t in decided.Transfers) _transfers.Add(WithSeq(t, ++seq));
        }
        _transfers.Sort((a, b) => a.ExecutionDate != b.ExecutionDate ? a.ExecutionDate.CompareTo(b.ExecutionDate) : a.Seq.CompareTo(b.Seq));
    }

    /// <summary>Every item with its outcome.</summary>
    public IReadOnlyList<RunItemRow> Items => _items;

    public IEnumerable<(LineResultRow Result, CareLineRow Line)> ResultLines() => _results;
    public IReadOnlyList<IndemnityPaymentRow> IndemnityPayments() => _statements;
    public IReadOnlyList<AcDecisionRow> AcDecisions() => _decisions;
    public IEnumerable<RunTransferRow> Transfers(string? payer = null) => _transfers.Where(t => payer is null || t.Payer == payer);
    public IReadOnlyList<MafSettlementRow> MafSettlements() => _settlements;
    public IReadOnlyList<MafCounterRow> MafPending() => _pending;
    public IReadOnlyList<IndemnityHeldRow> IndemnitiesHeld() => _held;

    public IEnumerable<(RunTransferRow Transfer, RunItemRow Item)> TransferItems(string? payer = null)
    {
        var byTransfer = _items.Where(i => i.Outcome == "paid").ToLookup(i => i.EndToEndId!, StringComparer.Ordinal);
        return Transfers(payer).SelectMany(t => byTransfer[t.EndToEndId].OrderBy(i => i.SourceRef, StringComparer.Ordinal).Select(i => (t, i)));
    }

    public IEnumerable<RunItemRow> UnpaidItems(string? payer = null) =>
        new[] { "held", "to_recover", "zero" }.SelectMany(outcome => _items.Where(i => i.Outcome == outcome && (payer is null || i.Payer == payer))
            .Select(i => (Row: i, Item: RunItems.Payable(i))).OrderBy(x => x.Item, ItemOrder.Instance).Select(x => x.Row));

    private static RunItemRow With(RunItemRow r, RunItemOutcome o) => new()
    {
        RunId = r.RunId, SourceRef = r.SourceRef, OriginRunId = r.OriginRunId, Partition = r.Partition, PayeeKind = r.PayeeKind, PayeeId = r.PayeeId,
        PayeeName = r.PayeeName, Iban = r.Iban, Amount = r.Amount, Purpose = r.Purpose, PurposeRank = r.PurposeRank, ExecutionDate = r.ExecutionDate,
        PeriodFrom = r.PeriodFrom, PeriodTo = r.PeriodTo, AdvantageId = r.AdvantageId, SendingNumber = r.SendingNumber, SendingMonth = r.SendingMonth,
        SendingMutuality = r.SendingMutuality, StructuredCommunication = r.StructuredCommunication,
        Outcome = o.Outcome, EndToEndId = o.EndToEndId, HoldReason = o.HoldReason, Provisional = r.Provisional, Payer = r.Payer,
    };

    private static RunTransferRow WithSeq(RunTransferRow t, long seq) => new()
    {
        RunId = t.RunId, EndToEndId = t.EndToEndId, Seq = seq, ExecutionDate = t.ExecutionDate, PayeeKind = t.PayeeKind, PayeeId = t.PayeeId,
        Purpose = t.Purpose, Sending = t.Sending, CreditorName = t.CreditorName, CreditorIban = t.CreditorIban, Amount = t.Amount,
        StructuredReference = t.StructuredReference, Unstructured = t.Unstructured, Remittance = t.Remittance, Items = t.Items, Payer = t.Payer,
    };
}
