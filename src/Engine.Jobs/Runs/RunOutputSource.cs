using Engine.Core.Payments;
using Engine.Jobs.Data;

namespace Engine.Jobs.Runs;

/// <summary>
/// What the file phase reads: a run's computed rows and its payment plan, each in the order of the files. The run
/// reads them from its store (<see cref="StoredRunOutput"/>); a replay from the scratch store it computed and decided
/// into (<see cref="Replay.ReplayRunOutput"/>), in the same order, so both write the same bytes through <see cref="RunFiles"/>.
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
