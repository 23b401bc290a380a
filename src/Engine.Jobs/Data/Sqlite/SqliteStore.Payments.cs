using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Engine.Jobs.Data.Sqlite;

public sealed partial class SqliteStore
{
    private static readonly string RunItemColumns = ItemColumns("");

    /// <param name="t">Table alias with its dot, or empty.</param>
    private static string ItemColumns(string t) => $"""
        {t}run_id AS RunId, {t}seq AS Seq, {t}source_ref AS SourceRef, {t}chunk_id AS ChunkId, {t}origin_run_id AS OriginRunId,
        {t}payee_kind AS PayeeKind, {t}payee_id AS PayeeId, {t}payee_name AS PayeeName, {t}iban AS Iban, {t}amount_cents AS Amount,
        {t}purpose AS Purpose, {t}execution_date AS ExecutionDate, {t}period_from AS PeriodFrom, {t}period_to AS PeriodTo,
        {t}advantage_id AS AdvantageId, {t}sending_number AS SendingNumber, {t}sending_month AS SendingMonth,
        {t}sending_mutuality AS SendingMutuality, {t}structured_communication AS StructuredCommunication, {t}outcome AS Outcome,
        {t}end_to_end_id AS EndToEndId, {t}hold_reason AS HoldReason
        """;

    private const string ChunkColumns = """
        run_id AS RunId, chunk_id AS ChunkId, first_payee AS FirstPayee, last_payee AS LastPayee, items AS Items,
        status AS Status, done_at AS DoneAt, worker AS Worker
        """;

    // SQLite's extended result code for a UNIQUE constraint failure.
    private const int UniqueViolation = 2067;

    public bool ClaimRunItems(string runId, Func<IReadOnlyList<RunItemRow>, RunClaim> decide) =>
        Claim(runId, null, (held, _) => decide(held));

    public bool ClaimRunItems(string runId, Instant asOf, Func<IReadOnlyList<RunItemRow>, IReadOnlyList<AdjustmentRow>, RunClaim> decide) =>
        Claim(runId, asOf, decide);

    private bool Claim(string runId, Instant? adjustmentsAsOf, Func<IReadOnlyList<RunItemRow>, IReadOnlyList<AdjustmentRow>, RunClaim> decide)
    {
        var claimed = false;
        // BeginTransaction takes the write lock first (BEGIN IMMEDIATE): two runs claiming at once are serialised, so
        // the held items one run reads cannot be claimed by the other before it commits.
        InTransaction((c, tx) =>
        {
            if (c.ExecuteScalar<long>("SELECT COUNT(*) FROM run_chunks WHERE run_id = @runId", new { runId }, tx) > 0) return;
            var held = c.Query<RunItemRow>($"""
                SELECT {ItemColumns("h.")} FROM run_items h JOIN runs r ON r.run_id = h.run_id
                WHERE h.outcome = 'held' AND h.run_id <> @runId
                  AND NOT EXISTS (SELECT 1 FROM run_items x WHERE x.source_ref = h.source_ref AND x.outcome IN ('pending', 'paid'))
                  AND NOT EXISTS (SELECT 1 FROM run_items y JOIN runs ry ON ry.run_id = y.run_id
                                  WHERE y.source_ref = h.source_ref AND y.outcome = 'held' AND y.run_id <> @runId
                                    AND (ry.run_date > r.run_date OR (ry.run_date = r.run_date AND ry.run_id > r.run_id)))
                ORDER BY h.source_ref, h.seq
                """, new { runId }, tx).AsList();
            // Complements of recalculations known by the run's as-of instant that no run has taken yet (one a run took and
            // held back comes back with the held items above).
            var adjustments = adjustmentsAsOf is { } asOf
                ? c.Query<AdjustmentRow>($"""
                    SELECT {AdjustmentColumns("a.")} FROM adjustments a
                    WHERE a.known_at <= @asOf
                      AND NOT EXISTS (SELECT 1 FROM run_items x WHERE x.source_ref = 'adj:' || a.adjustment_id)
                    ORDER BY a.adjustment_id
                    """, new { asOf }, tx).AsList()
                : [];
            var claim = decide(held, adjustments);
            if (claim.Items.Any(i => i.RunId != runId) || claim.Chunks.Any(k => k.RunId != runId))
                throw new ArgumentException($"a claim of run {runId} holds rows of another run", nameof(decide));
            c.Execute("""
                INSERT INTO run_chunks (run_id, chunk_id, first_payee, last_payee, items, status)
                VALUES (@RunId, @ChunkId, @FirstPayee, @LastPayee, @Items, 'pending')
                """, claim.Chunks, tx);
            c.Execute("""
                INSERT INTO run_items (run_id, seq, source_ref, chunk_id, origin_run_id, payee_kind, payee_id, payee_name, iban,
                    amount_cents, purpose, execution_date, period_from, period_to, advantage_id, sending_number, sending_month,
                    sending_mutuality, structured_communication, outcome)
                VALUES (@RunId, @Seq, @SourceRef, @ChunkId, @OriginRunId, @PayeeKind, @PayeeId, @PayeeName, @Iban,
                    @Amount, @Purpose, @ExecutionDate, @PeriodFrom, @PeriodTo, @AdvantageId, @SendingNumber, @SendingMonth,
                    @SendingMutuality, @StructuredCommunication, 'pending')
                """, claim.Items, tx);
            // An amount this run computed must be nobody else's: a second run computing the same line is a defect that
            // must stop here, before anything is paid.
            var taken = c.Query<string>("""
                SELECT a.source_ref || ' (run ' || b.run_id || ', ' || b.outcome || ')'
                FROM run_items a JOIN run_items b ON b.source_ref = a.source_ref AND b.run_id <> a.run_id
                WHERE a.run_id = @runId AND a.origin_run_id = @runId
                ORDER BY a.seq LIMIT 5
                """, new { runId }, tx).AsList();
            if (taken.Count > 0)
                throw new InvalidOperationException(
                    $"run {runId} computed items that another run already holds: {string.Join(", ", taken)}; nothing claimed");
            claimed = true;
        });
        return claimed;
    }

    public IReadOnlyList<RunChunkRow> Chunks(string runId)
    {
        using var c = Open();
        return c.Query<RunChunkRow>($"SELECT {ChunkColumns} FROM run_chunks WHERE run_id = @runId ORDER BY chunk_id", new { runId }).AsList();
    }

    public IReadOnlyList<RunItemRow> RunItems(string runId, int? chunkId = null)
    {
        using var c = Open();
        return c.Query<RunItemRow>($"""
            SELECT {RunItemColumns} FROM run_items
            WHERE run_id = @runId AND (@chunkId IS NULL OR chunk_id = @chunkId) ORDER BY seq
            """, new { runId, chunkId }).AsList();
    }

    public ChunkCompletion CompleteChunk(string runId, int chunkId, IReadOnlyList<RunItemOutcome> outcomes, Instant at, string worker)
    {
        var stored = false;
        var pending = 0;
        try
        {
            InTransaction((c, tx) =>
            {
                var marked = c.Execute("""
                    UPDATE run_chunks SET status = 'done', done_at = @at, worker = @worker
                    WHERE run_id = @runId AND chunk_id = @chunkId AND status = 'pending'
                    """, new { runId, chunkId, at, worker }, tx);
                if (marked == 0)
                {
                    if (c.ExecuteScalar<long>("SELECT COUNT(*) FROM run_chunks WHERE run_id = @runId AND chunk_id = @chunkId", new { runId, chunkId }, tx) == 0)
                        throw new InvalidOperationException($"run {runId} has no chunk {chunkId}");
                }
                else
                {
                    var updated = c.Execute("""
                        UPDATE run_items SET outcome = @Outcome, end_to_end_id = @EndToEndId, hold_reason = @HoldReason
                        WHERE run_id = @runId AND chunk_id = @chunkId AND seq = @Seq AND outcome = 'pending'
                        """, outcomes.Select(o => new { runId, chunkId, o.Seq, o.Outcome, o.EndToEndId, o.HoldReason }), tx);
                    var left = c.ExecuteScalar<long>(
                        "SELECT COUNT(*) FROM run_items WHERE run_id = @runId AND chunk_id = @chunkId AND outcome = 'pending'", new { runId, chunkId }, tx);
                    if (updated != outcomes.Count || left != 0)
                        throw new InvalidOperationException(
                            $"run {runId} chunk {chunkId}: {updated} of {outcomes.Count} decisions stored and {left} items left undecided; nothing stored");
                    stored = true;
                }
                pending = (int)c.ExecuteScalar<long>("SELECT COUNT(*) FROM run_chunks WHERE run_id = @runId AND status = 'pending'", new { runId }, tx);
            });
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == UniqueViolation)
        {
            using var c = Open();
            var paid = c.Query<string>("""
                SELECT DISTINCT a.source_ref || ' (run ' || b.run_id || ')'
                FROM run_items a JOIN run_items b ON b.source_ref = a.source_ref AND b.run_id <> a.run_id AND b.outcome = 'paid'
                WHERE a.run_id = @runId AND a.chunk_id = @chunkId LIMIT 5
                """, new { runId, chunkId }).AsList();
            throw new InvalidOperationException(
                $"run {runId} chunk {chunkId} would pay items another run has paid: {string.Join(", ", paid)}; refused, nothing stored", e);
        }
        return new ChunkCompletion(stored, pending);
    }
}
