using Dapper;
using Engine.Jobs.Data;
using Npgsql;
using NodaTime;

namespace Engine.Store.Postgres;

public sealed partial class PostgresStore
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

    private static void InsertItems(NpgsqlConnection c, IEnumerable<RunItemRow> items) => Copy(c, """
        run_items (run_id, source_ref, origin_run_id, partition, payee_kind, payee_id, payee_name, iban, amount_cents,
            purpose, purpose_rank, execution_date, period_from, period_to, advantage_id, sending_number, sending_month,
            sending_mutuality, structured_communication, provisional, payer, outcome)
        """, items, (w, i) =>
    {
        w.Text(i.RunId); w.Text(i.SourceRef); w.Text(i.OriginRunId); w.Int(i.Partition); w.Text(i.PayeeKind); w.Text(i.PayeeId);
        w.Text(i.PayeeName); w.Text(i.Iban); w.Long(i.Amount.Cents); w.Text(i.Purpose); w.Int(i.PurposeRank); w.Date(i.ExecutionDate);
        w.Date(i.PeriodFrom); w.Date(i.PeriodTo); w.Text(i.AdvantageId); w.Int(i.SendingNumber); w.Text(i.SendingMonth);
        w.Int(i.SendingMutuality); w.Text(i.StructuredCommunication); w.Text(i.Provisional); w.Text(i.Payer); w.Text("pending");
    });

    public bool Claim(string runId, Instant asOf, Func<IReadOnlyList<RunItemRow>, IReadOnlyList<AdjustmentRow>, IReadOnlyList<RunItemRow>> takeOver)
    {
        var claimed = false;
        UnderRunLock((c, tx) =>
        {
            if (c.ExecuteScalar<string>("SELECT phase FROM runs WHERE run_id = @runId", new { runId }, tx) != RunPhases.Name(RunPhase.Computed)) return;
            // The latest copy of each item held back by an earlier run that no run has paid, nor holds pending, since.
            var held = c.Query<RunItemRow>($"""
                SELECT {ItemColumns("h.")} FROM run_items h JOIN runs r ON r.run_id = h.run_id
                WHERE h.outcome = 'held' AND h.run_id <> @runId
                  AND NOT EXISTS (SELECT 1 FROM run_items x WHERE x.source_ref = h.source_ref AND x.outcome IN ('pending', 'paid'))
                  AND NOT EXISTS (SELECT 1 FROM run_items y JOIN runs ry ON ry.run_id = y.run_id
                                  WHERE y.source_ref = h.source_ref AND y.outcome = 'held' AND y.run_id <> @runId
                                    AND (ry.run_date > r.run_date OR (ry.run_date = r.run_date AND ry.run_id > r.run_id)))
                ORDER BY h.source_ref
                """, new { runId }, tx).AsList();
            // Complements of recalculations known by the run's as-of instant that no run has taken yet.
            var adjustments = c.Query<AdjustmentRow>($"""
                SELECT {AdjustmentColumns("a.")} FROM adjustments a
                WHERE a.known_at <= @asOf AND NOT EXISTS (SELECT 1 FROM run_items x WHERE x.source_ref = 'adj:' || a.adjustment_id)
                ORDER BY a.adjustment_id
                """, new { asOf }, tx).AsList();
            var taken = takeOver(held, adjustments);
            if (taken.Any(i => i.RunId != runId || i.OriginRunId == runId || i.Outcome != "pending" || i.Partition is not null))
                throw new ArgumentException($"a claim of run {runId} holds an item of another run, of its own, or already decided", nameof(takeOver));
            InsertItems(c, taken);
            // An amount this run computed must be nobody else's.
            var others = c.Query<string>("""
                SELECT a.source_ref || ' (run ' || b.run_id || ', ' || b.outcome || ')'
                FROM run_items a JOIN run_items b ON b.source_ref = a.source_ref AND b.run_id <> a.run_id
                WHERE a.run_id = @runId AND a.origin_run_id = @runId AND b.outcome IN ('pending', 'paid')
                ORDER BY a.source_ref LIMIT 5
                """, new { runId }, tx).AsList();
            if (others.Count > 0)
                throw new InvalidOperationException($"run {runId} computed items that another run already holds: {string.Join(", ", others)}; nothing claimed");
            c.Execute("UPDATE runs SET phase = @to WHERE run_id = @runId", new { runId, to = RunPhases.Name(RunPhase.Claimed) }, tx);
            claimed = true;
        });
        return claimed;
    }

    public bool Decide(string runId, Func<IReadOnlyList<RunItemRow>, PayeeDecisions> decide)
    {
        var decided = false;
        try
        {
            UnderRunLock((c, tx) =>
            {
                if (c.ExecuteScalar<string>("SELECT phase FROM runs WHERE run_id = @runId", new { runId }, tx) != RunPhases.Name(RunPhase.Claimed)) return;
                // The outcomes go to a temporary table by COPY, then into the items in one statement; the transfers by COPY.
                c.Execute("""
                    CREATE TEMP TABLE decided_items (source_ref text COLLATE "C" NOT NULL, outcome text NOT NULL, end_to_end_id text, hold_reason text)
                    ON COMMIT DROP
                    """, transaction: tx);
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
                    foreach (var item in reader.Query<RunItemRow>($"SELECT {ItemColumns("")} FROM run_items WHERE run_id = @runId ORDER BY payee_kind DESC, payee_id",
                                 new { runId }, buffered: false))
                    {
                        if (payee.Count > 0 && (payee[0].PayeeKind != item.PayeeKind || payee[0].PayeeId != item.PayeeId)) Flush();
                        payee.Add(item);
                    }
                    Flush();
                }
                Copy(c, "decided_items (source_ref, outcome, end_to_end_id, hold_reason)", outcomes, (w, o) =>
                {
                    w.Text(o.SourceRef); w.Text(o.Outcome); w.Text(o.EndToEndId); w.Text(o.HoldReason);
                });
                var count = c.Execute("""
                    UPDATE run_items i SET outcome = d.outcome, end_to_end_id = d.end_to_end_id, hold_reason = d.hold_reason
                    FROM decided_items d
                    WHERE i.run_id = @runId AND i.source_ref = d.source_ref AND i.outcome = 'pending'
                    """, new { runId }, tx);
                long seq = 0;
                Copy(c, """
                    run_transfers (run_id, end_to_end_id, seq, execution_date, payee_kind, payee_id, purpose, sending, creditor_name,
                        creditor_iban, amount_cents, structured_reference, unstructured, remittance, items, payer)
                    """, transfers, (w, x) =>
                {
                    w.Text(runId); w.Text(x.EndToEndId); w.Long(++seq); w.Date(x.ExecutionDate); w.Text(x.PayeeKind); w.Text(x.PayeeId);
                    w.Text(x.Purpose); w.Text(x.Sending); w.Text(x.CreditorName); w.Text(x.CreditorIban); w.Long(x.Amount.Cents);
                    w.Text(x.StructuredReference); w.Text(x.Unstructured); w.Text(x.Remittance); w.Int(x.Items); w.Text(x.Payer);
                });
                var left = c.ExecuteScalar<long>("SELECT COUNT(*) FROM run_items WHERE run_id = @runId AND outcome = 'pending'", new { runId }, tx);
                if (left != 0) throw new InvalidOperationException($"run {runId}: {left} items left undecided after {count} decisions; nothing stored");
                c.Execute("UPDATE runs SET phase = @to WHERE run_id = @runId", new { runId, to = RunPhases.Name(RunPhase.Decided) }, tx);
                decided = true;
            });
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            using var c = Open();
            var paid = c.Query<string>("""
                SELECT DISTINCT a.source_ref || ' (run ' || b.run_id || ')'
                FROM run_items a JOIN run_items b ON b.source_ref = a.source_ref AND b.run_id <> a.run_id AND b.outcome = 'paid'
                WHERE a.run_id = @runId LIMIT 5
                """, new { runId }).AsList();
            throw new InvalidOperationException(
                $"run {runId} would pay items another run has paid: {string.Join(", ", paid)}; refused, nothing stored", e);
        }
        return decided;
    }

    public IEnumerable<RunTransferRow> Transfers(string runId, string? payer = null)
    {
        using var c = Open();
        foreach (var t in c.Query<RunTransferRow>($"SELECT {TransferColumns("")} FROM run_transfers WHERE run_id = @runId AND (@payer IS NULL OR payer = @payer) ORDER BY execution_date, seq",
                     new { runId, payer }, buffered: false))
            yield return t;
    }

    public IEnumerable<(RunTransferRow Transfer, RunItemRow Item)> TransferItems(string runId, string? payer = null)
    {
        using var c = Open();
        foreach (var row in c.Query<RunTransferRow, RunItemRow, (RunTransferRow, RunItemRow)>($"""
                     SELECT {TransferColumns("t.")}, {ItemColumns("i.")}
                     FROM run_transfers t JOIN run_items i ON i.run_id = t.run_id AND i.end_to_end_id = t.end_to_end_id
                     WHERE t.run_id = @runId AND (@payer IS NULL OR t.payer = @payer) ORDER BY t.execution_date, t.seq, i.source_ref
                     """, (t, i) => (t, i), new { runId, payer }, buffered: false, splitOn: "SourceRef"))
            yield return row;
    }

    public IEnumerable<RunItemRow> UnpaidItems(string runId, string? payer = null)
    {
        using var c = Open();
        foreach (var i in c.Query<RunItemRow>($"""
                     SELECT {ItemColumns("")} FROM run_items WHERE run_id = @runId AND outcome IN ('held', 'to_recover', 'zero') AND (@payer IS NULL OR payer = @payer)
                     ORDER BY CASE outcome WHEN 'held' THEN 0 WHEN 'to_recover' THEN 1 ELSE 2 END, {ItemOrder}
                     """, new { runId, payer }, buffered: false))
            yield return i;
    }

    public IReadOnlyList<RunItemRow> RunItems(string runId)
    {
        using var c = Open();
        return c.Query<RunItemRow>($"SELECT {ItemColumns("")} FROM run_items WHERE run_id = @runId ORDER BY source_ref", new { runId }).AsList();
    }

    public IReadOnlyList<(RunItemRow Item, RunTransferRow? Transfer)> ItemsBySource(IEnumerable<string> sourceRefs)
    {
        using var c = Open();
        var items = c.Query<RunItemRow>($"""
            SELECT {ItemColumns("i.")}
            FROM run_items i JOIN runs r ON r.run_id = i.run_id
            WHERE i.source_ref = ANY(@refs)
            ORDER BY r.computed_seq IS NULL, r.computed_seq, r.run_id, i.source_ref
            """, new { refs = sourceRefs.Distinct().ToArray() }).AsList();
        return items.Select(i => (i, i.EndToEndId is null ? null : c.QuerySingleOrDefault<RunTransferRow>(
            $"SELECT {TransferColumns("")} FROM run_transfers WHERE run_id = @RunId AND end_to_end_id = @EndToEndId", new { i.RunId, i.EndToEndId }))).ToList();
    }

    public bool CompleteRun(string runId, string? paymentFile, Instant finishedAt)
    {
        var completed = false;
        UnderRunLock((c, tx) =>
        {
            if (c.ExecuteScalar<string>("SELECT phase FROM runs WHERE run_id = @runId", new { runId }, tx) != RunPhases.Name(RunPhase.FilesWritten)) return;
            // Keys as SQLite gives them: the greatest + 1, in the order of the rows (transfers, then held items).
            var next = NextId(c, tx, "payments", "payment_id") - 1;
            c.Execute("""
                INSERT INTO payments (payment_id, run_id, end_to_end_id, payee_kind, payee_id, payee_name, iban, amount_cents, remittance, status, hold_reason, file_name, payer)
                SELECT @next + ROW_NUMBER() OVER (ORDER BY execution_date, seq), run_id, end_to_end_id, payee_kind, payee_id, creditor_name,
                       creditor_iban, amount_cents, remittance, 'paid', NULL, @paymentFile, payer
                FROM run_transfers WHERE run_id = @runId
                """, new { runId, paymentFile, next }, tx);
            next = NextId(c, tx, "payments", "payment_id") - 1;
            // A held item has no transfer: it is recorded under an id of its own, so a later run can pay it.
            c.Execute("""
                INSERT INTO payments (payment_id, run_id, end_to_end_id, payee_kind, payee_id, payee_name, iban, amount_cents, remittance, status, hold_reason, file_name, payer)
                SELECT @next + ROW_NUMBER() OVER (ORDER BY source_ref), run_id, 'held:' || run_id || ':' || source_ref, payee_kind, payee_id,
                       payee_name, iban, amount_cents, '', 'held', hold_reason, NULL, payer
                FROM run_items WHERE run_id = @runId AND outcome = 'held'
                """, new { runId, next }, tx);
            c.Execute("""
                INSERT INTO payment_items (payment_id, item_kind, item_id, amount_cents, paid)
                SELECT p.payment_id, split_part(i.source_ref, ':', 1),
                       CAST(substring(i.source_ref FROM position(':' IN i.source_ref) + 1) AS bigint), i.amount_cents, i.outcome = 'paid'
                FROM run_items i JOIN payments p
                     ON p.end_to_end_id = CASE i.outcome WHEN 'paid' THEN i.end_to_end_id ELSE 'held:' || i.run_id || ':' || i.source_ref END
                WHERE i.run_id = @runId AND i.outcome IN ('paid', 'held')
                """, new { runId }, tx);
            c.Execute("UPDATE runs SET phase = @to, finished_at = @finishedAt WHERE run_id = @runId",
                new { runId, to = RunPhases.Name(RunPhase.Completed), finishedAt }, tx);
            completed = true;
        });
        return completed;
    }

    public IReadOnlyList<PaymentRow> Payments(string runId)
    {
        using var c = Open();
        return c.Query<PaymentRow>("""
            SELECT payment_id AS PaymentId, run_id AS RunId, end_to_end_id AS EndToEndId, payee_kind AS PayeeKind,
                   payee_id AS PayeeId, payee_name AS PayeeName, iban AS Iban, amount_cents AS Amount, remittance AS Remittance,
                   status AS Status, hold_reason AS HoldReason, file_name AS FileName, payer AS Payer
            FROM payments WHERE run_id = @runId ORDER BY end_to_end_id
            """, new { runId }).AsList();
    }
}
