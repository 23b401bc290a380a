using Dapper;
using Engine.Jobs.Data;
using Npgsql;
using NodaTime;
using static Engine.Jobs.Data.StoreSql;

namespace Engine.Store.Postgres;

public sealed partial class PostgresStore
{
    public RunRow? Run(string runId)
    {
        using var c = Open();
        return c.QuerySingleOrDefault<RunRow>($"SELECT {RunColumns} FROM runs WHERE run_id = @runId", new { runId });
    }

    public RunRow? LastCompletedRun(string kind)
    {
        using var c = Open();
        return c.QuerySingleOrDefault<RunRow>($"""
            SELECT {RunColumns} FROM runs WHERE kind = @kind AND phase = @completed ORDER BY run_date DESC, run_id DESC LIMIT 1
            """, new { kind, completed = RunPhases.Name(RunPhase.Completed) });
    }

    public IReadOnlyList<RunRow> RunsBetween(LocalDate from, LocalDate to)
    {
        using var c = Open();
        return c.Query<RunRow>($"""
            SELECT {RunColumns} FROM runs WHERE run_date >= @from::date AND run_date <= @to::date
            ORDER BY computed_seq IS NULL, computed_seq, run_id
            """, new { from, to }).AsList();
    }

    /// <summary>
    /// The lines a run computes: those still to compute (migration 0018) known by its instant, each with its household
    /// in its year of care, as of that instant (the latest membership known then). Each care line is found by its key
    /// from the work list (the subquery with OFFSET 0 is planned on its own: never a scan of all the care lines, whose
    /// history a hash or merge join would read).
    /// </summary>
    private const string WorkLinesSql = """
        SELECT l.line_id, l.beneficiary_id, l.year,
               (SELECT m.household_id FROM household_members m
                WHERE m.beneficiary_id = l.beneficiary_id AND m.year = l.year AND m.known_at <= @asOf
                ORDER BY m.known_at DESC LIMIT 1)
        FROM lines_to_compute t
        CROSS JOIN LATERAL (SELECT c.line_id, c.beneficiary_id, CAST(EXTRACT(YEAR FROM c.service_date) AS integer) AS year, c.known_at
                            FROM care_lines c WHERE c.line_id = t.line_id OFFSET 0) l
        WHERE l.known_at <= @asOf
        ORDER BY t.line_id
        """;

    public void StartRun(RunRow run, Func<long, int> partitionsFor, Func<WorkLine, int, int>? partitionOf) => UnderRunLock((c, tx) =>
    {
        c.Execute("""
            INSERT INTO runs (run_id, kind, run_date, as_of, rule_set_version, phase, started_at, scope, refuse_provisional, engine_version, engine_commit)
            VALUES (@RunId, @Kind, @RunDate::date, @AsOf, @RuleSetVersion, @PhaseName, @StartedAt, @Scope, @RefuseProvisional, @EngineVersion, @EngineCommit)
            ON CONFLICT (run_id) DO NOTHING
            """, new { run.RunId, run.Kind, run.RunDate, run.AsOf, run.RuleSetVersion, PhaseName = RunPhases.Name(RunPhase.Started), run.StartedAt, run.Scope,
                run.RefuseProvisional, run.EngineVersion, run.EngineCommit }, tx);
        var stored = c.QuerySingle<RunRow>($"SELECT {RunColumns} FROM runs WHERE run_id = @RunId", run, tx);
        if (stored.Partitions is not null) return;
        // Each line of the work list has its care line (it enters the list in the transaction that stores it).
        var partitions = partitionsFor(partitionOf is null ? 0
            : c.ExecuteScalar<long>("""
                SELECT COUNT(*) FROM lines_to_compute t
                CROSS JOIN LATERAL (SELECT c.known_at FROM care_lines c WHERE c.line_id = t.line_id OFFSET 0) l
                WHERE l.known_at <= @asOf
                """, new { asOf = stored.AsOf }, tx, commandTimeout: 0));
        if (partitionOf is not null)
        {
            // Read on a connection of its own (committed inputs; no result is stored meanwhile: the run lock is held)
            // and streamed into the work list by COPY.
            using var reader = Open();
            var lines = reader.Query<(long LineId, string BeneficiaryId, int Year, string? HouseholdId)>(WorkLinesSql, new { asOf = stored.AsOf },
                buffered: false);
            Copy(c, "run_lines (run_id, partition, line_id, household_id)", lines, (w, l) =>
            {
                var partition = partitionOf(new WorkLine(l.LineId, l.BeneficiaryId, l.Year, l.HouseholdId), partitions);
                if (partition < 0 || partition >= partitions)
                    throw new ArgumentOutOfRangeException(nameof(partitionOf), $"line {l.LineId} put in partition {partition} of {partitions}");
                w.Text(run.RunId); w.Int(partition); w.Long(l.LineId); w.Text(l.HouseholdId);
            });
        }
        c.Execute("UPDATE runs SET partitions = @partitions WHERE run_id = @RunId", new { partitions, run.RunId }, tx);
    });

    public void RecordFiles(string runId, string folder, IReadOnlyList<RunFileRow> files) => InTransaction((c, tx) =>
    {
        c.Execute("UPDATE runs SET output_folder = @folder WHERE run_id = @runId", new { runId, folder }, tx);
        c.Execute("DELETE FROM run_files WHERE run_id = @runId", new { runId }, tx);
        c.Execute("INSERT INTO run_files (run_id, file, sha256, bytes) VALUES (@runId, @File, @Sha256, @Bytes)",
            files.Select(f => new { runId, f.File, f.Sha256, f.Bytes }), tx);
    });

    public IReadOnlyList<RunFileRow> RunFiles(string runId)
    {
        using var c = Open();
        return c.Query<(string File, string Sha256, long Bytes)>("SELECT file, sha256, bytes FROM run_files WHERE run_id = @runId ORDER BY file",
            new { runId }).Select(f => new RunFileRow(f.File, f.Sha256, f.Bytes)).ToList();
    }

    public IReadOnlyList<int> PendingPartitions(string runId)
    {
        using var c = Open();
        var run = c.QuerySingleOrDefault<RunRow>($"SELECT {RunColumns} FROM runs WHERE run_id = @runId", new { runId })
                  ?? throw new InvalidOperationException($"run {runId} does not exist");
        var done = c.Query<int>("SELECT partition FROM run_partitions WHERE run_id = @runId", new { runId }).ToHashSet();
        return Enumerable.Range(0, run.Partitions ?? 0).Where(p => !done.Contains(p)).ToList();
    }

    public IReadOnlyList<RunPartitionRow> Partitions(string runId)
    {
        using var c = Open();
        return c.Query<RunPartitionRow>("""
            SELECT run_id AS RunId, partition AS Partition, lines AS Lines, items AS Items, committed_at AS CommittedAt, worker AS Worker
            FROM run_partitions WHERE run_id = @runId ORDER BY partition
            """, new { runId }).AsList();
    }

    public bool Advance(string runId, RunPhase from, RunPhase to, string? summary = null)
    {
        if (to != from + 1) throw new ArgumentException($"a run moves one phase at a time, not from {from} to {to}");
        var moved = false;
        // Under the run lock: the place in the order of computation and the ids are each given once.
        UnderRunLock((c, tx) =>
        {
            if (to == RunPhase.Computed)
            {
                var (partitions, committed) = c.QuerySingle<(int?, long)>("""
                    SELECT r.partitions, (SELECT COUNT(*) FROM run_partitions p WHERE p.run_id = r.run_id) FROM runs r WHERE r.run_id = @runId
                    """, new { runId }, tx);
                if (partitions is null || committed < partitions)
                    throw new InvalidOperationException($"run {runId}: {committed} of {partitions?.ToString() ?? "?"} partitions committed: not computed yet");
                if (RunPhases.Parse(c.ExecuteScalar<string>("SELECT phase FROM runs WHERE run_id = @runId", new { runId }, tx)!) == RunPhase.Started)
                {
                    Renumber(c, tx, runId, "ac_decisions", "ac_decision_id", "ac",
                        "SELECT d.ac_decision_id FROM ac_decisions d JOIN ac_requests q ON q.request_id = d.request_id WHERE d.run_id = @runId ORDER BY q.date, q.seq");
                    Renumber(c, tx, runId, "indemnity_payments", "indemnity_payment_id", "indemnity",
                        "SELECT indemnity_payment_id FROM indemnity_payments WHERE run_id = @runId ORDER BY case_id, period_start");
                }
            }
            // The order of computation: what a later run restores (MAF counters, AC allowances, indemnity coverage) comes
            // from the runs computed before it, and a replay restores the same.
            moved = c.Execute("""
                UPDATE runs SET phase = @to, summary = COALESCE(@summary, summary),
                    computed_seq = CASE WHEN @computed THEN COALESCE(computed_seq, (SELECT COALESCE(MAX(computed_seq), 0) + 1 FROM runs)) ELSE computed_seq END
                WHERE run_id = @runId AND phase = @from
                """, new { runId, from = RunPhases.Name(from), to = RunPhases.Name(to), summary, computed = to == RunPhase.Computed }, tx) == 1;
        });
        return moved;
    }

    /// <summary>
    /// Gives a computed run's rows of <paramref name="table"/> the ids after every other run's, in the order
    /// <paramref name="orderSql"/> reads them, and renames the items that name them ('<paramref name="kind"/>:id'):
    /// partitions commit in any order, the ids and so the files do not depend on it.
    /// </summary>
    private static void Renumber(NpgsqlConnection c, NpgsqlTransaction tx, string runId, string table, string id, string kind, string orderSql)
    {
        var ids = c.Query<long>(orderSql, new { runId }, tx).ToArray();
        if (ids.Length == 0) return;
        var next = c.ExecuteScalar<long>($"SELECT COALESCE(MAX({id}), 0) FROM {table} WHERE run_id <> @runId", new { runId }, tx);
        var targets = ids.Select((_, i) => next + 1 + i).ToArray();
        // Out of the way first (negative ids, refs 'kind:~id'), then each to its place: PostgreSQL checks a unique key
        // row by row, so no id or ref is ever taken twice on the way.
        c.Execute($"UPDATE {table} SET {id} = -{id} WHERE run_id = @runId", new { runId }, tx);
        // Item by item through the key: only the items named, never a scan of the run's items for a prefix.
        c.Execute("""
            UPDATE run_items i SET source_ref = @kind || ':~' || m.source
            FROM unnest(@ids) AS m(source)
            WHERE i.source_ref = @kind || ':' || m.source AND i.run_id = @runId
            """, new { runId, kind, ids }, tx);
        c.Execute($"""
            UPDATE {table} t SET {id} = m.target
            FROM unnest(@ids, @targets) AS m(source, target)
            WHERE t.{id} = -m.source
            """, new { ids, targets }, tx);
        c.Execute("""
            UPDATE run_items i SET source_ref = @kind || ':' || m.target
            FROM unnest(@ids, @targets) AS m(source, target)
            WHERE i.run_id = @runId AND i.source_ref = @kind || ':~' || m.source
            """, new { runId, kind, ids, targets }, tx);
    }

    public bool CommitPartition(PartitionCommit commit, Func<CommitFacts, IReadOnlyList<string>> conflicts)
    {
        var committed = false;
        var runId = commit.RunId;
        UnderRunLock((c, tx) =>
        {
            if (c.ExecuteScalar<long>("SELECT COUNT(*) FROM run_partitions WHERE run_id = @runId AND partition = @partition",
                    new { runId, partition = commit.Partition }, tx) > 0) return;
            var facts = Facts(c, tx, commit);
            var found = conflicts(facts);
            if (found.Count > 0)
                throw new InvalidOperationException(
                    $"run {runId} computed what another run stored meanwhile: {string.Join(", ", found.Take(5))}; nothing stored: start the run again");

            var nextDecision = NextId(c, tx, "ac_decisions", "ac_decision_id");
            Copy(c, "ac_decisions (ac_decision_id, run_id, request_id, member_id, advantage, date, granted_cents, status, reason, rule_set_version, provisional)",
                commit.AcDecisions, (w, d) =>
                {
                    w.Long(nextDecision++); w.Text(d.RunId); w.Text(d.RequestId); w.Text(d.MemberId); w.Text(d.Advantage); w.Date(d.Date);
                    w.Long(d.Granted.Cents); w.Text(d.Status); w.Text(d.Reason); w.Text(d.RuleSetVersion); w.Text(d.Provisional);
                });
            var nextState = NextId(c, tx, "ac_member_states", "version");
            Copy(c, "ac_member_states (version, run_id, member_id, allowances, paid_requests)", commit.AcStates, (w, s) =>
            {
                w.Long(nextState++); w.Text(s.RunId); w.Text(s.MemberId); w.Text(s.Allowances); w.Text(s.PaidRequests);
            });
            var nextStatement = NextId(c, tx, "indemnity_payments", "indemnity_payment_id");
            Copy(c, """
                indemnity_payments (indemnity_payment_id, run_id, case_id, beneficiary_id, period_start, period_end, paid_days, daily_cents,
                    gross_cents, withholding_cents, net_cents, rule_set_version, rules, provisional)
                """, commit.Indemnities, (w, p) =>
            {
                w.Long(nextStatement++); w.Text(p.RunId); w.Text(p.CaseId); w.Text(p.BeneficiaryId); w.Date(p.PeriodStart); w.Date(p.PeriodEnd);
                w.Int(p.PaidDays); w.Long(p.Daily.Cents); w.Long(p.Gross.Cents); w.Long(p.Withholding.Cents); w.Long(p.Net.Cents);
                w.Text(p.RuleSetVersion); w.Text(p.Rules); w.Text(p.Provisional);
            });
            var nextCounter = NextId(c, tx, "maf_counters", "version");
            Copy(c, "maf_counters (version, run_id, household_id, year, counted_cents, refunded_cents, child_counted, line_ids, pending, pending_parameter)",
                commit.MafCounters, (w, m) =>
                {
                    w.Long(nextCounter++); w.Text(m.RunId); w.Text(m.HouseholdId); w.Int(m.Year); w.Long(m.CountedCents); w.Long(m.RefundedCents);
                    w.Text(m.ChildCounted); w.Text(m.LineIds); w.Text(m.Pending); w.Text(m.PendingParameter);
                });
            Copy(c, "maf_settlements (run_id, line_id, origin_run_id, household_id, year, beneficiary_id, service_date, refund_cents, payee_kind, payee_id, provisional)",
                commit.MafSettlements ?? [], (w, s) =>
                {
                    w.Text(s.RunId); w.Long(s.LineId); w.Text(s.OriginRunId); w.Text(s.HouseholdId); w.Int(s.Year); w.Text(s.BeneficiaryId);
                    w.Date(s.ServiceDate); w.Long(s.Refund.Cents); w.Text(s.PayeeKind); w.Text(s.PayeeId); w.Text(s.Provisional);
                });
            Copy(c, "indemnity_held (run_id, case_id, beneficiary_id, first_day, last_day, days, parameter, date)", commit.IndemnitiesHeld ?? [], (w, h) =>
            {
                w.Text(h.RunId); w.Text(h.CaseId); w.Text(h.BeneficiaryId); w.Date(h.FirstDay); w.Date(h.LastDay); w.Int(h.Days); w.Text(h.Parameter);
                w.Date(h.Date);
            });
            InsertResults(c, tx, commit.Results);
            // The lines whose results are stored leave the work list, in the same transaction.
            c.Execute("DELETE FROM lines_to_compute WHERE line_id = ANY(@ids)", new { ids = commit.Results.Select(r => r.LineId).ToArray() }, tx);
            var statements = c.Query<IndemnityPaymentRow>(
                $"SELECT {IndemnityPaymentColumns} FROM indemnity_payments WHERE run_id = @runId AND case_id = ANY(@cases) ORDER BY case_id, period_start",
                new { runId, cases = commit.Indemnities.Select(p => p.CaseId).Distinct().ToArray() }, tx).AsList();
            var decisions = c.Query<AcDecisionRow>(
                $"SELECT {AcDecisionColumns} FROM ac_decisions WHERE run_id = @runId AND request_id = ANY(@requests) ORDER BY request_id",
                new { runId, requests = commit.AcDecisions.Select(d => d.RequestId).ToArray() }, tx).AsList();
            var items = commit.ItemsOf(statements, decisions);
            if (items.Any(i => i.RunId != runId || i.OriginRunId != runId || i.Outcome != "pending"))
                throw new ArgumentException($"partition {commit.Partition} of run {runId} owes an item of another run or already decided");
            // An amount this run computed must be nobody else's: a second run computing the same line is a defect that
            // must stop here, before anything is paid.
            var taken = c.Query<string>("""
                SELECT source_ref || ' (run ' || run_id || ', ' || outcome || ')' FROM run_items
                WHERE source_ref = ANY(@refs) AND run_id <> @runId ORDER BY source_ref LIMIT 5
                """, new { refs = items.Select(i => i.SourceRef).ToArray(), runId }, tx).AsList();
            if (taken.Count > 0)
                throw new InvalidOperationException($"run {runId} computed items that another run already holds: {string.Join(", ", taken.Take(5))}; nothing stored");
            InsertItems(c, items);
            c.Execute("""
                INSERT INTO run_partitions (run_id, partition, lines, items, committed_at, worker)
                VALUES (@runId, @partition, @lines, @items, @at, @worker)
                """, new { runId, partition = commit.Partition, lines = commit.Results.Count, items = items.Count, at = commit.At, worker = commit.Worker }, tx);
            committed = true;
        });
        return committed;
    }

    /// <summary>What other runs stored about exactly what the commit holds (read under the run lock).</summary>
    private static CommitFacts Facts(NpgsqlConnection c, NpgsqlTransaction tx, PartitionCommit commit)
    {
        var runId = commit.RunId;
        var lines = c.Query<(long, string)>("SELECT line_id, run_id FROM line_results WHERE line_id = ANY(@ids) AND run_id <> @runId ORDER BY line_id",
            new { ids = commit.Results.Select(r => r.LineId).ToArray(), runId }, tx).AsList();
        var statements = c.Query<IndemnityPaymentRow>(
            $"SELECT {IndemnityPaymentColumns} FROM indemnity_payments WHERE case_id = ANY(@cases) AND run_id <> @runId ORDER BY case_id, period_start",
            new { cases = commit.Indemnities.Select(p => p.CaseId).Distinct().ToArray(), runId }, tx).AsList();
        var counters = LatestCounters(c, tx, commit.MafCounters.Select(k => (k.HouseholdId, k.Year)), "x.run_id <> @runId", new { runId });
        var states = LatestStates(c, tx, commit.AcStates.Select(s => s.MemberId), "s.run_id <> @runId", new { runId });
        var requests = c.Query<(string, string)>("SELECT request_id, run_id FROM ac_decisions WHERE request_id = ANY(@ids) AND run_id <> @runId",
            new { ids = commit.AcDecisions.Select(d => d.RequestId).ToArray(), runId }, tx).AsList();
        return new CommitFacts(lines, statements, counters, states, requests);
    }

    private static void InsertResults(NpgsqlConnection c, NpgsqlTransaction tx, IReadOnlyList<LineResultRow> results)
    {
        var next = NextId(c, tx, "line_results", "result_id");
        Copy(c, """
            line_results (result_id, run_id, line_id, rule_set_version, input_known_at, fee_cents, insurer_cents, share_cents,
                supplement_cents, maf_refund_cents, payee, status, reason, rules, provisional, payer, share_refund_cents)
            """, results, (w, r) =>
        {
            w.Long(next++); w.Text(r.RunId); w.Long(r.LineId); w.Text(r.RuleSetVersion); w.Instant(r.InputKnownAt); w.Long(r.Fee.Cents);
            w.Long(r.Insurer.Cents); w.Long(r.Share.Cents); w.Long(r.Supplement.Cents); w.Long(r.MafRefund.Cents); w.Text(r.Payee);
            w.Text(r.Status); w.Text(r.Reason); w.Text(r.Rules); w.Text(r.Provisional); w.Text(r.Payer); w.Long(r.ShareRefund.Cents);
        });
    }

    public IReadOnlyList<MafCounterRow> PendingMafCounters(long? beforeSeq = null)
    {
        using var c = Open();
        return c.Query<MafCounterRow>($"""
            SELECT {MafCounterColumns}
            FROM maf_counters m
            WHERE m.version IN (SELECT MAX(x.version) FROM maf_counters x
                                WHERE (@beforeSeq::bigint IS NULL OR x.run_id IN (SELECT r.run_id FROM runs r WHERE r.computed_seq < @beforeSeq::bigint))
                                GROUP BY x.household_id, x.year)
              AND m.pending IS NOT NULL
            ORDER BY m.household_id, m.year
            """, new { beforeSeq }).AsList();
    }

    public IReadOnlyList<MafSettlementRow> MafSettlements(string runId)
    {
        using var c = Open();
        return c.Query<MafSettlementRow>($"SELECT {SettlementColumns} FROM maf_settlements WHERE run_id = @runId ORDER BY line_id", new { runId }).AsList();
    }

    public IReadOnlyList<MafSettlementRow> MafSettlementsOfLines(IEnumerable<long> lineIds)
    {
        using var c = Open();
        return c.Query<MafSettlementRow>($"SELECT {SettlementColumns} FROM maf_settlements WHERE line_id = ANY(@ids) ORDER BY line_id",
            new { ids = lineIds.Distinct().ToArray() }).AsList();
    }

    public IReadOnlyList<MafCounterRow> LatestMafCounters(IEnumerable<(string HouseholdId, int Year)> keys) => MafCounters(keys, null);

    /// <summary>
    /// The latest counter of each household-year runs left; with <paramref name="beforeSeq"/>, only by runs that
    /// computed before that position (replay: the counter as it stood).
    /// </summary>
    private List<MafCounterRow> MafCounters(IEnumerable<(string HouseholdId, int Year)> keys, long? beforeSeq)
    {
        using var c = Open();
        return LatestCounters(c, null, keys, """
            (@beforeSeq::bigint IS NULL OR x.run_id IN (SELECT r.run_id FROM runs r WHERE r.computed_seq < @beforeSeq::bigint))
            """, new { beforeSeq });
    }

    /// <summary>The latest counter of each household-year among the rows <paramref name="filter"/> (on alias x) lets through.</summary>
    private static List<MafCounterRow> LatestCounters(NpgsqlConnection c, NpgsqlTransaction? tx, IEnumerable<(string HouseholdId, int Year)> keys,
        string filter, object parameters)
    {
        var wanted = keys.ToHashSet();
        if (wanted.Count == 0) return [];
        var bag = new DynamicParameters(parameters);
        bag.Add("households", wanted.Select(k => k.HouseholdId).Distinct(StringComparer.Ordinal).ToArray());
        return c.Query<MafCounterRow>($"""
            SELECT {MafCounterColumns}
            FROM maf_counters m
            WHERE m.version IN (SELECT MAX(x.version) FROM maf_counters x WHERE x.household_id = ANY(@households) AND {filter}
                                GROUP BY x.household_id, x.year)
            ORDER BY m.household_id, m.year
            """, bag, tx).Where(r => wanted.Contains((r.HouseholdId, r.Year))).ToList();
    }

    private const string ResultColumns = """
        result_id AS ResultId, run_id AS RunId, line_id AS LineId, rule_set_version AS RuleSetVersion,
        input_known_at AS InputKnownAt, fee_cents AS Fee, insurer_cents AS Insurer, share_cents AS Share,
        supplement_cents AS Supplement, maf_refund_cents AS MafRefund, payee AS Payee, status AS Status,
        reason AS Reason, rules AS Rules, provisional AS Provisional, payer AS Payer, share_refund_cents AS ShareRefund
        """;

    public IReadOnlyList<LineResultRow> Results(string runId)
    {
        using var c = Open();
        return c.Query<LineResultRow>($"SELECT {ResultColumns} FROM line_results WHERE run_id = @runId ORDER BY line_id", new { runId }).AsList();
    }

    public IEnumerable<(LineResultRow Result, CareLineRow Line)> ResultLines(string runId)
    {
        using var c = Open();
        foreach (var row in c.Query<LineResultRow, CareLineRow, (LineResultRow, CareLineRow)>($"""
                     SELECT r.result_id AS ResultId, r.run_id AS RunId, r.line_id AS LineId, r.rule_set_version AS RuleSetVersion,
                            r.input_known_at AS InputKnownAt, r.fee_cents AS Fee, r.insurer_cents AS Insurer, r.share_cents AS Share,
                            r.supplement_cents AS Supplement, r.maf_refund_cents AS MafRefund, r.payee AS Payee, r.status AS Status,
                            r.reason AS Reason, r.rules AS Rules, r.provisional AS Provisional, r.payer AS Payer, r.share_refund_cents AS ShareRefund, {LineColumnsOf("l.")}
                     FROM line_results r JOIN care_lines l ON l.line_id = r.line_id
                     WHERE r.run_id = @runId ORDER BY r.line_id
                     """, (r, l) => (r, l), new { runId }, buffered: false, splitOn: "LineId"))
            yield return row;
    }

    public IReadOnlyList<LineResultRow> ResultsOfLine(long lineId)
    {
        using var c = Open();
        return c.Query<LineResultRow>($"SELECT {ResultColumns} FROM line_results WHERE line_id = @lineId ORDER BY result_id", new { lineId }).AsList();
    }
}
