using Dapper;
using Engine.Core.Money;
using Engine.Jobs.Data;
using NodaTime;
using static Engine.Jobs.Data.StoreSql;

namespace Engine.Store.SqlServer;

public sealed partial class SqlServerStore
{
    private const string Bin2 = "COLLATE Latin1_General_100_BIN2";

    /// <param name="t">Table alias with its dot, or empty.</param>
    private static string AdjustmentColumns(string t) => $"""
        {t}adjustment_id AS AdjustmentId, {t}recalc_id AS RecalcId, {t}item AS Item, CAST(N'complement' AS nvarchar(450)) {Bin2} AS Kind, {t}amount_cents AS Amount,
        {t}paid_before_cents AS PaidBefore, {t}recomputed_cents AS Recomputed, {t}payee_kind AS PayeeKind, {t}payee_id AS PayeeId,
        {t}purpose AS Purpose, {t}period_from AS PeriodFrom, {t}period_to AS PeriodTo, {t}sending_number AS SendingNumber,
        {t}sending_month AS SendingMonth, {t}sending_mutuality AS SendingMutuality, {t}explanation_paid AS ExplanationPaid,
        {t}explanation_now AS ExplanationNow, {t}known_at AS KnownAt, {t}payer AS Payer, CAST(NULL AS nvarchar(450)) {Bin2} AS Status
        """;

    private const string RecoveryColumns = $"""
        recovery_id AS AdjustmentId, recalc_id AS RecalcId, item AS Item, CAST(N'undue' AS nvarchar(450)) {Bin2} AS Kind, amount_cents AS Amount,
        paid_before_cents AS PaidBefore, recomputed_cents AS Recomputed, payee_kind AS PayeeKind, payee_id AS PayeeId,
        purpose AS Purpose, period_from AS PeriodFrom, period_to AS PeriodTo, CAST(NULL AS int) AS SendingNumber,
        CAST(NULL AS nvarchar(max)) {Bin2} AS SendingMonth, CAST(NULL AS int) AS SendingMutuality, explanation_paid AS ExplanationPaid,
        explanation_now AS ExplanationNow, known_at AS KnownAt, payer AS Payer, status AS Status
        """;

    // Two processes storing the same version at once: the second finds it stored (the primary key refuses the second
    // insert if both pass the test; the version is stored either way).
    private const string AddRuleSetSql = """
        INSERT INTO rule_sets (version, files, stored_at)
        SELECT @version, @count, @at WHERE NOT EXISTS (SELECT 1 FROM rule_sets WITH (UPDLOCK, HOLDLOCK) WHERE version = @version)
        """;
    private const string AddRuleSetFileSql = "INSERT INTO rule_set_files (version, path, content) VALUES (@version, @Path, @Content)";

    public void SaveRuleSet(string version, IReadOnlyList<RuleFile> files, Instant at) => InTransaction((c, tx) =>
    {
        if (c.Execute(AddRuleSetSql, new { version, count = files.Count, at }, tx) == 0) return;
        c.Execute(AddRuleSetFileSql, files.Select(f => new { version, f.Path, f.Content }), tx);
    });

    private const string RuleSetExistsSql = "SELECT COUNT_BIG(*) FROM rule_sets WHERE version = @version";
    private const string RuleSetFilesSql = "SELECT path, content FROM rule_set_files WHERE version = @version ORDER BY path";

    public IReadOnlyList<RuleFile>? RuleSetFiles(string version)
    {
        using var c = Open();
        if (c.ExecuteScalar<long>(RuleSetExistsSql, new { version }) == 0) return null;
        return c.Query<(string Path, byte[] Content)>(RuleSetFilesSql, new { version }).Select(f => new RuleFile(f.Path, f.Content)).ToList();
    }

    private const string RunSeqsSql = "SELECT run_id, computed_seq FROM runs";

    private const string ComputedLinesSql = $"""
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
        WHERE (@provider IS NULL OR l.provider_id = @provider)
          AND (@code IS NULL OR l.code = @code)
          AND (@from IS NULL OR l.service_date >= CAST(@from AS date))
          AND (@to IS NULL OR l.service_date <= CAST(@to AS date))
          AND (@all = 1 OR l.beneficiary_id IN ({TextIds}))
        ORDER BY l.line_id
        """;

    public IReadOnlyList<ComputedLine> ComputedLines(LineSelection s)
    {
        using var c = Open();
        var seqs = c.Query<(string RunId, long? Seq)>(RunSeqsSql).ToDictionary(r => r.RunId, r => r.Seq ?? 0, StringComparer.Ordinal);
        return c.Query<CareLineRow, LineResultRow, ComputedLine>(ComputedLinesSql, (line, result) => new ComputedLine(line, result, seqs[result.RunId]),
            new { provider = s.Provider, code = s.Code, from = s.From, to = s.To, all = s.Beneficiaries is null, ids = Json(s.Beneficiaries ?? []) },
            splitOn: "ResultId").AsList();
    }

    private const string ComputedIndemnitiesSql = $"""
        SELECT {IndemnityPaymentColumns} FROM indemnity_payments
        WHERE (@all = 1 OR beneficiary_id IN ({TextIds}))
          AND (@from IS NULL OR period_end >= CAST(@from AS date))
          AND (@to IS NULL OR period_start <= CAST(@to AS date))
        ORDER BY indemnity_payment_id
        """;

    public IReadOnlyList<IndemnityPaymentRow> ComputedIndemnities(IReadOnlyCollection<string>? beneficiaries, LocalDate? from, LocalDate? to)
    {
        using var c = Open();
        return c.Query<IndemnityPaymentRow>(ComputedIndemnitiesSql,
            new { all = beneficiaries is null, ids = Json(beneficiaries ?? []), from, to }).AsList();
    }

    private const string AddRecalcSql = """
        INSERT INTO recalcs (recalc_id, requested_by, reason, scope, as_of, rule_set_version, items, complements, complement_cents,
            undue, undue_cents, created_at, notes)
        VALUES (@id, @RequestedBy, @Reason, @Scope, @AsOf, @RuleSetVersion, 0, 0, 0, 0, 0, @CreatedAt, @Notes)
        """;
    private const string PriorAdjustmentsSql = $"""
        SELECT item, CAST(SUM(cents) AS bigint) FROM (
            SELECT item, amount_cents AS cents FROM adjustments WHERE item IN ({TextIds})
            UNION ALL
            SELECT item, -amount_cents AS cents FROM recoveries WHERE item IN ({TextIds})) AS u
        GROUP BY item
        """;
    private const string AddAdjustmentSql = """
        INSERT INTO adjustments (adjustment_id, recalc_id, item, amount_cents, paid_before_cents, recomputed_cents, payee_kind, payee_id, purpose,
            period_from, period_to, sending_number, sending_month, sending_mutuality, explanation_paid, explanation_now, known_at, payer)
        SELECT (SELECT COALESCE(MAX(adjustment_id), 0) + 1 FROM adjustments), @RecalcId, @Item, @Amount, @PaidBefore, @Recomputed,
            @PayeeKind, @PayeeId, @Purpose, CAST(@PeriodFrom AS date), CAST(@PeriodTo AS date), @SendingNumber, @SendingMonth, @SendingMutuality,
            @ExplanationPaid, @ExplanationNow, @KnownAt, @Payer
        """;
    private const string AddRecoverySql = """
        INSERT INTO recoveries (recovery_id, recalc_id, item, amount_cents, paid_before_cents, recomputed_cents, payee_kind, payee_id, purpose,
            period_from, period_to, explanation_paid, explanation_now, known_at, payer)
        SELECT (SELECT COALESCE(MAX(recovery_id), 0) + 1 FROM recoveries), @RecalcId, @Item, @Amount, @PaidBefore, @Recomputed,
            @PayeeKind, @PayeeId, @Purpose, CAST(@PeriodFrom AS date), CAST(@PeriodTo AS date), @ExplanationPaid, @ExplanationNow, @KnownAt, @Payer
        """;
    private const string CountRecalcSql = """
        UPDATE recalcs SET items = @items, complements = @complements, complement_cents = @complementCents,
            undue = @undue, undue_cents = @undueCents
        WHERE recalc_id = @id
        """;
    private const string RecalcSql = $"SELECT {RecalcColumns} FROM recalcs WHERE recalc_id = @id";

    public RecalcRow SaveRecalc(RecalcRow recalc, IReadOnlyCollection<string> items,
        Func<long, IReadOnlyDictionary<string, Money>, IReadOnlyList<AdjustmentRow>> decide)
    {
        RecalcRow? saved = null;
        // Under the run lock: two recalculations of the same item, or a run claiming complements, never interleave with
        // the reading of what earlier adjustments added.
        UnderRunLock((c, tx) =>
        {
            var id = NextId(c, tx, NextRecalcIdSql);
            c.Execute(AddRecalcSql, new { id, recalc.RequestedBy, recalc.Reason, recalc.Scope, recalc.AsOf, recalc.RuleSetVersion, recalc.CreatedAt, recalc.Notes }, tx);
            var prior = new Dictionary<string, Money>(StringComparer.Ordinal);
            foreach (var (item, cents) in c.Query<(string, long)>(PriorAdjustmentsSql, new { ids = Json(items) }, tx))
                prior[item] = new Money(cents);
            var found = decide(id, prior);
            var complements = found.Where(a => a.Kind == "complement").ToList();
            var undue = found.Where(a => a.Kind == "undue").ToList();
            if (found.Any(a => a.Kind is not ("complement" or "undue") || a.Amount.Cents <= 0 || a.RecalcId != id))
                throw new ArgumentException($"recalculation {id}: an adjustment is neither a positive complement nor a positive undue amount of this recalculation");
            c.Execute(AddAdjustmentSql, complements, tx);
            c.Execute(AddRecoverySql, undue, tx);
            c.Execute(CountRecalcSql, new
            {
                id, items = items.Count, complements = complements.Count, complementCents = complements.Sum(a => a.Amount.Cents),
                undue = undue.Count, undueCents = undue.Sum(a => a.Amount.Cents),
            }, tx);
            saved = c.QuerySingle<RecalcRow>(RecalcSql, new { id }, tx);
        });
        return saved!;
    }

    private const string SetRecalcReportSql = "UPDATE recalcs SET report_file = @reportFile WHERE recalc_id = @recalcId";

    public void SetRecalcReport(long recalcId, string reportFile) => InTransaction((c, tx) =>
        c.Execute(SetRecalcReportSql, new { recalcId, reportFile }, tx));

    public RecalcRow? Recalc(long recalcId)
    {
        using var c = Open();
        return c.QuerySingleOrDefault<RecalcRow>(RecalcSql, new { id = recalcId });
    }

    private const string RecalcsWithoutReportSql = $"SELECT {RecalcColumns} FROM recalcs WHERE report_file IS NULL ORDER BY recalc_id";

    public IReadOnlyList<RecalcRow> RecalcsWithoutReport()
    {
        using var c = Open();
        return c.Query<RecalcRow>(RecalcsWithoutReportSql).AsList();
    }

    private static readonly string AdjustmentsSql = $"""
        SELECT * FROM (
            SELECT {AdjustmentColumns("")} FROM adjustments WHERE @recalcId IS NULL OR recalc_id = @recalcId
            UNION ALL
            SELECT {RecoveryColumns} FROM recoveries WHERE @recalcId IS NULL OR recalc_id = @recalcId) AS u
        ORDER BY RecalcId, Item, Kind
        """;

    public IReadOnlyList<AdjustmentRow> Adjustments(long? recalcId = null)
    {
        using var c = Open();
        return c.Query<AdjustmentRow>(AdjustmentsSql, new { recalcId }).AsList();
    }

    private static readonly string AdjustmentsByIdSql = $"SELECT {AdjustmentColumns("")} FROM adjustments WHERE adjustment_id IN ({LongIds}) ORDER BY adjustment_id";

    public IReadOnlyList<AdjustmentRow> AdjustmentsById(IEnumerable<long> adjustmentIds)
    {
        using var c = Open();
        return c.Query<AdjustmentRow>(AdjustmentsByIdSql, new { ids = Json(adjustmentIds) }).AsList();
    }

    public IReadOnlyList<MafCounterRow> MafCountersBefore(long computedSeq, IEnumerable<(string HouseholdId, int Year)> keys) =>
        MafCounters(keys, computedSeq);

    public IReadOnlyList<AcMemberStateRow> AcStatesBefore(long computedSeq, IEnumerable<string> memberIds)
    {
        using var c = Open();
        return LatestStates(c, null, memberIds, LatestStatesBeforeSql, new { computedSeq });
    }

    private const string IndemnityPaidUntilBeforeSql = """
        SELECT p.case_id, MAX(p.period_end) FROM indemnity_payments p JOIN runs r ON r.run_id = p.run_id
        WHERE r.computed_seq < @computedSeq GROUP BY p.case_id
        """;

    public IReadOnlyDictionary<string, LocalDate> IndemnityPaidUntilBefore(long computedSeq)
    {
        using var c = Open();
        return c.Query<(string CaseId, DateTime End)>(IndemnityPaidUntilBeforeSql, new { computedSeq })
            .ToDictionary(r => r.CaseId, r => LocalDate.FromDateTime(r.End), StringComparer.Ordinal);
    }

    private const string AcRequestsDecidedBySql = """
        SELECT q.seq AS Seq, q.request_id AS RequestId, q.member_id AS MemberId, q.advantage AS Advantage, q.date AS Date,
               q.amount_paid_cents AS AmountPaid, q.evidence AS Evidence, q.source_file AS SourceFile, q.known_at AS KnownAt
        FROM ac_requests q JOIN ac_decisions d ON d.request_id = q.request_id
        WHERE d.run_id = @runId
        ORDER BY q.date, q.seq
        """;

    public IReadOnlyList<AcRequestRow> AcRequestsDecidedBy(string runId)
    {
        using var c = Open();
        return c.Query<AcRequestRow>(AcRequestsDecidedBySql, new { runId }).AsList();
    }
}
