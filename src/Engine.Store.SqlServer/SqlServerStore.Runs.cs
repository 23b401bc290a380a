using System.Text.Json;
using Dapper;
using Engine.Jobs.Data;
using Microsoft.Data.SqlClient;
using NodaTime;
using static Engine.Jobs.Data.StoreSql;

namespace Engine.Store.SqlServer;

public sealed partial class SqlServerStore
{
    private const string RunSql = $"SELECT {RunColumns} FROM runs WHERE run_id = @runId";

    public RunRow? Run(string runId)
    {
        using var c = Open();
        return c.QuerySingleOrDefault<RunRow>(RunSql, new { runId });
    }

    private const string LastCompletedRunSql = $"""
        SELECT TOP (1) {RunColumns} FROM runs WHERE kind = @kind AND phase = @completed ORDER BY run_date DESC, run_id DESC
        """;

    public RunRow? LastCompletedRun(string kind)
    {
        using var c = Open();
        return c.QuerySingleOrDefault<RunRow>(LastCompletedRunSql, new { kind, completed = RunPhases.Name(RunPhase.Completed) });
    }

    private const string RunsBetweenSql = $"""
        SELECT {RunColumns} FROM runs WHERE run_date >= CAST(@from AS date) AND run_date <= CAST(@to AS date)
        ORDER BY CASE WHEN computed_seq IS NULL THEN 1 ELSE 0 END, computed_seq, run_id
        """;

    public IReadOnlyList<RunRow> RunsBetween(LocalDate from, LocalDate to)
    {
        using var c = Open();
        return c.Query<RunRow>(RunsBetweenSql, new { from, to }).AsList();
    }

    private const string StartRunSql = """
        IF NOT EXISTS (SELECT 1 FROM runs WHERE run_id = @RunId)
            INSERT INTO runs (run_id, kind, run_date, as_of, rule_set_version, phase, started_at, scope, refuse_provisional, engine_version, engine_commit)
            VALUES (@RunId, @Kind, CAST(@RunDate AS date), @AsOf, @RuleSetVersion, @PhaseName, @StartedAt, @Scope, @RefuseProvisional, @EngineVersion, @EngineCommit)
        """;

    // Each line still to compute (migration 0018) known by the run's instant, with its household in its year of care, as
    // of that instant (the latest membership known then). The join hint keeps the work list the outer loop (a join hint
    // fixes the order of the tables): each care line is found by its key, the history of computed lines never read.
    private const string WorkLinesSql = """
        SELECT l.line_id, l.beneficiary_id, YEAR(l.service_date) AS year,
               (SELECT TOP (1) m.household_id FROM household_members m
                WHERE m.beneficiary_id = l.beneficiary_id AND m.year = YEAR(l.service_date) AND m.known_at <= @asOf
                ORDER BY m.known_at DESC) AS household_id
        FROM lines_to_compute t INNER LOOP JOIN care_lines l ON l.line_id = t.line_id
        WHERE l.known_at <= @asOf
        ORDER BY t.line_id
        """;

    // How many lines the work list holds (the run's number of partitions follows it).
    private const string CountWorkLinesSql = """
        SELECT COUNT_BIG(*) FROM lines_to_compute t INNER LOOP JOIN care_lines l ON l.line_id = t.line_id WHERE l.known_at <= @asOf
        """;

    private static readonly BulkTarget RunLinesBulk = new("run_lines", "run_id", "partition", "line_id", "household_id");

    private const string SetPartitionsSql = "UPDATE runs SET partitions = @partitions WHERE run_id = @RunId";

    public void StartRun(RunRow run, Func<long, int> partitionsFor, Func<WorkLine, int, int>? partitionOf) => UnderRunLock((c, tx) =>
    {
        c.Execute(StartRunSql, new { run.RunId, run.Kind, run.RunDate, run.AsOf, run.RuleSetVersion, PhaseName = RunPhases.Name(RunPhase.Started), run.StartedAt,
            run.Scope, run.RefuseProvisional, run.EngineVersion, run.EngineCommit }, tx);
        var stored = c.QuerySingle<RunRow>(RunSql, new { runId = run.RunId }, tx);
        if (stored.Partitions is not null) return;
        // Each line of the work list has its care line (it enters the list in the transaction that stores it).
        var partitions = partitionsFor(partitionOf is null ? 0
            : c.ExecuteScalar<long>(CountWorkLinesSql, new { asOf = stored.AsOf }, tx, commandTimeout: 0));
        if (partitionOf is not null)
        {
            // Read on a connection of its own (committed inputs; no result is stored meanwhile: the run lock is held)
            // and streamed into the work list by SqlBulkCopy.
            using var reader = Open();
            var lines = reader.Query<(long LineId, string BeneficiaryId, int Year, string? HouseholdId)>(WorkLinesSql, new { asOf = stored.AsOf },
                buffered: false, commandTimeout: 0);
            Copy(c, tx, RunLinesBulk, lines, l =>
            {
                var partition = partitionOf(new WorkLine(l.LineId, l.BeneficiaryId, l.Year, l.HouseholdId), partitions);
                if (partition < 0 || partition >= partitions)
                    throw new ArgumentOutOfRangeException(nameof(partitionOf), $"line {l.LineId} put in partition {partition} of {partitions}");
                return [run.RunId, partition, l.LineId, l.HouseholdId];
            });
        }
        c.Execute(SetPartitionsSql, new { partitions, run.RunId }, tx);
    });

    private const string SetOutputFolderSql = "UPDATE runs SET output_folder = @folder WHERE run_id = @runId";
    private const string DeleteRunFilesSql = "DELETE FROM run_files WHERE run_id = @runId";
    private const string InsertRunFileSql = "INSERT INTO run_files (run_id, [file], sha256, bytes) VALUES (@runId, @File, @Sha256, @Bytes)";

    public void RecordFiles(string runId, string folder, IReadOnlyList<RunFileRow> files) => InTransaction((c, tx) =>
    {
        c.Execute(SetOutputFolderSql, new { runId, folder }, tx);
        c.Execute(DeleteRunFilesSql, new { runId }, tx);
        c.Execute(InsertRunFileSql, files.Select(f => new { runId, f.File, f.Sha256, f.Bytes }), tx);
    });

    private const string RunFilesSql = "SELECT [file], sha256, bytes FROM run_files WHERE run_id = @runId ORDER BY [file]";

    public IReadOnlyList<RunFileRow> RunFiles(string runId)
    {
        using var c = Open();
        return c.Query<(string File, string Sha256, long Bytes)>(RunFilesSql, new { runId }).Select(f => new RunFileRow(f.File, f.Sha256, f.Bytes)).ToList();
    }

    private const string CommittedPartitionsSql = "SELECT partition FROM run_partitions WHERE run_id = @runId";

    public IReadOnlyList<int> PendingPartitions(string runId)
    {
        using var c = Open();
        var run = c.QuerySingleOrDefault<RunRow>(RunSql, new { runId }) ?? throw new InvalidOperationException($"run {runId} does not exist");
        var done = c.Query<int>(CommittedPartitionsSql, new { runId }).ToHashSet();
        return Enumerable.Range(0, run.Partitions ?? 0).Where(p => !done.Contains(p)).ToList();
    }

    private const string PartitionsSql = """
        SELECT run_id AS RunId, partition AS Partition, lines AS Lines, items AS Items, committed_at AS CommittedAt, worker AS Worker
        FROM run_partitions WHERE run_id = @runId ORDER BY partition
        """;

    public IReadOnlyList<RunPartitionRow> Partitions(string runId)
    {
        using var c = Open();
        return c.Query<RunPartitionRow>(PartitionsSql, new { runId }).AsList();
    }

    private const string PartitionCountsSql = """
        SELECT r.partitions, (SELECT COUNT_BIG(*) FROM run_partitions p WHERE p.run_id = r.run_id) FROM runs r WHERE r.run_id = @runId
        """;
    private const string PhaseSql = "SELECT phase FROM runs WHERE run_id = @runId";

    // The order of computation: what a later run restores (MAF counters, AC allowances, indemnity coverage) comes from
    // the runs computed before it, and a replay restores the same.
    private const string AdvanceSql = """
        UPDATE runs SET phase = @to, summary = COALESCE(@summary, summary),
            computed_seq = CASE WHEN @computed = 1 THEN COALESCE(computed_seq, (SELECT COALESCE(MAX(computed_seq), 0) + 1 FROM runs)) ELSE computed_seq END
        WHERE run_id = @runId AND phase = @from
        """;

    public bool Advance(string runId, RunPhase from, RunPhase to, string? summary = null)
    {
        if (to != from + 1) throw new ArgumentException($"a run moves one phase at a time, not from {from} to {to}");
        var moved = false;
        // Under the run lock: the place in the order of computation and the ids are each given once.
        UnderRunLock((c, tx) =>
        {
            if (to == RunPhase.Computed)
            {
                var (partitions, committed) = c.QuerySingle<(int?, long)>(PartitionCountsSql, new { runId }, tx);
                if (partitions is null || committed < partitions)
                    throw new InvalidOperationException($"run {runId}: {committed} of {partitions?.ToString() ?? "?"} partitions committed: not computed yet");
                if (RunPhases.Parse(c.ExecuteScalar<string>(PhaseSql, new { runId }, tx)!) == RunPhase.Started)
                {
                    Renumber(c, tx, runId, "ac", AcDecisionsInOrderSql, AcDecisionsOthersMaxSql, AcDecisionsAsideSql, AcDecisionsMoveSql);
                    Renumber(c, tx, runId, "indemnity", StatementsInOrderSql, StatementsOthersMaxSql, StatementsAsideSql, StatementsMoveSql);
                }
            }
            moved = c.Execute(AdvanceSql, new { runId, from = RunPhases.Name(from), to = RunPhases.Name(to), summary, computed = to == RunPhase.Computed }, tx) == 1;
        });
        return moved;
    }

    private const string AcDecisionsInOrderSql =
        "SELECT d.ac_decision_id FROM ac_decisions d JOIN ac_requests q ON q.request_id = d.request_id WHERE d.run_id = @runId ORDER BY q.date, q.seq";
    private const string AcDecisionsOthersMaxSql = "SELECT COALESCE(MAX(ac_decision_id), 0) FROM ac_decisions WHERE run_id <> @runId";
    private const string AcDecisionsAsideSql = "UPDATE ac_decisions SET ac_decision_id = -ac_decision_id WHERE run_id = @runId";
    private const string AcDecisionsMoveSql = """
        UPDATE t SET ac_decision_id = m.target
        FROM ac_decisions t JOIN OPENJSON(@map) WITH (source bigint '$.s', target bigint '$.t') AS m ON t.ac_decision_id = -m.source
        """;
    private const string StatementsInOrderSql =
        "SELECT indemnity_payment_id FROM indemnity_payments WHERE run_id = @runId ORDER BY case_id, period_start";
    private const string StatementsOthersMaxSql = "SELECT COALESCE(MAX(indemnity_payment_id), 0) FROM indemnity_payments WHERE run_id <> @runId";
    private const string StatementsAsideSql = "UPDATE indemnity_payments SET indemnity_payment_id = -indemnity_payment_id WHERE run_id = @runId";
    private const string StatementsMoveSql = """
        UPDATE t SET indemnity_payment_id = m.target
        FROM indemnity_payments t JOIN OPENJSON(@map) WITH (source bigint '$.s', target bigint '$.t') AS m ON t.indemnity_payment_id = -m.source
        """;
    private const string ItemsAsideSql = """
        UPDATE run_items SET source_ref = @kind + N':~' + SUBSTRING(source_ref, LEN(@kind) + 2, 450)
        WHERE run_id = @runId AND source_ref LIKE @kind + N':%'
        """;
    private const string ItemsMoveSql = """
        UPDATE i SET source_ref = @kind + N':' + CAST(m.target AS nvarchar(20))
        FROM run_items i JOIN OPENJSON(@map) WITH (source bigint '$.s', target bigint '$.t') AS m
             ON i.source_ref = @kind + N':~' + CAST(m.source AS nvarchar(20))
        WHERE i.run_id = @runId
        """;

    /// <summary>
    /// Gives a computed run's rows of a table the ids after every other run's, in the order <paramref name="inOrderSql"/>
    /// reads them, and renames the items that name them ('<paramref name="kind"/>:id'): partitions commit in any order,
    /// the ids and so the files do not depend on it.
    /// </summary>
    private static void Renumber(SqlConnection c, SqlTransaction tx, string runId, string kind, string inOrderSql, string othersMaxSql,
        string asideSql, string moveSql)
    {
        var ids = c.Query<long>(inOrderSql, new { runId }, tx).ToArray();
        if (ids.Length == 0) return;
        var next = c.ExecuteScalar<long>(othersMaxSql, new { runId }, tx);
        var map = JsonSerializer.Serialize(ids.Select((id, i) => new { s = id, t = next + 1 + i }));
        // Out of the way first (negative ids, refs 'kind:~id'), then each to its place: no id or ref is ever taken twice
        // on the way.
        c.Execute(asideSql, new { runId }, tx);
        c.Execute(ItemsAsideSql, new { runId, kind }, tx);
        c.Execute(moveSql, new { map }, tx);
        c.Execute(ItemsMoveSql, new { runId, kind, map }, tx);
    }

    private const string PartitionCommittedSql = "SELECT COUNT_BIG(*) FROM run_partitions WHERE run_id = @runId AND partition = @partition";

    private static readonly BulkTarget AcDecisionsBulk = new("ac_decisions",
        "ac_decision_id", "run_id", "request_id", "member_id", "advantage", "date", "granted_cents", "status", "reason", "rule_set_version", "provisional");
    private static readonly BulkTarget AcStatesBulk = new("ac_member_states", "version", "run_id", "member_id", "allowances", "paid_requests");
    private static readonly BulkTarget StatementsBulk = new("indemnity_payments",
        "indemnity_payment_id", "run_id", "case_id", "beneficiary_id", "period_start", "period_end", "paid_days", "daily_cents",
        "gross_cents", "withholding_cents", "net_cents", "rule_set_version", "rules", "provisional");
    private static readonly BulkTarget MafCountersBulk = new("maf_counters",
        "version", "run_id", "household_id", "year", "counted_cents", "refunded_cents", "child_counted", "line_ids", "pending", "pending_parameter");
    private static readonly BulkTarget MafSettlementsBulk = new("maf_settlements",
        "run_id", "line_id", "origin_run_id", "household_id", "year", "beneficiary_id", "service_date", "refund_cents", "payee_kind", "payee_id", "provisional");
    private static readonly BulkTarget IndemnityHeldBulk = new("indemnity_held",
        "run_id", "case_id", "beneficiary_id", "first_day", "last_day", "days", "parameter", "date");

    private const string CommittedStatementsSql = $"""
        SELECT {IndemnityPaymentColumns} FROM indemnity_payments
        WHERE run_id = @runId AND case_id IN ({TextIds}) ORDER BY case_id, period_start
        """;
    private const string CommittedDecisionsSql = $"""
        SELECT {AcDecisionColumns} FROM ac_decisions WHERE run_id = @runId AND request_id IN ({TextIds}) ORDER BY request_id
        """;
    private const string ItemsTakenSql = $"""
        SELECT TOP (5) source_ref + N' (run ' + run_id + N', ' + outcome + N')' FROM run_items
        WHERE source_ref IN ({TextIds}) AND run_id <> @runId ORDER BY source_ref
        """;
    private const string LinesComputedSql = $"DELETE FROM lines_to_compute WHERE line_id IN ({LongIds})";
    private const string InsertPartitionSql = """
        INSERT INTO run_partitions (run_id, partition, lines, items, committed_at, worker)
        VALUES (@runId, @partition, @lines, @items, @at, @worker)
        """;

    public bool CommitPartition(PartitionCommit commit, Func<CommitFacts, IReadOnlyList<string>> conflicts)
    {
        var committed = false;
        var runId = commit.RunId;
        UnderRunLock((c, tx) =>
        {
            if (c.ExecuteScalar<long>(PartitionCommittedSql, new { runId, partition = commit.Partition }, tx) > 0) return;
            var facts = Facts(c, tx, commit);
            var found = conflicts(facts);
            if (found.Count > 0)
                throw new InvalidOperationException(
                    $"run {runId} computed what another run stored meanwhile: {string.Join(", ", found.Take(5))}; nothing stored: start the run again");

            var nextDecision = NextId(c, tx, NextAcDecisionIdSql);
            Copy(c, tx, AcDecisionsBulk, commit.AcDecisions, d =>
            [
                nextDecision++, d.RunId, d.RequestId, d.MemberId, d.Advantage, Date(d.Date), d.Granted.Cents, d.Status, d.Reason, d.RuleSetVersion, d.Provisional,
            ]);
            var nextState = NextId(c, tx, NextAcStateVersionSql);
            Copy(c, tx, AcStatesBulk, commit.AcStates, s => [nextState++, s.RunId, s.MemberId, s.Allowances, s.PaidRequests]);
            var nextStatement = NextId(c, tx, NextIndemnityPaymentIdSql);
            Copy(c, tx, StatementsBulk, commit.Indemnities, p =>
            [
                nextStatement++, p.RunId, p.CaseId, p.BeneficiaryId, Date(p.PeriodStart), Date(p.PeriodEnd), p.PaidDays, p.Daily.Cents, p.Gross.Cents,
                p.Withholding.Cents, p.Net.Cents, p.RuleSetVersion, p.Rules, p.Provisional,
            ]);
            var nextCounter = NextId(c, tx, NextMafCounterVersionSql);
            Copy(c, tx, MafCountersBulk, commit.MafCounters, m =>
            [
                nextCounter++, m.RunId, m.HouseholdId, m.Year, m.CountedCents, m.RefundedCents, m.ChildCounted, m.LineIds, m.Pending, m.PendingParameter,
            ]);
            Copy(c, tx, MafSettlementsBulk, commit.MafSettlements ?? [], s =>
            [
                s.RunId, s.LineId, s.OriginRunId, s.HouseholdId, s.Year, s.BeneficiaryId, Date(s.ServiceDate), s.Refund.Cents, s.PayeeKind, s.PayeeId, s.Provisional,
            ]);
            Copy(c, tx, IndemnityHeldBulk, commit.IndemnitiesHeld ?? [], h =>
            [
                h.RunId, h.CaseId, h.BeneficiaryId, Date(h.FirstDay), Date(h.LastDay), h.Days, h.Parameter, Date(h.Date),
            ]);
            InsertResults(c, tx, commit.Results);
            // The lines whose results are stored leave the work list, in the same transaction.
            c.Execute(LinesComputedSql, new { ids = Json(commit.Results.Select(r => r.LineId)) }, tx);
            var statements = c.Query<IndemnityPaymentRow>(CommittedStatementsSql,
                new { runId, ids = Json(commit.Indemnities.Select(p => p.CaseId)) }, tx).AsList();
            var decisions = c.Query<AcDecisionRow>(CommittedDecisionsSql,
                new { runId, ids = Json(commit.AcDecisions.Select(d => d.RequestId)) }, tx).AsList();
            var items = commit.ItemsOf(statements, decisions);
            if (items.Any(i => i.RunId != runId || i.OriginRunId != runId || i.Outcome != "pending"))
                throw new ArgumentException($"partition {commit.Partition} of run {runId} owes an item of another run or already decided");
            // An amount this run computed must be nobody else's: a second run computing the same line is a defect that
            // must stop here, before anything is paid.
            var taken = c.Query<string>(ItemsTakenSql, new { ids = Json(items.Select(i => i.SourceRef)), runId }, tx).AsList();
            if (taken.Count > 0)
                throw new InvalidOperationException($"run {runId} computed items that another run already holds: {string.Join(", ", taken.Take(5))}; nothing stored");
            InsertItems(c, tx, items);
            c.Execute(InsertPartitionSql,
                new { runId, partition = commit.Partition, lines = commit.Results.Count, items = items.Count, at = commit.At, worker = commit.Worker }, tx);
            committed = true;
        });
        return committed;
    }

    private const string OtherResultsSql = $"SELECT line_id, run_id FROM line_results WHERE line_id IN ({LongIds}) AND run_id <> @runId ORDER BY line_id";
    private const string OtherStatementsSql = $"""
        SELECT {IndemnityPaymentColumns} FROM indemnity_payments
        WHERE case_id IN ({TextIds}) AND run_id <> @runId ORDER BY case_id, period_start
        """;
    private const string OtherDecisionsSql = $"SELECT request_id, run_id FROM ac_decisions WHERE request_id IN ({TextIds}) AND run_id <> @runId";

    /// <summary>What other runs stored about exactly what the commit holds (read under the run lock).</summary>
    private static CommitFacts Facts(SqlConnection c, SqlTransaction tx, PartitionCommit commit)
    {
        var runId = commit.RunId;
        var lines = c.Query<(long, string)>(OtherResultsSql, new { ids = Json(commit.Results.Select(r => r.LineId)), runId }, tx).AsList();
        var statements = c.Query<IndemnityPaymentRow>(OtherStatementsSql, new { ids = Json(commit.Indemnities.Select(p => p.CaseId)), runId }, tx).AsList();
        var counters = LatestCounters(c, tx, commit.MafCounters.Select(k => (k.HouseholdId, k.Year)), LatestCountersOfOtherRunsSql, new { runId });
        var states = LatestStates(c, tx, commit.AcStates.Select(s => s.MemberId), LatestStatesOfOtherRunsSql, new { runId });
        var requests = c.Query<(string, string)>(OtherDecisionsSql, new { ids = Json(commit.AcDecisions.Select(d => d.RequestId)), runId }, tx).AsList();
        return new CommitFacts(lines, statements, counters, states, requests);
    }

    private static readonly BulkTarget ResultsBulk = new("line_results",
        "result_id", "run_id", "line_id", "rule_set_version", "input_known_at", "fee_cents", "insurer_cents", "share_cents",
        "supplement_cents", "maf_refund_cents", "payee", "status", "reason", "rules", "provisional", "payer", "share_refund_cents");

    private static void InsertResults(SqlConnection c, SqlTransaction tx, IReadOnlyList<LineResultRow> results)
    {
        var next = NextId(c, tx, NextResultIdSql);
        Copy(c, tx, ResultsBulk, results, r =>
        [
            next++, r.RunId, r.LineId, r.RuleSetVersion, Stored(r.InputKnownAt), r.Fee.Cents, r.Insurer.Cents, r.Share.Cents, r.Supplement.Cents,
            r.MafRefund.Cents, r.Payee, r.Status, r.Reason, r.Rules, r.Provisional, r.Payer, r.ShareRefund.Cents,
        ]);
    }

    private const string BeforeSeqFilter = "(@beforeSeq IS NULL OR x.run_id IN (SELECT r.run_id FROM runs r WHERE r.computed_seq < @beforeSeq))";

    private const string PendingMafCountersSql = $"""
        SELECT {MafCounterColumns}
        FROM maf_counters m
        WHERE m.version IN (SELECT MAX(x.version) FROM maf_counters x WHERE {BeforeSeqFilter} GROUP BY x.household_id, x.year)
          AND m.pending IS NOT NULL
        ORDER BY m.household_id, m.year
        """;

    public IReadOnlyList<MafCounterRow> PendingMafCounters(long? beforeSeq = null)
    {
        using var c = Open();
        return c.Query<MafCounterRow>(PendingMafCountersSql, new { beforeSeq }).AsList();
    }

    private const string MafSettlementsSql = $"SELECT {SettlementColumns} FROM maf_settlements WHERE run_id = @runId ORDER BY line_id";
    private const string MafSettlementsOfLinesSql = $"SELECT {SettlementColumns} FROM maf_settlements WHERE line_id IN ({LongIds}) ORDER BY line_id";

    public IReadOnlyList<MafSettlementRow> MafSettlements(string runId)
    {
        using var c = Open();
        return c.Query<MafSettlementRow>(MafSettlementsSql, new { runId }).AsList();
    }

    public IReadOnlyList<MafSettlementRow> MafSettlementsOfLines(IEnumerable<long> lineIds)
    {
        using var c = Open();
        return c.Query<MafSettlementRow>(MafSettlementsOfLinesSql, new { ids = Json(lineIds) }).AsList();
    }

    public IReadOnlyList<MafCounterRow> LatestMafCounters(IEnumerable<(string HouseholdId, int Year)> keys) => MafCounters(keys, null);

    /// <summary>
    /// The latest counter of each household-year runs left; with <paramref name="beforeSeq"/>, only by runs that
    /// computed before that position (replay: the counter as it stood).
    /// </summary>
    private List<MafCounterRow> MafCounters(IEnumerable<(string HouseholdId, int Year)> keys, long? beforeSeq)
    {
        using var c = Open();
        return LatestCounters(c, null, keys, LatestCountersBeforeSql, new { beforeSeq });
    }

    // The latest counter of each household-year among the rows a filter (on alias x) lets through.
    private const string LatestCountersOf = $"""
        SELECT {MafCounterColumns}
        FROM maf_counters m
        WHERE m.version IN (SELECT MAX(x.version) FROM maf_counters x
                            WHERE x.household_id IN (SELECT CAST(value AS nvarchar(450)) COLLATE Latin1_General_100_BIN2 FROM OPENJSON(@households))
        """;
    private const string LatestCountersEnd = """

                            GROUP BY x.household_id, x.year)
        ORDER BY m.household_id, m.year
        """;
    private const string LatestCountersBeforeSql = LatestCountersOf + " AND " + BeforeSeqFilter + LatestCountersEnd;
    private const string LatestCountersOfOtherRunsSql = LatestCountersOf + " AND x.run_id <> @runId" + LatestCountersEnd;

    /// <summary>The latest counter of each household-year by one of the LatestCounters statements.</summary>
    private static List<MafCounterRow> LatestCounters(SqlConnection c, SqlTransaction? tx, IEnumerable<(string HouseholdId, int Year)> keys,
        string sql, object parameters)
    {
        var wanted = keys.ToHashSet();
        if (wanted.Count == 0) return [];
        var bag = new DynamicParameters(parameters);
        bag.Add("households", Json(wanted.Select(k => k.HouseholdId)));
        return c.Query<MafCounterRow>(sql, bag, tx).Where(r => wanted.Contains((r.HouseholdId, r.Year))).ToList();
    }

    private const string ResultColumns = """
        result_id AS ResultId, run_id AS RunId, line_id AS LineId, rule_set_version AS RuleSetVersion,
        input_known_at AS InputKnownAt, fee_cents AS Fee, insurer_cents AS Insurer, share_cents AS Share,
        supplement_cents AS Supplement, maf_refund_cents AS MafRefund, payee AS Payee, status AS Status,
        reason AS Reason, rules AS Rules, provisional AS Provisional, payer AS Payer, share_refund_cents AS ShareRefund
        """;

    private const string ResultsSql = $"SELECT {ResultColumns} FROM line_results WHERE run_id = @runId ORDER BY line_id";

    public IReadOnlyList<LineResultRow> Results(string runId)
    {
        using var c = Open();
        return c.Query<LineResultRow>(ResultsSql, new { runId }).AsList();
    }

    private static readonly string ResultLinesSql = $"""
        SELECT r.result_id AS ResultId, r.run_id AS RunId, r.line_id AS LineId, r.rule_set_version AS RuleSetVersion,
               r.input_known_at AS InputKnownAt, r.fee_cents AS Fee, r.insurer_cents AS Insurer, r.share_cents AS Share,
               r.supplement_cents AS Supplement, r.maf_refund_cents AS MafRefund, r.payee AS Payee, r.status AS Status,
               r.reason AS Reason, r.rules AS Rules, r.provisional AS Provisional, r.payer AS Payer, r.share_refund_cents AS ShareRefund, {LineColumnsOf("l.")}
        FROM line_results r JOIN care_lines l ON l.line_id = r.line_id
        WHERE r.run_id = @runId ORDER BY r.line_id
        """;

    public IEnumerable<(LineResultRow Result, CareLineRow Line)> ResultLines(string runId)
    {
        using var c = Open();
        foreach (var row in c.Query<LineResultRow, CareLineRow, (LineResultRow, CareLineRow)>(ResultLinesSql, (r, l) => (r, l), new { runId },
                     buffered: false, splitOn: "LineId", commandTimeout: 0))
            yield return row;
    }

    private const string ResultsOfLineSql = $"SELECT {ResultColumns} FROM line_results WHERE line_id = @lineId ORDER BY result_id";

    public IReadOnlyList<LineResultRow> ResultsOfLine(long lineId)
    {
        using var c = Open();
        return c.Query<LineResultRow>(ResultsOfLineSql, new { lineId }).AsList();
    }
}
