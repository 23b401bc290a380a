using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Engine.Jobs.Data.Sqlite;

public sealed partial class SqliteStore
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

    /// <summary>How many decisions <see cref="Decide"/> holds at most before writing them (in rowid order, one sweep of the
    /// table each time): about 100 bytes each, some 200 MB at most, a million-line night's in one sweep.</summary>
    private const int DecisionBatch = 1 << 21;

    // SQLite's extended result code for a UNIQUE constraint failure.
    private const int UniqueViolation = 2067;

    private static void InsertItems(SqliteConnection c, IEnumerable<RunItemRow> items)
    {
        using var insert = new RowStatement(c, """
            INSERT INTO run_items (run_id, source_ref, origin_run_id, partition, payee_kind, payee_id, payee_name, iban, amount_cents,
                purpose, purpose_rank, execution_date, period_from, period_to, advantage_id, sending_number, sending_month,
                sending_mutuality, structured_communication, provisional, payer, outcome)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, 'pending')
            """);
        // The items of a run share a few execution dates, and their periods a few hundred days: each formatted once.
        var dates = new Dictionary<LocalDate, string>();
        string Date(LocalDate d)
        {
            if (!dates.TryGetValue(d, out var text)) dates[d] = text = DbTypes.Text(d);
            return text;
        }
        foreach (var i in items)
        {
            insert.Text(1, i.RunId); insert.Text(2, i.SourceRef); insert.Text(3, i.OriginRunId); insert.Integer(4, i.Partition);
            insert.Text(5, i.PayeeKind); insert.Text(6, i.PayeeId); insert.Text(7, i.PayeeName); insert.Text(8, i.Iban);
            insert.Integer(9, i.Amount.Cents); insert.Text(10, i.Purpose); insert.Integer(11, i.PurposeRank); insert.Text(12, Date(i.ExecutionDate));
            insert.Text(13, i.PeriodFrom is { } f ? Date(f) : null); insert.Text(14, i.PeriodTo is { } t ? Date(t) : null);
            insert.Text(15, i.AdvantageId); insert.Integer(16, i.SendingNumber); insert.Text(17, i.SendingMonth);
            insert.Integer(18, i.SendingMutuality); insert.Text(19, i.StructuredCommunication); insert.Text(20, i.Provisional);
            insert.Text(21, i.Payer);
            insert.Execute();
        }
    }

    // The latest copy of each item held back by an earlier run that no run has paid, nor holds pending, since. Read
    // through ix_run_items_held (migration 0043): its cost follows the held items, not every item of every past run.
    private static readonly string HeldItemsSql = $"""
        SELECT {ItemColumns("h.")} FROM run_items h JOIN runs r ON r.run_id = h.run_id
        WHERE h.outcome = 'held' AND h.run_id <> @runId
          AND NOT EXISTS (SELECT 1 FROM run_items x WHERE x.source_ref = h.source_ref AND x.outcome IN ('pending', 'paid'))
          AND NOT EXISTS (SELECT 1 FROM run_items y JOIN runs ry ON ry.run_id = y.run_id
                          WHERE y.source_ref = h.source_ref AND y.outcome = 'held' AND y.run_id <> @runId
                            AND (ry.run_date > r.run_date OR (ry.run_date = r.run_date AND ry.run_id > r.run_id)))
        ORDER BY h.source_ref
        """;

    public bool Claim(string runId, Instant asOf, Func<IReadOnlyList<RunItemRow>, IReadOnlyList<AdjustmentRow>, IReadOnlyList<RunItemRow>> takeOver)
    {
        var claimed = false;
        UnderRunLock((c, tx) =>
        {
            if (c.ExecuteScalar<string>("SELECT phase FROM runs WHERE run_id = @runId", new { runId }, tx) != RunPhases.Name(RunPhase.Computed)) return;
            var held = c.Query<RunItemRow>(HeldItemsSql, new { runId }, tx).AsList();
            // Complements of recalculations known by the run's as-of instant that no run has taken yet (one a run took and
            // held back comes back with the held items above).
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
            c.Execute("UPDATE runs SET phase = @to WHERE run_id = @runId",
                new { runId, to = RunPhases.Name(RunPhase.Claimed) }, tx);
            claimed = true;
        });
        return claimed;
    }

    public bool Decide(string runId, Func<IReadOnlyList<RunItemRow>, PayeeDecisions> decide)
    {
        var decided = false;
        try
        {
            InTransaction((c, tx) =>
            {
                if (c.ExecuteScalar<string>("SELECT phase FROM runs WHERE run_id = @runId", new { runId }, tx) != RunPhases.Name(RunPhase.Claimed)) return;
                // Bound by position through statements prepared once (RowStatement): Microsoft.Data.Sqlite's commands box
                // every value and look every parameter up by name at each execution (measured on the 100,000-line night:
                // the transfers' inserts 0.49 to 0.20 s of processor time, the updates 0.90 to 0.80 s, 150 MB less allocated).
                using var update = new RowStatement(c, """
                    UPDATE run_items SET outcome = ?1, end_to_end_id = ?2, hold_reason = ?3
                    WHERE rowid = ?4 AND run_id = ?5 AND source_ref = ?6 AND outcome = 'pending'
                    """);
                using var transfer = new RowStatement(c, """
                    INSERT INTO run_transfers (run_id, end_to_end_id, seq, execution_date, payee_kind, payee_id, purpose, sending, creditor_name,
                        creditor_iban, amount_cents, structured_reference, unstructured, remittance, items, payer)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
                    """);

                long seq = 0;
                int count = 0;
                long pending = 0;
                // The items are read on a connection of their own, from the snapshot before this transaction's updates.
                using var reader = Open();
                using var readTx = reader.BeginTransaction(deferred: true);
                var payee = new List<RunItemRow>();
                // Each item's row, so that its decision is written by rowid (one lookup, not one through the key's index).
                var rows = new Dictionary<string, long>(StringComparer.Ordinal);
                // The decisions are written in rowid order: in payee order each update lands on a page of its own (measured on
                // the 100,000-line night: 15% less processor time to write them, 1.86 to 1.58 s). Up to DecisionBatch of them
                // in one sweep of the table, after the whole read: in batches of 131,072, each batch swept a table larger
                // than the page cache again (nine sweeps of 262 MB at a million lines, each page read and written nine times).
                var decisions = new List<(long Row, RunItemOutcome Outcome)>();
                void Write()
                {
                    decisions.Sort((a, b) => a.Row.CompareTo(b.Row));
                    foreach (var (row, o) in decisions)
                    {
                        update.Text(1, o.Outcome); update.Text(2, o.EndToEndId); update.Text(3, o.HoldReason);
                        update.Integer(4, row); update.Text(5, runId); update.Text(6, o.SourceRef);
                        update.Execute();
                        count += update.Changes;
                    }
                    decisions.Clear();
                }
                void Flush()
                {
                    if (payee.Count == 0) return;
                    var d = decide(payee);
                    foreach (var o in d.Outcomes)
                    {
                        decisions.Add((rows.TryGetValue(o.SourceRef, out var row) ? row : -1, o));
                        if (decisions.Count == DecisionBatch) Write();
                    }
                    foreach (var x in d.Transfers)
                    {
                        transfer.Text(1, runId); transfer.Text(2, x.EndToEndId); transfer.Integer(3, ++seq); transfer.Text(4, DbTypes.Text(x.ExecutionDate));
                        transfer.Text(5, x.PayeeKind); transfer.Text(6, x.PayeeId); transfer.Text(7, x.Purpose); transfer.Text(8, x.Sending);
                        transfer.Text(9, x.CreditorName); transfer.Text(10, x.CreditorIban); transfer.Integer(11, x.Amount.Cents);
                        transfer.Text(12, x.StructuredReference); transfer.Text(13, x.Unstructured); transfer.Text(14, x.Remittance);
                        transfer.Integer(15, x.Items); transfer.Text(16, x.Payer);
                        transfer.Execute();
                    }
                    payee.Clear();
                    rows.Clear();
                }
                // Payee by payee in item order (the grouping sorts each payee's items itself).
                // Read by column position straight from SQLite (RowReader, inside readTx): a million rows of 25 columns.
                using (var r = new RowReader(reader, $"SELECT rowid AS RowId, {ItemColumns("")} FROM run_items WHERE run_id = @run ORDER BY payee_kind DESC, payee_id"))
                {
                    r.Bind("@run", runId);
                    while (r.Read())
                    {
                        var item = ReadItem(r, 1);
                        if (payee.Count > 0 && (payee[0].PayeeKind != item.PayeeKind || payee[0].PayeeId != item.PayeeId)) Flush();
                        payee.Add(item);
                        rows[item.SourceRef] = r.Int64(0);
                        if (item.Outcome == "pending") pending++;
                    }
                }
                Flush();
                Write();
                // Each update that counts turns one of the pending items read (all the run's, under the write lock) to decided.
                var left = pending - count;
                if (left != 0) throw new InvalidOperationException($"run {runId}: {left} items left undecided after {count} decisions; nothing stored");
                c.Execute("UPDATE runs SET phase = @to WHERE run_id = @runId", new { runId, to = RunPhases.Name(RunPhase.Decided) }, tx);
                decided = true;
            });
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == UniqueViolation)
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

    public IEnumerable<RunTransferRow> Transfers(string runId, string? payer = null) => Raw($"""
        SELECT {TransferColumns("")} FROM run_transfers WHERE run_id = @runId AND (@payer IS NULL OR payer = @payer) ORDER BY execution_date, seq
        """, r => ReadTransfer(r, 0), ("@runId", runId), ("@payer", payer));

    /// <remarks>CROSS JOIN keeps the transfers as the outer loop (SQLite's planner, without statistics, took the items
    /// first and sorted the whole run in a temporary B-tree): each transfer's items come through ix_run_items_transfer.</remarks>
    public IEnumerable<(RunTransferRow Transfer, RunItemRow Item)> TransferItems(string runId, string? payer = null)
    {
        // One transfer object for all its items (the rows repeat its columns).
        RunTransferRow? transfer = null;
        return Raw($"""
            SELECT {TransferColumns("t.")}, {ItemColumns("i.")}
            FROM run_transfers t CROSS JOIN run_items i ON i.run_id = t.run_id AND i.end_to_end_id = t.end_to_end_id
            WHERE t.run_id = @runId AND (@payer IS NULL OR t.payer = @payer) ORDER BY t.execution_date, t.seq, i.source_ref
            """, r =>
        {
            if (transfer is null || transfer.EndToEndId != r.String(1)) transfer = ReadTransfer(r, 0);
            return (transfer, ReadItem(r, TransferColumnCount));
        }, ("@runId", runId), ("@payer", payer));
    }

    // Through the index of the unpaid items alone (migration 0048): read three times by the files phase, they are a few
    // thousand of a million items, where the run's key led to every item of the run, each looked up for its outcome.
    private static readonly string UnpaidItemsSql = $"""
        SELECT {ItemColumns("")} FROM run_items INDEXED BY ix_run_items_unpaid
        WHERE run_id = @runId AND outcome IN ('held', 'to_recover', 'zero') AND (@payer IS NULL OR payer = @payer)
        ORDER BY CASE outcome WHEN 'held' THEN 0 WHEN 'to_recover' THEN 1 ELSE 2 END, {ItemOrder}
        """;

    public IEnumerable<RunItemRow> UnpaidItems(string runId, string? payer = null) =>
        Raw(UnpaidItemsSql, r => ReadItem(r, 0), ("@runId", runId), ("@payer", payer));

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
            WHERE i.source_ref IN @refs
            ORDER BY r.computed_seq IS NULL, r.computed_seq, r.run_id, i.source_ref
            """, new { refs = sourceRefs.ToList() }).AsList();
        return items.Select(i => (i, i.EndToEndId is null ? null : c.QuerySingleOrDefault<RunTransferRow>(
            $"SELECT {TransferColumns("")} FROM run_transfers WHERE run_id = @RunId AND end_to_end_id = @EndToEndId", new { i.RunId, i.EndToEndId }))).ToList();
    }

    private const string LedgerItemsSql = """
        INSERT INTO payment_items (payment_id, item_kind, item_id, amount_cents, paid)
        SELECT p.payment_id, substr(i.source_ref, 1, instr(i.source_ref, ':') - 1) AS kind,
               CAST(substr(i.source_ref, instr(i.source_ref, ':') + 1) AS INTEGER) AS id, i.amount_cents, i.outcome = 'paid'
        FROM run_items i NOT INDEXED CROSS JOIN payments p
             ON p.end_to_end_id = CASE i.outcome WHEN 'paid' THEN i.end_to_end_id ELSE 'held:' || i.run_id || ':' || i.source_ref END
        WHERE i.rowid BETWEEN @first AND @last AND i.run_id = @runId AND i.outcome IN ('paid', 'held')
        ORDER BY kind, id
        """;

    public bool CompleteRun(string runId, string? paymentFile, Instant finishedAt)
    {
        var completed = false;
        InTransaction((c, tx) =>
        {
            if (c.ExecuteScalar<string>("SELECT phase FROM runs WHERE run_id = @runId", new { runId }, tx) != RunPhases.Name(RunPhase.FilesWritten)) return;
            c.Execute("""
                INSERT INTO payments (run_id, end_to_end_id, payee_kind, payee_id, payee_name, iban, amount_cents, remittance, status, hold_reason, file_name, payer)
                SELECT run_id, end_to_end_id, payee_kind, payee_id, creditor_name, creditor_iban, amount_cents, remittance, 'paid', NULL, @paymentFile, payer
                FROM run_transfers WHERE run_id = @runId ORDER BY execution_date, seq
                """, new { runId, paymentFile }, tx);
            // A held item has no transfer: it is recorded under an id of its own, so a later run can pay it. Read through
            // ix_run_items_held (the held items of every run, as the claim reads them), not by scanning the run's items for
            // the few held (measured at 1,000,000 lines: 0.7-1.8 s of processor time to 0.02 s).
            c.Execute("""
                INSERT INTO payments (run_id, end_to_end_id, payee_kind, payee_id, payee_name, iban, amount_cents, remittance, status, hold_reason, file_name, payer)
                SELECT run_id, 'held:' || run_id || ':' || source_ref, payee_kind, payee_id, payee_name, iban, amount_cents, '', 'held', hold_reason, NULL, payer
                FROM run_items INDEXED BY ix_run_items_held WHERE run_id = @runId AND outcome = 'held' ORDER BY source_ref
                """, new { runId }, tx);
            // In the key's order (kind, then id as a number): each row goes after the one before in payment_items' key and
            // its paid-once index, where the items' order (source_ref as text: line:1, line:10, line:100, ...) hopped
            // about both B-trees. The run's items are read in their rowid order, between the run's first and last rowid
            // (read from its key's index alone): through its key they were looked up one by one at random in the table
            // (1,100,000 rows at a million lines), where the rowid order reads its pages one after the other. Whether an
            // item is paid is its own outcome (a paid item joins its transfer's payment, 'paid'; a held item its own,
            // 'held'): the payment's id is in the index of its end-to-end id, and its status would be looked up in the
            // payments' table at random for each item (measured at 1,000,000 lines: about 3 of the ledger's 12 cpu s).
            var (first, last) = c.QuerySingle<(long?, long?)>(
                "SELECT min(rowid), max(rowid) FROM run_items WHERE run_id = @runId", new { runId }, tx);
            c.Execute(LedgerItemsSql, new { runId, first = first ?? 0, last = last ?? -1 }, tx);
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
