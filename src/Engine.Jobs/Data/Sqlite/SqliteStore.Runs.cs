using Dapper;
using NodaTime;

namespace Engine.Jobs.Data.Sqlite;

public sealed partial class SqliteStore
{
    public RunRow? Run(string runId)
    {
        using var c = Open();
        return c.QuerySingleOrDefault<RunRow>("""
            SELECT run_id AS RunId, kind AS Kind, run_date AS RunDate, as_of AS AsOf, rule_set_version AS RuleSetVersion,
                   status AS Status, started_at AS StartedAt, finished_at AS FinishedAt, summary AS Summary,
                   computed_seq AS ComputedSeq, scope AS Scope
            FROM runs WHERE run_id = @runId
            """, new { runId });
    }

    public void StartRun(RunRow run) => InTransaction((c, tx) => c.Execute("""
        INSERT INTO runs (run_id, kind, run_date, as_of, rule_set_version, status, started_at, scope)
        VALUES (@RunId, @Kind, @RunDate, @AsOf, @RuleSetVersion, 'started', @StartedAt, @Scope)
        ON CONFLICT (run_id) DO NOTHING
        """, run, tx));

    public void SaveResults(string runId, IReadOnlyList<LineResultRow> results, IReadOnlyList<MafCounterRow> mafCounters,
        IReadOnlyList<IndemnityPaymentRow>? indemnities = null, IReadOnlyList<AcDecisionRow>? acDecisions = null,
        IReadOnlyList<AcMemberStateRow>? acStates = null) => InTransaction((c, tx) =>
    {
        SaveAcDecisions(c, tx, runId, acDecisions ?? [], acStates ?? []);
        c.Execute("DELETE FROM indemnity_payments WHERE run_id = @runId", new { runId }, tx);
        c.Execute("""
            INSERT INTO indemnity_payments (run_id, case_id, beneficiary_id, period_start, period_end, paid_days, daily_cents,
                gross_cents, withholding_cents, net_cents, rule_set_version, rules)
            VALUES (@RunId, @CaseId, @BeneficiaryId, @PeriodStart, @PeriodEnd, @PaidDays, @Daily, @Gross, @Withholding, @Net,
                @RuleSetVersion, @Rules)
            """, indemnities ?? [], tx);
        c.Execute("DELETE FROM maf_counters WHERE run_id = @runId", new { runId }, tx);
        c.Execute("""
            INSERT INTO maf_counters (run_id, household_id, year, counted_cents, refunded_cents, child_counted, line_ids)
            VALUES (@RunId, @HouseholdId, @Year, @CountedCents, @RefundedCents, @ChildCounted, @LineIds)
            """, mafCounters, tx);
        // A restarted run recomputes from scratch: drop what an interrupted attempt may have left.
        c.Execute("DELETE FROM line_results WHERE run_id = @runId", new { runId }, tx);
        c.Execute("""
            INSERT INTO line_results (run_id, line_id, rule_set_version, input_known_at, fee_cents, insurer_cents, share_cents,
                supplement_cents, maf_refund_cents, payee, status, reason, rules)
            VALUES (@RunId, @LineId, @RuleSetVersion, @InputKnownAt, @Fee, @Insurer, @Share, @Supplement, @MafRefund,
                @Payee, @Status, @Reason, @Rules)
            """, results, tx);
        // Two runs computing at once (the nightly run and a pay-on-arrival run, or a run started by hand) both start from
        // what earlier runs stored. The first to store wins; the other stores nothing and is computed again from that
        // (a restart, or Hangfire's retry), so no line and no indemnity day is computed, and paid, twice.
        var taken = c.Query<string>("""
            SELECT 'line ' || r.line_id || ' (run ' || o.run_id || ')'
            FROM line_results r JOIN line_results o ON o.line_id = r.line_id AND o.run_id <> r.run_id
                 JOIN runs u ON u.run_id = o.run_id AND u.status IN ('computed', 'completed')
            WHERE r.run_id = @runId
            UNION ALL
            SELECT 'indemnity case ' || p.case_id || ' ' || p.period_start || '..' || p.period_end
                   || ' (run ' || o.run_id || ': ' || o.period_start || '..' || o.period_end || ')'
            FROM indemnity_payments p JOIN indemnity_payments o
                 ON o.case_id = p.case_id AND o.run_id <> p.run_id AND o.period_start <= p.period_end AND o.period_end >= p.period_start
                 JOIN runs u ON u.run_id = o.run_id AND u.status IN ('computed', 'completed')
            WHERE p.run_id = @runId
            LIMIT 5
            """, new { runId }, tx).AsList();
        // A MAF counter continues the latest one earlier runs left: it holds all of its lines, unless another run stored a
        // newer counter of the household-year meanwhile. The same for a member's AC allowances and the requests they paid.
        var continued = c.Query<(string What, string Mine, string Theirs, string Other)>("""
            SELECT 'MAF counter ' || n.household_id || ' ' || n.year, n.line_ids, o.line_ids, o.run_id
            FROM maf_counters n JOIN maf_counters o ON o.household_id = n.household_id AND o.year = n.year
            WHERE n.run_id = @runId
              AND o.version = (SELECT MAX(x.version) FROM maf_counters x JOIN runs u ON u.run_id = x.run_id
                               WHERE x.household_id = n.household_id AND x.year = n.year AND x.run_id <> @runId
                                 AND u.status IN ('computed', 'completed'))
            UNION ALL
            SELECT 'AC allowances of ' || n.member_id, n.paid_requests, o.paid_requests, o.run_id
            FROM ac_member_states n JOIN ac_member_states o ON o.member_id = n.member_id
            WHERE n.run_id = @runId
              AND o.version = (SELECT MAX(x.version) FROM ac_member_states x JOIN runs u ON u.run_id = x.run_id
                               WHERE x.member_id = n.member_id AND x.run_id <> @runId AND u.status IN ('computed', 'completed'))
            """, new { runId }, tx);
        foreach (var (what, mine, theirs, other) in continued)
        {
            if (taken.Count >= 5) break;
            var held = System.Text.Json.JsonSerializer.Deserialize<HashSet<string>>(mine)!;
            if (!System.Text.Json.JsonSerializer.Deserialize<List<string>>(theirs)!.All(held.Contains))
                taken.Add($"{what} (run {other})");
        }
        if (taken.Count > 0)
            throw new InvalidOperationException(
                $"run {runId} computed what another run stored meanwhile: {string.Join(", ", taken)}; nothing stored: start the run again");
        // The order of computation: what a later run restores (MAF counters, AC allowances, indemnity coverage) comes
        // from the runs computed before it, and a replay restores the same.
        c.Execute("""
            UPDATE runs SET status = 'computed', computed_seq = COALESCE(computed_seq, (SELECT COALESCE(MAX(computed_seq), 0) + 1 FROM runs))
            WHERE run_id = @runId
            """, new { runId }, tx);
    });

    public IReadOnlyList<MafCounterRow> LatestMafCounters(IEnumerable<(string HouseholdId, int Year)> keys) => MafCounters(keys, null);

    /// <summary>
    /// The latest counter of each household-year left by a computed or completed run; with
    /// <paramref name="beforeSeq"/>, only by runs that computed before that position (replay: the counter as it stood).
    /// </summary>
    private List<MafCounterRow> MafCounters(IEnumerable<(string HouseholdId, int Year)> keys, long? beforeSeq)
    {
        using var c = Open();
        var result = new List<MafCounterRow>();
        foreach (var (household, year) in keys)
        {
            var row = c.QuerySingleOrDefault<MafCounterRow>("""
                SELECT m.run_id AS RunId, m.household_id AS HouseholdId, m.year AS Year, m.counted_cents AS CountedCents,
                       m.refunded_cents AS RefundedCents, m.child_counted AS ChildCounted, m.line_ids AS LineIds
                FROM maf_counters m JOIN runs r ON r.run_id = m.run_id
                WHERE m.household_id = @household AND m.year = @year AND r.status IN ('computed', 'completed')
                  AND (@beforeSeq IS NULL OR r.computed_seq < @beforeSeq)
                ORDER BY m.version DESC LIMIT 1
                """, new { household, year, beforeSeq });
            if (row is not null) result.Add(row);
        }
        return result;
    }

    private const string ResultColumns = """
        result_id AS ResultId, run_id AS RunId, line_id AS LineId, rule_set_version AS RuleSetVersion,
        input_known_at AS InputKnownAt, fee_cents AS Fee, insurer_cents AS Insurer, share_cents AS Share,
        supplement_cents AS Supplement, maf_refund_cents AS MafRefund, payee AS Payee, status AS Status,
        reason AS Reason, rules AS Rules
        """;

    public IReadOnlyList<LineResultRow> Results(string runId)
    {
        using var c = Open();
        return c.Query<LineResultRow>($"SELECT {ResultColumns} FROM line_results WHERE run_id = @runId ORDER BY line_id", new { runId }).AsList();
    }

    public IReadOnlyList<LineResultRow> ResultsOfLine(long lineId)
    {
        using var c = Open();
        return c.Query<LineResultRow>($"""
            SELECT {ResultColumns} FROM line_results
            WHERE line_id = @lineId AND run_id IN (SELECT run_id FROM runs WHERE status IN ('computed', 'completed'))
            ORDER BY result_id
            """, new { lineId }).AsList();
    }

    public void CompleteRun(string runId, IReadOnlyList<PaymentRow> payments, IReadOnlyList<PaymentItemRow> items,
        Instant finishedAt, string summary) => InTransaction((c, tx) =>
    {
        c.Execute("DELETE FROM payment_items WHERE payment_id IN (SELECT payment_id FROM payments WHERE run_id = @runId)", new { runId }, tx);
        c.Execute("DELETE FROM payments WHERE run_id = @runId", new { runId }, tx);
        c.Execute("""
            INSERT INTO payments (run_id, end_to_end_id, payee_kind, payee_id, payee_name, iban, amount_cents, remittance, status, hold_reason, file_name)
            VALUES (@RunId, @EndToEndId, @PayeeKind, @PayeeId, @PayeeName, @Iban, @Amount, @Remittance, @Status, @HoldReason, @FileName)
            """, payments, tx);
        c.Execute("""
            INSERT INTO payment_items (payment_id, item_kind, item_id, amount_cents, paid)
            SELECT payment_id, @ItemKind, @ItemId, @Amount, status = 'paid' FROM payments WHERE end_to_end_id = @EndToEndId
            """, items, tx);
        c.Execute("UPDATE runs SET status = 'completed', finished_at = @finishedAt, summary = @summary WHERE run_id = @runId",
            new { runId, finishedAt, summary }, tx);
    });

    public IReadOnlyList<PaymentRow> Payments(string runId)
    {
        using var c = Open();
        return c.Query<PaymentRow>("""
            SELECT payment_id AS PaymentId, run_id AS RunId, end_to_end_id AS EndToEndId, payee_kind AS PayeeKind,
                   payee_id AS PayeeId, payee_name AS PayeeName, iban AS Iban, amount_cents AS Amount, remittance AS Remittance,
                   status AS Status, hold_reason AS HoldReason, file_name AS FileName
            FROM payments WHERE run_id = @runId ORDER BY end_to_end_id
            """, new { runId }).AsList();
    }
}
