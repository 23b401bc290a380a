using Dapper;
using Engine.Core.Money;
using Engine.Jobs.Data;
using NodaTime;
using static Engine.Jobs.Data.StoreSql;

namespace Engine.Store.Postgres;

public sealed partial class PostgresStore
{
    /// <param name="t">Table alias with its dot, or empty.</param>
    private static string AdjustmentColumns(string t) => $"""
        {t}adjustment_id AS AdjustmentId, {t}recalc_id AS RecalcId, {t}item AS Item, CAST('complement' AS text) COLLATE "C" AS Kind, {t}amount_cents AS Amount,
        {t}paid_before_cents AS PaidBefore, {t}recomputed_cents AS Recomputed, {t}payee_kind AS PayeeKind, {t}payee_id AS PayeeId,
        {t}purpose AS Purpose, {t}period_from AS PeriodFrom, {t}period_to AS PeriodTo, {t}sending_number AS SendingNumber,
        {t}sending_month AS SendingMonth, {t}sending_mutuality AS SendingMutuality, {t}explanation_paid AS ExplanationPaid,
        {t}explanation_now AS ExplanationNow, {t}known_at AS KnownAt, {t}payer AS Payer, CAST(NULL AS text) COLLATE "C" AS Status
        """;

    private const string RecoveryColumns = """
        recovery_id AS AdjustmentId, recalc_id AS RecalcId, item AS Item, CAST('undue' AS text) COLLATE "C" AS Kind, amount_cents AS Amount,
        paid_before_cents AS PaidBefore, recomputed_cents AS Recomputed, payee_kind AS PayeeKind, payee_id AS PayeeId,
        purpose AS Purpose, period_from AS PeriodFrom, period_to AS PeriodTo, CAST(NULL AS integer) AS SendingNumber,
        CAST(NULL AS text) COLLATE "C" AS SendingMonth, CAST(NULL AS integer) AS SendingMutuality, explanation_paid AS ExplanationPaid,
        explanation_now AS ExplanationNow, known_at AS KnownAt, payer AS Payer, status AS Status
        """;

    public void SaveRuleSet(string version, IReadOnlyList<RuleFile> files, Instant at) => InTransaction((c, tx) =>
    {
        // Two processes storing the same version at once: the second finds it stored.
        if (c.Execute("INSERT INTO rule_sets (version, files, stored_at) VALUES (@version, @count, @at) ON CONFLICT (version) DO NOTHING",
                new { version, count = files.Count, at }, tx) == 0) return;
        c.Execute("INSERT INTO rule_set_files (version, path, content) VALUES (@version, @Path, @Content)",
            files.Select(f => new { version, f.Path, f.Content }), tx);
    });

    public IReadOnlyList<RuleFile>? RuleSetFiles(string version)
    {
        using var c = Open();
        if (c.ExecuteScalar<long>("SELECT COUNT(*) FROM rule_sets WHERE version = @version", new { version }) == 0) return null;
        return c.Query<(string Path, byte[] Content)>("SELECT path, content FROM rule_set_files WHERE version = @version ORDER BY path",
            new { version }).Select(f => new RuleFile(f.Path, f.Content)).ToList();
    }

    public IReadOnlyList<ComputedLine> ComputedLines(LineSelection s)
    {
        using var c = Open();
        var seqs = c.Query<(string RunId, long? Seq)>("SELECT run_id, computed_seq FROM runs")
            .ToDictionary(r => r.RunId, r => r.Seq ?? 0, StringComparer.Ordinal);
        var ids = s.Beneficiaries?.ToArray() ?? [];
        return c.Query<CareLineRow, LineResultRow, ComputedLine>("""
            SELECT l.line_id AS LineId, l.sending_id AS SendingId, l.invoice_number AS InvoiceNumber, l.record_seq AS RecordSeq,
                   l.beneficiary_id AS BeneficiaryId, l.provider_id AS ProviderId, l.code AS Code, l.service_date AS ServiceDate,
                   l.quantity AS Quantity, l.billed_cents AS Billed, l.claimed_insurer_cents AS ClaimedInsurer,
                   l.claimed_share_cents AS ClaimedShare, l.supplement_cents AS Supplement, l.conventioned AS Conventioned,
                   l.channel AS Channel, l.referral AS Referral, l.known_at AS KnownAt, l.destination_mutuality AS DestinationMutuality,
                   r.result_id AS ResultId, r.run_id AS RunId, r.line_id AS LineId, r.rule_set_version AS RuleSetVersion,
                   r.input_known_at AS InputKnownAt, r.fee_cents AS Fee, r.insurer_cents AS Insurer, r.share_cents AS Share,
                   r.supplement_cents AS Supplement, r.maf_refund_cents AS MafRefund, r.payee AS Payee, r.status AS Status,
                   r.reason AS Reason, r.rules AS Rules, r.provisional AS Provisional, r.payer AS Payer, r.share_refund_cents AS ShareRefund
            FROM care_lines l JOIN line_results r ON r.line_id = l.line_id
            WHERE (@provider::text IS NULL OR l.provider_id = @provider::text)
              AND (@code::integer IS NULL OR l.code = @code::integer)
              AND (@from::date IS NULL OR l.service_date >= @from::date)
              AND (@to::date IS NULL OR l.service_date <= @to::date)
              AND (@all OR l.beneficiary_id = ANY(@ids))
            ORDER BY l.line_id
            """, (line, result) => new ComputedLine(line, result, seqs[result.RunId]),
            new { provider = s.Provider, code = s.Code, from = s.From, to = s.To, all = s.Beneficiaries is null, ids },
            splitOn: "ResultId").AsList();
    }

    public IReadOnlyList<IndemnityPaymentRow> ComputedIndemnities(IReadOnlyCollection<string>? beneficiaries, LocalDate? from, LocalDate? to)
    {
        using var c = Open();
        return c.Query<IndemnityPaymentRow>($"""
            SELECT {IndemnityPaymentColumns} FROM indemnity_payments
            WHERE (@all OR beneficiary_id = ANY(@ids))
              AND (@from::date IS NULL OR period_end >= @from::date)
              AND (@to::date IS NULL OR period_start <= @to::date)
            ORDER BY indemnity_payment_id
            """, new { all = beneficiaries is null, ids = beneficiaries?.ToArray() ?? [], from, to }).AsList();
    }

    public RecalcRow SaveRecalc(RecalcRow recalc, IReadOnlyCollection<string> items,
        Func<long, IReadOnlyDictionary<string, Money>, IReadOnlyList<AdjustmentRow>> decide)
    {
        RecalcRow? saved = null;
        // Under the run lock: two recalculations of the same item, or a run claiming complements, never interleave with
        // the reading of what earlier adjustments added.
        UnderRunLock((c, tx) =>
        {
            var id = NextId(c, tx, "recalcs", "recalc_id");
            c.Execute("""
                INSERT INTO recalcs (recalc_id, requested_by, reason, scope, as_of, rule_set_version, items, complements, complement_cents,
                    undue, undue_cents, created_at, notes)
                VALUES (@id, @RequestedBy, @Reason, @Scope, @AsOf, @RuleSetVersion, 0, 0, 0, 0, 0, @CreatedAt, @Notes)
                """, new { id, recalc.RequestedBy, recalc.Reason, recalc.Scope, recalc.AsOf, recalc.RuleSetVersion, recalc.CreatedAt, recalc.Notes }, tx);
            var prior = new Dictionary<string, Money>(StringComparer.Ordinal);
            foreach (var (item, cents) in c.Query<(string, long)>("""
                SELECT item, CAST(SUM(cents) AS bigint) FROM (
                    SELECT item, amount_cents AS cents FROM adjustments WHERE item = ANY(@items)
                    UNION ALL
                    SELECT item, -amount_cents AS cents FROM recoveries WHERE item = ANY(@items)) AS u
                GROUP BY item
                """, new { items = items.Distinct(StringComparer.Ordinal).ToArray() }, tx))
                prior[item] = new Money(cents);
            var found = decide(id, prior);
            var complements = found.Where(a => a.Kind == "complement").ToList();
            var undue = found.Where(a => a.Kind == "undue").ToList();
            if (found.Any(a => a.Kind is not ("complement" or "undue") || a.Amount.Cents <= 0 || a.RecalcId != id))
                throw new ArgumentException($"recalculation {id}: an adjustment is neither a positive complement nor a positive undue amount of this recalculation");
            c.Execute("""
                INSERT INTO adjustments (adjustment_id, recalc_id, item, amount_cents, paid_before_cents, recomputed_cents, payee_kind, payee_id, purpose,
                    period_from, period_to, sending_number, sending_month, sending_mutuality, explanation_paid, explanation_now, known_at, payer)
                VALUES ((SELECT COALESCE(MAX(adjustment_id), 0) + 1 FROM adjustments), @RecalcId, @Item, @Amount, @PaidBefore, @Recomputed,
                    @PayeeKind, @PayeeId, @Purpose, @PeriodFrom::date, @PeriodTo::date, @SendingNumber, @SendingMonth, @SendingMutuality,
                    @ExplanationPaid, @ExplanationNow, @KnownAt, @Payer)
                """, complements, tx);
            c.Execute("""
                INSERT INTO recoveries (recovery_id, recalc_id, item, amount_cents, paid_before_cents, recomputed_cents, payee_kind, payee_id, purpose,
                    period_from, period_to, explanation_paid, explanation_now, known_at, payer)
                VALUES ((SELECT COALESCE(MAX(recovery_id), 0) + 1 FROM recoveries), @RecalcId, @Item, @Amount, @PaidBefore, @Recomputed,
                    @PayeeKind, @PayeeId, @Purpose, @PeriodFrom::date, @PeriodTo::date, @ExplanationPaid, @ExplanationNow, @KnownAt, @Payer)
                """, undue, tx);
            c.Execute("""
                UPDATE recalcs SET items = @items, complements = @complements, complement_cents = @complementCents,
                    undue = @undue, undue_cents = @undueCents
                WHERE recalc_id = @id
                """, new
            {
                id, items = items.Count, complements = complements.Count, complementCents = complements.Sum(a => a.Amount.Cents),
                undue = undue.Count, undueCents = undue.Sum(a => a.Amount.Cents),
            }, tx);
            saved = c.QuerySingle<RecalcRow>($"SELECT {RecalcColumns} FROM recalcs WHERE recalc_id = @id", new { id }, tx);
        });
        return saved!;
    }

    public void SetRecalcReport(long recalcId, string reportFile) => InTransaction((c, tx) =>
        c.Execute("UPDATE recalcs SET report_file = @reportFile WHERE recalc_id = @recalcId", new { recalcId, reportFile }, tx));

    public RecalcRow? Recalc(long recalcId)
    {
        using var c = Open();
        return c.QuerySingleOrDefault<RecalcRow>($"SELECT {RecalcColumns} FROM recalcs WHERE recalc_id = @recalcId", new { recalcId });
    }

    public IReadOnlyList<RecalcRow> RecalcsWithoutReport()
    {
        using var c = Open();
        return c.Query<RecalcRow>($"SELECT {RecalcColumns} FROM recalcs WHERE report_file IS NULL ORDER BY recalc_id").AsList();
    }

    public IReadOnlyList<AdjustmentRow> Adjustments(long? recalcId = null)
    {
        using var c = Open();
        return c.Query<AdjustmentRow>($"""
            SELECT * FROM (
                SELECT {AdjustmentColumns("")} FROM adjustments WHERE @recalcId::bigint IS NULL OR recalc_id = @recalcId::bigint
                UNION ALL
                SELECT {RecoveryColumns} FROM recoveries WHERE @recalcId::bigint IS NULL OR recalc_id = @recalcId::bigint) AS u
            ORDER BY RecalcId, Item, Kind
            """, new { recalcId }).AsList();
    }

    public IReadOnlyList<AdjustmentRow> AdjustmentsById(IEnumerable<long> adjustmentIds)
    {
        using var c = Open();
        return c.Query<AdjustmentRow>($"SELECT {AdjustmentColumns("")} FROM adjustments WHERE adjustment_id = ANY(@ids) ORDER BY adjustment_id",
            new { ids = adjustmentIds.Distinct().ToArray() }).AsList();
    }

    public IReadOnlyList<MafCounterRow> MafCountersBefore(long computedSeq, IEnumerable<(string HouseholdId, int Year)> keys) =>
        MafCounters(keys, computedSeq);

    public IReadOnlyList<AcMemberStateRow> AcStatesBefore(long computedSeq, IEnumerable<string> memberIds)
    {
        using var c = Open();
        return LatestStates(c, null, memberIds,
            "s.run_id IN (SELECT r.run_id FROM runs r WHERE r.computed_seq < @computedSeq)", new { computedSeq });
    }

    public IReadOnlyDictionary<string, LocalDate> IndemnityPaidUntilBefore(long computedSeq)
    {
        using var c = Open();
        return c.Query<(string CaseId, DateTime End)>("""
            SELECT p.case_id, MAX(p.period_end) FROM indemnity_payments p JOIN runs r ON r.run_id = p.run_id
            WHERE r.computed_seq < @computedSeq GROUP BY p.case_id
            """, new { computedSeq }).ToDictionary(r => r.CaseId, r => LocalDate.FromDateTime(r.End), StringComparer.Ordinal);
    }

    public IReadOnlyList<AcRequestRow> AcRequestsDecidedBy(string runId)
    {
        using var c = Open();
        return c.Query<AcRequestRow>("""
            SELECT q.seq AS Seq, q.request_id AS RequestId, q.member_id AS MemberId, q.advantage AS Advantage, q.date AS Date,
                   q.amount_paid_cents AS AmountPaid, q.evidence AS Evidence, q.source_file AS SourceFile, q.known_at AS KnownAt
            FROM ac_requests q JOIN ac_decisions d ON d.request_id = q.request_id
            WHERE d.run_id = @runId
            ORDER BY q.date, q.seq
            """, new { runId }).AsList();
    }
}
