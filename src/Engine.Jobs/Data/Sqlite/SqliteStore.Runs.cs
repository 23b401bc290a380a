using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;
using static Engine.Jobs.Data.StoreSql;

namespace Engine.Jobs.Data.Sqlite;

public sealed partial class SqliteStore
{
    /// <summary>
    /// The run lock of the contract (<see cref="IRunStateStore"/>): SQLite has one writer at a time, and
    /// BeginTransaction takes the write lock first (BEGIN IMMEDIATE), so what is read inside is what the others stored.
    /// </summary>
    private void UnderRunLock(Action<SqliteConnection, SqliteTransaction> work) => InTransaction(work);

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
            SELECT {RunColumns} FROM runs WHERE run_date >= @from AND run_date <= @to
            ORDER BY computed_seq IS NULL, computed_seq, run_id
            """, new { from, to }).AsList();
    }

    /// <summary>
    /// The lines a run computes: those still to compute (migration 0044) known by its instant, in line order. CROSS JOIN
    /// keeps the work list the outer loop: each care line is then found by its key, and the history of computed lines is
    /// never read.
    /// </summary>
    private const string WorkLinesSql = """
        SELECT l.line_id, l.beneficiary_id, CAST(substr(l.service_date, 1, 4) AS INTEGER) AS year
        FROM lines_to_compute t CROSS JOIN care_lines l ON l.line_id = t.line_id
        WHERE l.known_at <= @asOf
        ORDER BY t.line_id
        """;

    /// <summary>A member's household in a year, as of the run's instant: the latest membership known then.</summary>
    private const string HouseholdSql = """
        SELECT household_id FROM household_members
        WHERE beneficiary_id = ?1 AND year = ?2 AND known_at <= ?3
        ORDER BY known_at DESC LIMIT 1
        """;

    public void StartRun(RunRow run, Func<long, int> partitionsFor, Func<WorkLine, int, int>? partitionOf) => InTransaction((c, tx) =>
    {
        c.Execute("""
            INSERT INTO runs (run_id, kind, run_date, as_of, rule_set_version, phase, started_at, scope, refuse_provisional, engine_version, engine_commit)
            VALUES (@RunId, @Kind, @RunDate, @AsOf, @RuleSetVersion, @PhaseName, @StartedAt, @Scope, @RefuseProvisional, @EngineVersion, @EngineCommit)
            ON CONFLICT (run_id) DO NOTHING
            """, new { run.RunId, run.Kind, run.RunDate, run.AsOf, run.RuleSetVersion, PhaseName = RunPhases.Name(RunPhase.Started), run.StartedAt, run.Scope,
                RefuseProvisional = run.RefuseProvisional ? 1 : 0, run.EngineVersion, run.EngineCommit }, tx);
        var stored = c.QuerySingle<RunRow>($"SELECT {RunColumns} FROM runs WHERE run_id = @RunId", run, tx);
        if (stored.Partitions is not null) return;
        // Each line of the work list has its care line (it enters the list in the transaction that stores it).
        var partitions = partitionsFor(partitionOf is null ? 0
            : c.ExecuteScalar<long>("SELECT COUNT(*) FROM lines_to_compute t CROSS JOIN care_lines l ON l.line_id = t.line_id WHERE l.known_at <= @asOf",
                new { asOf = stored.AsOf }, tx));
        if (partitionOf is not null) FillWorkList(c, tx, run.RunId, DbTypes.Stored(stored.AsOf), partitions, partitionOf);
        c.Execute("UPDATE runs SET partitions = @partitions WHERE run_id = @RunId", new { partitions, run.RunId }, tx);
    });

    /// <summary>
    /// How many lines of the work list Start holds at a time to look their households up in the order of the
    /// memberships' key (about 30 MB at 2^18 lines).
    /// </summary>
    internal static int WorkListChunk = 1 << 18;

    /// <summary>A line of the work list held by <see cref="FillWorkList"/>, ordered by its member and year of care.</summary>
    private struct WorkKey : IComparable<WorkKey>
    {
        public string Member;
        public int Year;
        public int Index;

        public readonly int CompareTo(WorkKey other)
        {
            var member = string.CompareOrdinal(Member, other.Member);
            return member != 0 ? member : Year.CompareTo(other.Year);
        }
    }

    /// <summary>
    /// Makes the work list of a run (<see cref="StartRun"/>): the lines still to compute known by <paramref name="asOf"/>,
    /// read in line order a chunk at a time; each line's household in its year of care as of that instant (the latest
    /// membership known then) looked up once per member and year of the chunk, in the order of the memberships' key; the
    /// lines then stored with their partition in line order (its key's pages filled in order, one per partition), through
    /// prepared statements. Looked up line by line in line order (a correlated subquery), each lookup landed on a page
    /// of the memberships anywhere: at a million members, whose memberships outgrow the page cache, about 8 of Start's
    /// 13 processor seconds. The order only makes the pages read follow each other: each line gets the household it
    /// would get alone. Compiled optimised from its first call (a run calls it once).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void FillWorkList(SqliteConnection c, SqliteTransaction tx, string runId, string asOf, int partitions,
        Func<WorkLine, int, int> partitionOf)
    {
        using var read = c.CreateCommand();
        read.Transaction = tx;
        read.CommandText = WorkLinesSql;
        read.Parameters.AddWithValue("@asOf", asOf);
        using var lines = read.ExecuteReader();
        using var household = new RowStatement(c, HouseholdSql);
        household.Text(3, asOf);
        using var insert = new RowStatement(c, "INSERT INTO run_lines (run_id, partition, line_id, household_id) VALUES (?1, ?2, ?3, ?4)");
        // A value bound stays bound from row to row.
        insert.Text(1, runId);
        var size = Math.Max(1, WorkListChunk);
        var ids = new long[size];
        var members = new string[size];
        var years = new int[size];
        var keys = new WorkKey[size];
        var households = new string?[size];
        var more = true;
        while (more)
        {
            var n = 0;
            while (n < size && (more = lines.Read()))
            {
                ids[n] = lines.GetInt64(0);
                members[n] = lines.GetString(1);
                years[n] = lines.GetInt32(2);
                keys[n] = new WorkKey { Member = members[n], Year = years[n], Index = n };
                n++;
            }
            if (n == 0) break;
            Array.Sort(keys, 0, n);
            for (var k = 0; k < n;)
            {
                var first = keys[k];
                household.Text(1, first.Member);
                household.Integer(2, first.Year);
                var found = household.FirstText();
                do households[keys[k++].Index] = found;
                while (k < n && keys[k].Year == first.Year && string.Equals(keys[k].Member, first.Member, StringComparison.Ordinal));
            }
            for (var i = 0; i < n; i++)
            {
                var line = new WorkLine(ids[i], members[i], years[i], households[i]);
                var partition = partitionOf(line, partitions);
                if (partition < 0 || partition >= partitions)
                    throw new ArgumentOutOfRangeException(nameof(partitionOf), $"line {line.LineId} put in partition {partition} of {partitions}");
                insert.Integer(2, partition);
                insert.Integer(3, line.LineId);
                insert.Text(4, line.HouseholdId);
                insert.Execute();
            }
        }
    }

    public IReadOnlyList<int> PendingPartitions(string runId)
    {
        using var c = Open();
        var run = c.QuerySingleOrDefault<RunRow>($"SELECT {RunColumns} FROM runs WHERE run_id = @runId", new { runId })
                  ?? throw new InvalidOperationException($"run {runId} does not exist");
        var done = c.Query<long>("SELECT partition FROM run_partitions WHERE run_id = @runId", new { runId }).Select(p => (int)p).ToHashSet();
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

    public bool Advance(string runId, RunPhase from, RunPhase to, string? summary = null)
    {
        if (to != from + 1) throw new ArgumentException($"a run moves one phase at a time, not from {from} to {to}");
        var moved = false;
        InTransaction((c, tx) =>
        {
            if (to == RunPhase.Computed)
            {
                var (partitions, committed) = c.QuerySingle<(long?, long)>("""
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
                    computed_seq = CASE WHEN @computed = 1 THEN COALESCE(computed_seq, (SELECT COALESCE(MAX(computed_seq), 0) + 1 FROM runs)) ELSE computed_seq END
                WHERE run_id = @runId AND phase = @from
                """, new { runId, from = RunPhases.Name(from), to = RunPhases.Name(to), summary, computed = to == RunPhase.Computed ? 1 : 0 }, tx) == 1;
        });
        return moved;
    }

    /// <summary>
    /// Gives a computed run's rows of <paramref name="table"/> the ids after every other run's, in the order
    /// <paramref name="orderSql"/> reads them (the order the run computes them in), and renames the items that name them
    /// ('<paramref name="kind"/>:id'): partitions commit in any order, the ids and so the files do not depend on it.
    /// </summary>
    private static void Renumber(SqliteConnection c, SqliteTransaction tx, string runId, string table, string id, string kind, string orderSql)
    {
        var ids = c.Query<long>(orderSql, new { runId }, tx).AsList();
        if (ids.Count == 0) return;
        var next = c.ExecuteScalar<long>($"SELECT COALESCE(MAX({id}), 0) FROM {table} WHERE run_id <> @runId", new { runId }, tx);
        // Out of the way first (negative ids, refs 'kind:~id'), then each to its place: no id or ref is ever taken twice.
        c.Execute($"UPDATE {table} SET {id} = -{id} WHERE run_id = @runId", new { runId }, tx);
        // Item by item through the key: only the items named, never a scan of the run's items for a prefix.
        c.Execute("UPDATE run_items SET source_ref = @kind || ':~' || @from WHERE source_ref = @kind || ':' || @from AND run_id = @runId",
            ids.Select(from => new { runId, kind, from }), tx);
        c.Execute($"""
            UPDATE {table} SET {id} = @to WHERE {id} = -@from;
            UPDATE run_items SET source_ref = @kind || ':' || @to WHERE run_id = @runId AND source_ref = @kind || ':~' || @from;
            """, ids.Select(from => new { runId, kind, from, to = ++next }), tx);
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

            c.Execute("""
                INSERT INTO ac_decisions (run_id, request_id, member_id, advantage, date, granted_cents, status, reason, rule_set_version, provisional)
                VALUES (@RunId, @RequestId, @MemberId, @Advantage, @Date, @Granted, @Status, @Reason, @RuleSetVersion, @Provisional)
                """, commit.AcDecisions, tx);
            c.Execute("INSERT INTO ac_member_states (run_id, member_id, allowances, paid_requests) VALUES (@RunId, @MemberId, @Allowances, @PaidRequests)",
                commit.AcStates, tx);
            c.Execute("""
                INSERT INTO indemnity_payments (run_id, case_id, beneficiary_id, period_start, period_end, paid_days, daily_cents,
                    gross_cents, withholding_cents, net_cents, rule_set_version, rules, provisional)
                VALUES (@RunId, @CaseId, @BeneficiaryId, @PeriodStart, @PeriodEnd, @PaidDays, @Daily, @Gross, @Withholding, @Net,
                    @RuleSetVersion, @Rules, @Provisional)
                """, commit.Indemnities, tx);
            // One row per household-year a partition touched (as many as its lines, nearly): one prepared statement.
            using (var counter = new RowStatement(c, """
                INSERT INTO maf_counters (run_id, household_id, year, counted_cents, refunded_cents, child_counted, line_ids, pending, pending_parameter)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                """))
                foreach (var m in commit.MafCounters)
                {
                    counter.Text(1, m.RunId); counter.Text(2, m.HouseholdId); counter.Integer(3, m.Year); counter.Integer(4, m.CountedCents);
                    counter.Integer(5, m.RefundedCents); counter.Text(6, m.ChildCounted); counter.Text(7, m.LineIds); counter.Text(8, m.Pending);
                    counter.Text(9, m.PendingParameter);
                    counter.Execute();
                }
            c.Execute("""
                INSERT INTO maf_settlements (run_id, line_id, origin_run_id, household_id, year, beneficiary_id, service_date, refund_cents, payee_kind, payee_id,
                    provisional)
                VALUES (@RunId, @LineId, @OriginRunId, @HouseholdId, @Year, @BeneficiaryId, @ServiceDate, @Refund, @PayeeKind, @PayeeId, @Provisional)
                """, commit.MafSettlements ?? [], tx);
            c.Execute("""
                INSERT INTO indemnity_held (run_id, case_id, beneficiary_id, first_day, last_day, days, parameter, date)
                VALUES (@RunId, @CaseId, @BeneficiaryId, @FirstDay, @LastDay, @Days, @Parameter, @Date)
                """, commit.IndemnitiesHeld ?? [], tx);
            InsertResults(c, commit.Results);
            Computed(c, commit.Results);
            var statements = c.Query<IndemnityPaymentRow>(
                $"SELECT {IndemnityPaymentColumns} FROM indemnity_payments WHERE run_id = @runId AND case_id {InKeys("@keys")} ORDER BY case_id, period_start",
                new { runId, keys = JsonKeys(commit.Indemnities.Select(p => p.CaseId)) }, tx).AsList();
            var decisions = c.Query<AcDecisionRow>(
                $"SELECT {AcDecisionColumns} FROM ac_decisions WHERE run_id = @runId AND request_id {InKeys("@keys")} ORDER BY request_id",
                new { runId, keys = JsonKeys(commit.AcDecisions.Select(d => d.RequestId)) }, tx).AsList();
            var items = commit.ItemsOf(statements, decisions);
            if (items.Any(i => i.RunId != runId || i.OriginRunId != runId || i.Outcome != "pending"))
                throw new ArgumentException($"partition {commit.Partition} of run {runId} owes an item of another run or already decided");
            // An amount this run computed must be nobody else's: a second run computing the same line is a defect that
            // must stop here, before anything is paid. (Another run's result for the line is refused above already; this
            // holds even for an item of a line whose result was lost.)
            var taken = c.Query<string>($"""
                SELECT source_ref || ' (run ' || run_id || ', ' || outcome || ')' FROM run_items
                WHERE source_ref {InKeys("@keys")} AND run_id <> @runId ORDER BY source_ref LIMIT 5
                """, new { keys = JsonKeys(items.Select(i => i.SourceRef)), runId }, tx).AsList();
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
    private static CommitFacts Facts(SqliteConnection c, SqliteTransaction tx, PartitionCommit commit)
    {
        var runId = commit.RunId;
        var lines = c.Query<(long, string)>($"SELECT line_id, run_id FROM line_results WHERE line_id {InKeys("@keys")} AND run_id <> @runId ORDER BY line_id",
            new { keys = JsonKeys(commit.Results.Select(r => r.LineId)), runId }, tx).AsList();
        var statements = c.Query<IndemnityPaymentRow>(
            $"SELECT {IndemnityPaymentColumns} FROM indemnity_payments WHERE case_id {InKeys("@keys")} AND run_id <> @runId ORDER BY case_id, period_start",
            new { keys = JsonKeys(commit.Indemnities.Select(p => p.CaseId)), runId }, tx).AsList();
        var counters = LatestCounters(c, tx, commit.MafCounters.Select(k => (k.HouseholdId, k.Year)), "x.run_id <> @runId", new { runId });
        var states = LatestAcStates(c, tx, commit.AcStates.Select(s => s.MemberId), exceptRun: runId);
        var requests = c.Query<(string, string)>($"SELECT request_id, run_id FROM ac_decisions WHERE request_id {InKeys("@keys")} AND run_id <> @runId",
            new { keys = JsonKeys(commit.AcDecisions.Select(d => d.RequestId)), runId }, tx).AsList();
        return new CommitFacts(lines, statements, counters, states, requests);
    }

    private static void InsertResults(SqliteConnection c, IReadOnlyList<LineResultRow> results)
    {
        using var insert = new RowStatement(c, """
            INSERT INTO line_results (run_id, line_id, rule_set_version, input_known_at, fee_cents, insurer_cents, share_cents,
                supplement_cents, maf_refund_cents, payee, status, reason, rules, provisional, payer, share_refund_cents)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
            """);
        // A partition's lines were all known by one instant or a few: each formatted once.
        var knownAt = new Dictionary<Instant, string>();
        foreach (var r in results)
        {
            if (!knownAt.TryGetValue(r.InputKnownAt, out var known)) knownAt[r.InputKnownAt] = known = DbTypes.Stored(r.InputKnownAt);
            insert.Text(1, r.RunId); insert.Integer(2, r.LineId); insert.Text(3, r.RuleSetVersion); insert.Text(4, known);
            insert.Integer(5, r.Fee.Cents); insert.Integer(6, r.Insurer.Cents); insert.Integer(7, r.Share.Cents); insert.Integer(8, r.Supplement.Cents);
            insert.Integer(9, r.MafRefund.Cents); insert.Text(10, r.Payee); insert.Text(11, r.Status); insert.Text(12, r.Reason); insert.Text(13, r.Rules);
            insert.Text(14, r.Provisional); insert.Text(15, r.Payer); insert.Integer(16, r.ShareRefund.Cents);
            insert.Execute();
        }
    }

    /// <summary>The lines whose results are stored leave the work list, in the same transaction.</summary>
    private static void Computed(SqliteConnection c, IReadOnlyList<LineResultRow> results)
    {
        using var delete = new RowStatement(c, "DELETE FROM lines_to_compute WHERE line_id = ?1");
        foreach (var r in results)
        {
            delete.Integer(1, r.LineId);
            delete.Execute();
        }
    }

    public IReadOnlyList<MafCounterRow> PendingMafCounters(long? beforeSeq = null)
    {
        using var c = Open();
        return c.Query<MafCounterRow>($"""
            SELECT {MafCounterColumns}
            FROM maf_counters m
            WHERE m.version IN (SELECT MAX(x.version) FROM maf_counters x
                                WHERE (@beforeSeq IS NULL OR x.run_id IN (SELECT r.run_id FROM runs r WHERE r.computed_seq < @beforeSeq))
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
        return c.Query<MafSettlementRow>($"SELECT {SettlementColumns} FROM maf_settlements WHERE line_id {InKeys("@keys")} ORDER BY line_id",
            new { keys = JsonKeys(lineIds) }).AsList();
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
            (@beforeSeq IS NULL OR x.run_id IN (SELECT r.run_id FROM runs r WHERE r.computed_seq < @beforeSeq))
            """, new { beforeSeq });
    }

    /// <summary>
    /// The latest counter of each household-year among the rows <paramref name="filter"/> (on alias x) lets through,
    /// read for the households in chunks (one statement per chunk, not one per key).
    /// </summary>
    private static List<MafCounterRow> LatestCounters(SqliteConnection c, SqliteTransaction? tx, IEnumerable<(string HouseholdId, int Year)> keys,
        string filter, object parameters)
    {
        var wanted = keys.ToHashSet();
        var bag = new DynamicParameters(parameters);
        bag.Add("households", JsonKeys(wanted.Select(k => k.HouseholdId)));
        return c.Query<MafCounterRow>($"""
            SELECT {MafCounterColumns}
            FROM maf_counters m
            WHERE m.version IN (SELECT MAX(x.version) FROM maf_counters x WHERE x.household_id {InKeys("@households")} AND {filter}
                                GROUP BY x.household_id, x.year)
            ORDER BY m.household_id, m.year
            """, bag, tx).Where(r => wanted.Contains((r.HouseholdId, r.Year))).ToList();
    }

    private static readonly string ResultColumns = ResultColumnsOf("");

    /// <param name="t">Table alias with its dot, or empty.</param>
    private static string ResultColumnsOf(string t) => $"""
        {t}result_id AS ResultId, {t}run_id AS RunId, {t}line_id AS LineId, {t}rule_set_version AS RuleSetVersion,
        {t}input_known_at AS InputKnownAt, {t}fee_cents AS Fee, {t}insurer_cents AS Insurer, {t}share_cents AS Share,
        {t}supplement_cents AS Supplement, {t}maf_refund_cents AS MafRefund, {t}payee AS Payee, {t}status AS Status,
        {t}reason AS Reason, {t}rules AS Rules, {t}provisional AS Provisional, {t}payer AS Payer, {t}share_refund_cents AS ShareRefund
        """;

    public IReadOnlyList<LineResultRow> Results(string runId)
    {
        using var c = Open();
        return c.Query<LineResultRow>($"SELECT {ResultColumns} FROM line_results WHERE run_id = @runId ORDER BY line_id", new { runId }).AsList();
    }

    /// <remarks>Read by column position (<see cref="ReadResult"/>, <see cref="ReadLine"/>): one row per line of the run.</remarks>
    public IEnumerable<(LineResultRow Result, CareLineRow Line)> ResultLines(string runId) => Raw($"""
        SELECT {ResultColumnsOf("r.")}, {LineColumnsOf("l.")}
        FROM line_results r JOIN care_lines l ON l.line_id = r.line_id
        WHERE r.run_id = @runId ORDER BY r.line_id
        """, r => (ReadResult(r, 0), ReadLine(r, ResultColumnCount)), ("@runId", runId));

    public IReadOnlyList<LineResultRow> ResultsOfLine(long lineId)
    {
        using var c = Open();
        return c.Query<LineResultRow>($"SELECT {ResultColumns} FROM line_results WHERE line_id = @lineId ORDER BY result_id", new { lineId }).AsList();
    }
}
