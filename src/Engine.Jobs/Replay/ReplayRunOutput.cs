using Engine.Jobs.Data;
using Engine.Jobs.Data.Sqlite;
using Engine.Jobs.Runs;

namespace Engine.Jobs.Replay;

/// <summary>
/// What a replay's files read: the results and the payment plan streamed from its scratch store, in the store's order as
/// the run reads them from its own; the statements, AC decisions, MAF settlements, pending years and held indemnity days
/// (by case, request and household, not by line) from memory, each already in the order of the files.
/// </summary>
internal sealed class ReplayRunOutput(SqliteStore scratch, string runId, IReadOnlyList<IndemnityPaymentRow> statements,
    IReadOnlyList<AcDecisionRow> decisions, IReadOnlyList<MafSettlementRow> settlements, IReadOnlyList<MafCounterRow> pending,
    IReadOnlyList<IndemnityHeldRow> held) : IRunOutputSource
{
    public IEnumerable<(LineResultRow Result, CareLineRow Line)> ResultLines() => scratch.ResultLines(runId);
    public IEnumerable<(RunTransferRow Transfer, RunItemRow Item)> TransferItems(string? payer = null) => scratch.TransferItems(runId, payer);
    public IEnumerable<RunTransferRow> Transfers(string? payer = null) => scratch.Transfers(runId, payer);
    public IEnumerable<RunItemRow> UnpaidItems(string? payer = null) => scratch.UnpaidItems(runId, payer);
    public IReadOnlyList<IndemnityPaymentRow> IndemnityPayments() => statements;
    public IReadOnlyList<AcDecisionRow> AcDecisions() => decisions;
    public IReadOnlyList<MafSettlementRow> MafSettlements() => settlements;
    public IReadOnlyList<MafCounterRow> MafPending() => pending;
    public IReadOnlyList<IndemnityHeldRow> IndemnitiesHeld() => held;
}
