using Dapper;
using Engine.Jobs.Data;
using Microsoft.Data.SqlClient;
using NodaTime;

namespace Engine.Store.SqlServer;

public sealed partial class SqlServerStore
{
    /// <param name="t">Table alias with its dot, or empty.</param>
    private static string ItemColumns(string t) => $"""
        {t}source_ref AS SourceRef, {t}run_id AS RunId, {t}origin_run_id AS OriginRunId, {t}partition AS Partition,
        {t}payee_kind AS PayeeKind, {t}payee_id AS PayeeId, {t}payee_name AS PayeeName, {t}iban AS Iban, {t}amount_cents AS Amount,
        {t}purpose AS Purpose, {t}purpose_rank AS PurposeRank, {t}execution_date AS ExecutionDate, {t}period_from AS PeriodFrom,
        {t}period_to AS PeriodTo, {t}advantage_id AS AdvantageId, {t}sending_number AS SendingNumber, {t}sending_month AS SendingMonth,
        {t}sending_mutuality AS SendingMutuality, {t}structured_communication AS StructuredCommunication, {t}outcome AS Outcome,
        {t}end_to_end_id AS EndToEndId, {t}hold_reason AS HoldReason, {t}provisional AS Provisional, {t}payer AS Payer
        """;

    private static string TransferColumns(string t) => $"""
        {t}run_id AS RunId, {t}end_to_end_id AS EndToEndId, {t}seq AS Seq, {t}execution_date AS ExecutionDate, {t}payee_kind AS PayeeKind,
        {t}payee_id AS PayeeId, {t}purpose AS Purpose, {t}sending AS Sending, {t}creditor_name AS CreditorName,
        {t}creditor_iban AS CreditorIban, {t}amount_cents AS Amount, {t}structured_reference AS StructuredReference,
        {t}unstructured AS Unstructured, {t}remittance AS Remittance, {t}items AS Items, {t}payer AS Payer
        """;

    /// <summary>The item order of the grouping (ItemOrder): payee (providers first), purpose, execution date, source reference.</summary>
    private const string ItemOrder = "payee_kind DESC, payee_id, purpose_rank, execution_date, source_ref";

    private static readonly BulkTarget ItemsBulk = new("run_items",
        "run_id", "source_ref", "origin_run_id", "partition", "payee_kind", "payee_id", "payee_name", "iban", "amount_cents",
        "purpose", "purpose_rank", "execution_date", "period_from", "period_to", "advantage_id", "sending_number", "sending_month",
        "sending_mutuality", "structured_communication", "provisional", "payer", "outcome");

    private static void InsertItems(SqlConnection c, SqlTransaction tx, IEnumerable<RunItemRow> items) => Copy(c, tx, ItemsBulk, items, i =>
    [
        i.RunId, i.SourceRef, i.OriginRunId, i.Partition, i.PayeeKind, i.PayeeId, i.PayeeName, i.Iban, i.Amount.Cents, i.Purpose, i.PurposeRank,
        Date(i.ExecutionDate), Date(i.PeriodFrom), Date(i.PeriodTo), i.AdvantageId, i.SendingNumber, i.SendingMonth, i.SendingMutuality,
        i.StructuredCommunication, i.Provisional, i.Payer, "pending",
    ]);

    // The latest copy of each item held back by an earlier run that no run has paid, nor holds pending, since.
    private static readonly string HeldItemsSql = $"""
        SELECT {ItemColumns("h.")} FROM run_items h JOIN runs r ON r.run_id = h.run_id
        WHERE h.outcome = N'held' AND h.run_id <> @runId
          AND NOT EXISTS (SELECT 1 FROM run_items x WHERE x.source_ref = h.source_ref AND x.outcome IN (N'pending', N'paid'))
          AND NOT EXISTS (SELECT 1 FROM run_items y JOIN runs ry ON ry.run_id = y.run_id
                          WHERE y.source_ref = h.source_ref AND y.outcome = N'held' AND y.run_id <> @runId
                            AND (ry.run_date > r.run_date OR (ry.run_date = r.run_date AND ry.run_id > r.run_id)))
        ORDER BY h.source_ref
        """;

    // Complements of recalculations known by the run's as-of instant that no run has taken yet.
    private static readonly string OpenAdjustmentsSql = $"""
        SELECT {AdjustmentColumns("a.")} FROM adjustments a
        WHERE a.known_at <= @asOf AND NOT EXISTS (SELECT 1 FROM run_items x WHERE x.source_ref = N'adj:' + CAST(a.adjustment_id AS nvarchar(20)))
        ORDER BY a.adjustment_id
        """;

    // An amount this run computed must be nobody else's.
    private const string OwnItemsHeldElsewhereSql = """
        SELECT TOP (5) a.source_ref + N' (run ' + b.run_id + N', ' + b.outcome + N')'
        FROM run_items a JOIN run_items b ON b.source_ref = a.source_ref AND b.run_id <> a.run_id
        WHERE a.run_id = @runId AND a.origin_run_id = @runId AND b.outcome IN (N'pending', N'paid')
        ORDER BY a.source_ref
        """;

    private const string SetPhaseSql = "UPDATE runs SET phase = @to WHERE run_id = @runId";

    public bool Claim(string runId, Instant asOf, Func<IReadOnlyList<RunItemRow>, IReadOnlyList<AdjustmentRow>, IReadOnlyList<RunItemRow>> takeOver)
    {
        var claimed = false;
        UnderRunLock((c, tx) =>
        {
            if (c.ExecuteScalar<string>(PhaseSql, new { runId }, tx) != RunPhases.Name(RunPhase.Computed)) return;
            var held = c.Query<RunItemRow>(HeldItemsSql, new { runId }, tx).AsList();
            var adjustments = c.Query<AdjustmentRow>(OpenAdjustmentsSql, new { asOf }, tx).AsList();
            var taken = takeOver(held, adjustments);
            if (taken.Any(i => i.RunId != runId || i.OriginRunId == runId || i.Outcome != "pending" || i.Partition is not null))
                throw new ArgumentException($"a claim of run {runId} holds an item of another run, of its own, or already decided", nameof(takeOver));
            InsertItems(c, tx, taken);
            var others = c.Query<string>(OwnItemsHeldElsewhereSql, new { runId }, tx).AsList();
            if (others.Count > 0)
                throw new InvalidOperationException($"run {runId} computed items that another run already holds: {string.Join(", ", others)}; nothing claimed");
            c.Execute(SetPhaseSql, new { runId, to = RunPhases.Name(RunPhase.Claimed) }, tx);
            claimed = true;
        });
        return claimed;
    }

    // The outcomes go to a temporary table of the transaction's session by SqlBulkCopy, then into the items in one
    // statement; the transfers by SqlBulkCopy.
    private const string CreateDecidedSql = """
        CREATE TABLE #decided_items (
            source_ref nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL PRIMARY KEY,
            outcome nvarchar(450) COLLATE Latin1_General_100_BIN2 NOT NULL,
            end_to_end_id nvarchar(450) COLLATE Latin1_General_100_BIN2,
            hold_reason nvarchar(max) COLLATE Latin1_General_100_BIN2)
        """;
    private static readonly BulkTarget DecidedBulk = new("#decided_items", "source_ref", "outcome", "end_to_end_id", "hold_reason");
    private const string DropDecidedSql = "DROP TABLE #decided_items";

    private static readonly string ItemsByPayeeSql = $"SELECT {ItemColumns("")} FROM run_items WHERE run_id = @runId ORDER BY payee_kind DESC, payee_id";

    private const string ApplyDecisionsSql = """
        UPDATE i SET outcome = d.outcome, end_to_end_id = d.end_to_end_id, hold_reason = d.hold_reason
        FROM run_items i JOIN #decided_items d ON d.source_ref = i.source_ref
        WHERE i.run_id = @runId AND i.outcome = N'pending'
        """;

    private static readonly BulkTarget TransfersBulk = new("run_transfers",
        "run_id", "end_to_end_id", "seq", "execution_date", "payee_kind", "payee_id", "purpose", "sending", "creditor_name",
        "creditor_iban", "amount_cents", "structured_reference", "unstructured", "remittance", "items", "payer");

    private const string PendingItemsSql = "SELECT COUNT_BIG(*) FROM run_items WHERE run_id = @runId AND outcome = N'pending'";

    private const string PaidElsewhereSql = """
        SELECT DISTINCT TOP (5) a.source_ref + N' (run ' + b.run_id + N')'
        FROM run_items a JOIN run_items b ON b.source_ref = a.source_ref AND b.run_id <> a.run_id AND b.outcome = N'paid'
        WHERE a.run_id = @runId
        """;

    public bool Decide(string runId, Func<IReadOnlyList<RunItemRow>, PayeeDecisions> decide)
    {
        var decided = false;
        try
        {
            UnderRunLock((c, tx) =>
            {
                if (c.ExecuteScalar<string>(PhaseSql, new { runId }, tx) != RunPhases.Name(RunPhase.Claimed)) return;
                c.Execute(CreateDecidedSql, transaction: tx);
                var outcomes = new List<RunItemOutcome>();
                var transfers = new List<RunTransferRow>();
                // The items are read on a connection of their own, from what is committed (this transaction's updates come after).
                using (var reader = Open())
                {
                    var payee = new List<RunItemRow>();
                    void Flush()
                    {
                        if (payee.Count == 0) return;
                        var d = decide(payee);
                        outcomes.AddRange(d.Outcomes);
                        transfers.AddRange(d.Transfers);
                        payee.Clear();
                    }
                    // Payee by payee in item order (the grouping sorts each payee's items itself).
                    foreach (var item in reader.Query<RunItemRow>(ItemsByPayeeSql, new { runId }, buffered: false, commandTimeout: 0))
                    {
                        if (payee.Count > 0 && (payee[0].PayeeKind != item.PayeeKind || payee[0].PayeeId != item.PayeeId)) Flush();
                        payee.Add(item);
                    }
                    Flush();
                }
                Copy(c, tx, DecidedBulk, outcomes, o => [o.SourceRef, o.Outcome, o.EndToEndId, o.HoldReason]);
                var count = c.Execute(ApplyDecisionsSql, new { runId }, tx, commandTimeout: 0);
                long seq = 0;
                Copy(c, tx, TransfersBulk, transfers, x =>
                [
                    runId, x.EndToEndId, ++seq, Date(x.ExecutionDate), x.PayeeKind, x.PayeeId, x.Purpose, x.Sending, x.CreditorName, x.CreditorIban,
                    x.Amount.Cents, x.StructuredReference, x.Unstructured, x.Remittance, x.Items, x.Payer,
                ]);
                c.Execute(DropDecidedSql, transaction: tx);
                var left = c.ExecuteScalar<long>(PendingItemsSql, new { runId }, tx);
                if (left != 0) throw new InvalidOperationException($"run {runId}: {left} items left undecided after {count} decisions; nothing stored");
                c.Execute(SetPhaseSql, new { runId, to = RunPhases.Name(RunPhase.Decided) }, tx);
                decided = true;
            });
        }
        // 2601: a duplicate key in a unique index (ux_run_items_paid_once); 2627: in a unique constraint.
        catch (SqlException e) when (e.Number is 2601 or 2627)
        {
            using var c = Open();
            var paid = c.Query<string>(PaidElsewhereSql, new { runId }).AsList();
            throw new InvalidOperationException(
                $"run {runId} would pay items another run has paid: {string.Join(", ", paid)}; refused, nothing stored", e);
        }
        return decided;
    }

    private static readonly string TransfersSql = $"SELECT {TransferColumns("")} FROM run_transfers WHERE run_id = @runId AND (@payer IS NULL OR payer = @payer) ORDER BY execution_date, seq";

    public IEnumerable<RunTransferRow> Transfers(string runId, string? payer = null)
    {
        using var c = Open();
        foreach (var t in c.Query<RunTransferRow>(TransfersSql, new { runId, payer }, buffered: false, commandTimeout: 0))
            yield return t;
    }

    private static readonly string TransferItemsSql = $"""
        SELECT {TransferColumns("t.")}, {ItemColumns("i.")}
        FROM run_transfers t JOIN run_items i ON i.run_id = t.run_id AND i.end_to_end_id = t.end_to_end_id
        WHERE t.run_id = @runId AND (@payer IS NULL OR t.payer = @payer) ORDER BY t.execution_date, t.seq, i.source_ref
        """;

    public IEnumerable<(RunTransferRow Transfer, RunItemRow Item)> TransferItems(string runId, string? payer = null)
    {
        using var c = Open();
        foreach (var row in c.Query<RunTransferRow, RunItemRow, (RunTransferRow, RunItemRow)>(TransferItemsSql, (t, i) => (t, i), new { runId, payer },
                     buffered: false, splitOn: "SourceRef", commandTimeout: 0))
            yield return row;
    }

    private static readonly string UnpaidItemsSql = $"""
        SELECT {ItemColumns("")} FROM run_items WHERE run_id = @runId AND outcome IN (N'held', N'to_recover', N'zero') AND (@payer IS NULL OR payer = @payer)
        ORDER BY CASE outcome WHEN N'held' THEN 0 WHEN N'to_recover' THEN 1 ELSE 2 END, {ItemOrder}
        """;

    public IEnumerable<RunItemRow> UnpaidItems(string runId, string? payer = null)
    {
        using var c = Open();
        foreach (var i in c.Query<RunItemRow>(UnpaidItemsSql, new { runId, payer }, buffered: false, commandTimeout: 0))
            yield return i;
    }

    private static readonly string RunItemsSql = $"SELECT {ItemColumns("")} FROM run_items WHERE run_id = @runId ORDER BY source_ref";

    public IReadOnlyList<RunItemRow> RunItems(string runId)
    {
        using var c = Open();
        return c.Query<RunItemRow>(RunItemsSql, new { runId }).AsList();
    }

    private static readonly string ItemsBySourceSql = $"""
        SELECT {ItemColumns("i.")}
        FROM run_items i JOIN runs r ON r.run_id = i.run_id
        WHERE i.source_ref IN ({TextIds})
        ORDER BY CASE WHEN r.computed_seq IS NULL THEN 1 ELSE 0 END, r.computed_seq, r.run_id, i.source_ref
        """;
    private static readonly string TransferSql = $"SELECT {TransferColumns("")} FROM run_transfers WHERE run_id = @RunId AND end_to_end_id = @EndToEndId";

    public IReadOnlyList<(RunItemRow Item, RunTransferRow? Transfer)> ItemsBySource(IEnumerable<string> sourceRefs)
    {
        using var c = Open();
        var items = c.Query<RunItemRow>(ItemsBySourceSql, new { ids = Json(sourceRefs) }).AsList();
        return items.Select(i => (i, i.EndToEndId is null ? null : c.QuerySingleOrDefault<RunTransferRow>(TransferSql, new { i.RunId, i.EndToEndId })))
            .ToList();
    }

    // Keys as SQLite gives them: the greatest + 1, in the order of the rows (transfers, then held items).
    private const string LedgerTransfersSql = """
        INSERT INTO payments (payment_id, run_id, end_to_end_id, payee_kind, payee_id, payee_name, iban, amount_cents, remittance, status, hold_reason, file_name, payer)
        SELECT @next + ROW_NUMBER() OVER (ORDER BY execution_date, seq), run_id, end_to_end_id, payee_kind, payee_id, creditor_name,
               creditor_iban, amount_cents, remittance, N'paid', NULL, @paymentFile, payer
        FROM run_transfers WHERE run_id = @runId
        """;

    // A held item has no transfer: it is recorded under an id of its own, so a later run can pay it.
    private const string LedgerHeldSql = """
        INSERT INTO payments (payment_id, run_id, end_to_end_id, payee_kind, payee_id, payee_name, iban, amount_cents, remittance, status, hold_reason, file_name, payer)
        SELECT @next + ROW_NUMBER() OVER (ORDER BY source_ref), run_id, N'held:' + run_id + N':' + source_ref, payee_kind, payee_id,
               payee_name, iban, amount_cents, N'', N'held', hold_reason, NULL, payer
        FROM run_items WHERE run_id = @runId AND outcome = N'held'
        """;

    // 'line:12' is the item of kind 'line' and id 12.
    private const string LedgerItemsSql = """
        INSERT INTO payment_items (payment_id, item_kind, item_id, amount_cents, paid)
        SELECT p.payment_id, LEFT(i.source_ref, CHARINDEX(N':', i.source_ref) - 1),
               CAST(SUBSTRING(i.source_ref, CHARINDEX(N':', i.source_ref) + 1, 450) AS bigint), i.amount_cents,
               CASE WHEN i.outcome = N'paid' THEN 1 ELSE 0 END
        FROM run_items i JOIN payments p
             ON p.end_to_end_id = CASE i.outcome WHEN N'paid' THEN i.end_to_end_id ELSE N'held:' + i.run_id + N':' + i.source_ref END
        WHERE i.run_id = @runId AND i.outcome IN (N'paid', N'held')
        """;

    private const string CompleteSql = "UPDATE runs SET phase = @to, finished_at = @finishedAt WHERE run_id = @runId";

    public bool CompleteRun(string runId, string? paymentFile, Instant finishedAt)
    {
        var completed = false;
        UnderRunLock((c, tx) =>
        {
            if (c.ExecuteScalar<string>(PhaseSql, new { runId }, tx) != RunPhases.Name(RunPhase.FilesWritten)) return;
            var next = NextId(c, tx, NextPaymentIdSql) - 1;
            c.Execute(LedgerTransfersSql, new { runId, paymentFile, next }, tx, commandTimeout: 0);
            next = NextId(c, tx, NextPaymentIdSql) - 1;
            c.Execute(LedgerHeldSql, new { runId, next }, tx, commandTimeout: 0);
            c.Execute(LedgerItemsSql, new { runId }, tx, commandTimeout: 0);
            c.Execute(CompleteSql, new { runId, to = RunPhases.Name(RunPhase.Completed), finishedAt }, tx);
            completed = true;
        });
        return completed;
    }

    private const string PaymentsSql = """
        SELECT payment_id AS PaymentId, run_id AS RunId, end_to_end_id AS EndToEndId, payee_kind AS PayeeKind,
               payee_id AS PayeeId, payee_name AS PayeeName, iban AS Iban, amount_cents AS Amount, remittance AS Remittance,
               status AS Status, hold_reason AS HoldReason, file_name AS FileName, payer AS Payer
        FROM payments WHERE run_id = @runId ORDER BY end_to_end_id
        """;

    public IReadOnlyList<PaymentRow> Payments(string runId)
    {
        using var c = Open();
        return c.Query<PaymentRow>(PaymentsSql, new { runId }).AsList();
    }
}
