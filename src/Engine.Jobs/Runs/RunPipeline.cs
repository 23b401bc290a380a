using System.Text.Json;
using Engine.Core.Ceilings;
using Engine.Core.Rules;
using Engine.Jobs.Data;
using Engine.Jobs.Payments;
using Engine.Jobs.Rules;
using NodaTime;

namespace Engine.Jobs.Runs;

/// <summary>
/// A payment run as a pipeline of phases (<see cref="RunPhase"/>), shared by the nightly run and the pay-on-arrival
/// run; replay computes through the same phases, partition by partition, into a scratch store (<see cref="Replay.PeriodReplay"/>):
/// <list type="number">
/// <item>Start: the run id follows from its scope; its as-of instant, rule set (kept in the store) and work list split
/// into partitions are fixed once, so a restart computes the same.</item>
/// <item>Partitions: each reads only its own inputs (its lines, the registry of their members and households as of
/// the run's instant, its AC requests and indemnity cases), computes them with no store and no clock
/// (<see cref="RunComputation"/>), and commits its results, counters, statements, decisions and payable items in one
/// transaction, once (<see cref="ComputePartition"/>).</item>
/// <item>Then one phase at a time (<see cref="Advance"/>): computed, claimed (items held back by earlier runs and
/// recalculation complements taken over under the run lock), decided (the plan, payee by payee, stored), files written
/// (streamed from the stored plan), completed (the payments ledger).</item>
/// </list>
/// Each step is idempotent: started again, a step finds its work stored and writes nothing; nothing reloads what it
/// just wrote to check it, and nothing plans twice. A Hangfire job advances each step (<see cref="NightlyRunJob"/>).
/// </summary>
public sealed class RunPipeline(IEngineStore store, RuleSetProvider rules, EngineOptions options, IClock clock, Serilog.ILogger log)
{
    private readonly Serilog.ILogger _log = log.ForContext<RunPipeline>();

    public RunSummary Execute(LocalDate runDate) => Execute(RunScope.Nightly(runDate));

    /// <summary>The whole run in this process: its partitions one after the other, then each phase.</summary>
    public RunSummary Execute(RunScope scope)
    {
        using var _ = Lock();
        var run = Start(scope);
        ComputePartitions(run.RunId, store.PendingPartitions(run.RunId));
        var phase = store.Run(run.RunId)!.Phase;
        while (phase != RunPhase.Completed)
        {
            var next = Advance(run.RunId);
            if (next == phase) throw new InvalidOperationException($"run {run.RunId} does not move past {phase}");
            phase = next;
        }
        return Summary(run.RunId);
    }

    /// <summary>Starts the run of a scope, or finds it started: its row, as-of instant, rule set and work list.</summary>
    public RunRow Start(RunScope scope)
    {
        using var _ = Lock();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var cpu = Environment.CpuUsage.TotalTime;
        var run = store.Run(scope.RunId);
        EnsureOwnFolder(scope.RunId, run is not null && run.Phase >= RunPhase.Decided);
        if (run is { Partitions: not null }) return run;
        // Care lines kept awaiting a prior authorisation that one now covers: released (a recalculation's complements)
        // before the run's instant is fixed, so this run's claim phase pays them.
        if (run is null && scope.CareLines) new Authorisations.AuthorisationRelease(store, rules, options, clock, log).Run();
        var now = clock.GetCurrentInstant();
        var ruleSet = rules.Current;
        if (run is null)
            // The rules' files are kept with the first run that uses them: a restart and a replay load them back.
            new RuleSetArchive(store, rules).Keep(ruleSet, rules.Folder, now);
        // A nightly run: the configured number of partitions, more when the work list would make them larger than
        // Engine:Run:PartitionLines (memory follows the partition, not the night); counted and fixed in Start's transaction.
        store.StartRun(run ?? new RunRow
        {
            RunId = scope.RunId, Kind = scope.Kind, RunDate = scope.Date, AsOf = now, RuleSetVersion = ruleSet.Version, StartedAt = now,
            RefuseProvisional = options.Run.RefuseProvisional, EngineVersion = EngineBuild.Version, EngineCommit = EngineBuild.Commit,
            Scope = scope.IndemnityCases is { } cases ? JsonSerializer.Serialize(cases.Order(StringComparer.Ordinal)) : null,
        }, lines => scope.CareLines ? RunPartitioning.Count(options.Run.Partitions, options.Run.PartitionLines, lines) : 1,
            scope.CareLines ? RunPartitioning.OfLine : null);
        run = store.Run(scope.RunId)!;
        _log.ForContext("RunId", run.RunId).Information(
            "Run {RunId} started as of {AsOf} in {Partitions} partitions; Started in {Seconds:0.00} s ({Cpu:0.00} s of processor time in this process)",
            run.RunId, run.AsOf, run.Partitions, watch.Elapsed.TotalSeconds, (Environment.CpuUsage.TotalTime - cpu).TotalSeconds);
        return run;
    }

    /// <summary>Computes one partition and commits it, unless it is committed already. Idempotent by run and partition.</summary>
    public void ComputePartition(string runId, int partition)
    {
        var cpu = Environment.CpuUsage.TotalTime;
        if (Compute(runId, partition, shares: null) is { } computed) Commit(computed, cpu);
    }

    /// <summary>
    /// Computes the partitions one after the other and commits them in their order, each read and computed (on another
    /// thread) while the one before commits: a commit is mostly SQLite's or the server's own work, a computation mostly
    /// this process's, and each stays what <see cref="ComputePartition"/> does alone. A partition reads nothing another
    /// partition writes (its lines, its households' counters, its members' allowances, its cases), so reading it before
    /// the one before is committed reads the same; each commit is still one transaction, once (by run and partition).
    /// A store whose reads would wait on a commit's locks (<see cref="IRunStateStore.ReadsBesideCommits"/>) gets its
    /// partitions one after the other.
    /// </summary>
    private void ComputePartitions(string runId, IReadOnlyList<int> partitions)
    {
        if (partitions.Count == 0) return;
        var cpu = Environment.CpuUsage.TotalTime;
        // What every partition would read whole (cases, AC requests, pending counters, providers, family changes): read
        // once for these partitions and dealt out by partition, so that more partitions read nothing more.
        var shares = new RunShares();
        if (!store.ReadsBesideCommits)
        {
            foreach (var partition in partitions)
            {
                if (Compute(runId, partition, shares) is { } alone) Commit(alone, cpu);
                cpu = Environment.CpuUsage.TotalTime;
            }
            return;
        }
        Task<ComputedPartition?>? next = null;
        try
        {
            var computed = Compute(runId, partitions[0], shares);
            for (var i = 0; i < partitions.Count; i++)
            {
                var following = i + 1 < partitions.Count ? partitions[i + 1] : -1;
                next = following < 0 ? null : Task.Run(() => Compute(runId, following, shares));
                if (computed is not null) Commit(computed, cpu);
                cpu = Environment.CpuUsage.TotalTime;
                computed = next?.GetAwaiter().GetResult();
                next = null;
            }
        }
        finally
        {
            // A commit that failed leaves the next computation running: it is let finish (it writes nothing) before the
            // failure goes on, and its own failure, if any, is logged rather than lost.
            if (next is not null)
            {
                try { next.GetAwaiter().GetResult(); }
                catch (Exception e) { _log.Warning(e, "Run {RunId}: a partition computed ahead of a failed commit failed too", runId); }
            }
        }
    }

    /// <summary>A partition read and computed, ready to commit, with what its log line tells.</summary>
    private sealed record ComputedPartition(RunRow Run, PartitionCommit Commit, int Count, TimeSpan Read, TimeSpan Compute,
        TimeSpan ReadCpu = default, TimeSpan ComputeCpu = default);

    /// <summary>
    /// The inputs of a run that are keyed by case, member or household-year but read whole (the store cannot select a
    /// partition's share of them: it is a hash of the key), read once for the partitions a process computes one after
    /// the other and dealt out by partition; each partition takes its share (and drops it). Every share is what that
    /// partition would read itself: a partition's commit writes only about its own cases, members and households, and
    /// the rest is fixed by the run's instant. One partition at a time uses it (<see cref="ComputePartitions"/>).
    /// </summary>
    private sealed class RunShares
    {
        public string? RunId;
        public Dictionary<int, List<IndemnityCaseRow>> Cases = [];
        public Dictionary<int, List<AcRequestRow>> Requests = [];
        public Dictionary<int, List<MafCounterRow>> PendingMaf = [];
        public IReadOnlyDictionary<string, LocalDate> PaidUntil = new Dictionary<string, LocalDate>();
        public IReadOnlyList<IndemnityFamilyRow> Family = [];
        public Dictionary<string, ProviderRow> Providers = [];

        public static List<T> Take<T>(Dictionary<int, List<T>> shares, int partition) => shares.Remove(partition, out var share) ? share : [];
    }

    /// <summary>The run's whole inputs read once and dealt out by partition (see <see cref="RunShares"/>).</summary>
    private RunShares Shares(RunRow run, int count, HashSet<string>? scopeCases, RunShares? shares)
    {
        if (shares is { RunId: { } id } && id == run.RunId) return shares;
        shares ??= new RunShares();
        var nightly = run.Kind == "nightly";
        shares.Cases = store.IndemnityCases(run.AsOf).Where(c => scopeCases is null || scopeCases.Contains(c.CaseId))
            .GroupBy(c => RunPartitioning.OfCase(c, count)).ToDictionary(g => g.Key, g => g.ToList());
        shares.Requests = nightly
            ? store.UndecidedAcRequests(run.AsOf).GroupBy(r => RunPartitioning.OfAcRequest(r, count)).ToDictionary(g => g.Key, g => g.ToList())
            : [];
        // Household-years earlier runs left pending (a year without MAF figures) go with their household's partition of
        // a nightly run: each run re-examines them, and the first whose rules cover the year computes their refunds.
        shares.PendingMaf = nightly
            ? store.PendingMafCounters().GroupBy(p => RunPartitioning.OfHousehold(new MafCounterKey(p.HouseholdId, p.Year).Address.HouseholdId, count))
                .ToDictionary(g => g.Key, g => g.ToList())
            : [];
        shares.PaidUntil = store.IndemnityPaidUntil();
        shares.Family = store.IndemnityFamily(run.AsOf);
        shares.Providers = store.Providers(run.AsOf).ToDictionary(p => p.ProviderId, StringComparer.Ordinal);
        shares.RunId = run.RunId;
        return shares;
    }

    /// <summary>
    /// Reads one partition's inputs and computes it (nothing stored); null when the run is past its partitions.
    /// <paramref name="shares"/>: the run's whole inputs read once for several partitions, or null (read for this one).
    /// </summary>
    private ComputedPartition? Compute(string runId, int partition, RunShares? shares)
    {
        var run = store.Run(runId) ?? throw new InvalidOperationException($"run {runId} does not exist");
        if (run.Phase != RunPhase.Started || run.Partitions is not { } count) return null;
        var logger = _log.ForContext("RunId", runId);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var threadCpu = ThreadCpu.Now();
        var ruleSet = RuleSetOf(run);
        var scopeCases = run.Scope is { } json ? JsonSerializer.Deserialize<List<string>>(json)!.ToHashSet(StringComparer.Ordinal) : null;

        var lines = store.PartitionLines(runId, partition);
        var shared = Shares(run, count, scopeCases, shares);
        var cases = RunShares.Take(shared.Cases, partition);
        var requests = RunShares.Take(shared.Requests, partition);
        var pendingMaf = RunShares.Take(shared.PendingMaf, partition);
        var pendingLines = pendingMaf.SelectMany(p => JsonSerializer.Deserialize<List<PendingMafLine>>(p.Pending!)!).ToList();
        var members = lines.Select(l => l.Line.BeneficiaryId).Concat(requests.Select(r => r.MemberId)).Concat(cases.Select(c => c.BeneficiaryId))
            .Concat(pendingLines.Select(p => p.Beneficiary)).Distinct(StringComparer.Ordinal).ToList();
        var beneficiaries = store.Beneficiaries(run.AsOf, members).ToDictionary(b => b.BeneficiaryId, StringComparer.Ordinal);
        var householdOf = lines.Where(l => l.HouseholdId is not null)
            .Select(l => new HouseholdMemberRow { HouseholdId = l.HouseholdId!, BeneficiaryId = l.Line.BeneficiaryId, Year = l.Line.ServiceDate.Year, Relation = l.Relation })
            .DistinctBy(m => (m.BeneficiaryId, m.Year)).ToList();
        var householdIds = householdOf.Select(m => m.HouseholdId)
            .Concat(pendingMaf.Select(p => new MafCounterKey(p.HouseholdId, p.Year).Address.HouseholdId)).Distinct(StringComparer.Ordinal).ToList();
        var inputs = new RunInputs(beneficiaries, store.Statuses(run.AsOf, members),
            store.Households(run.AsOf, householdIds), householdOf, lines.Select(l => l.Line).ToList(), cases,
            shared.PaidUntil, requests, store.LatestMafCounters, store.LatestAcStates, shared.Family, pendingMaf,
            // Sessions of prior authorisations already used: the lines earlier runs paid (this run's other partitions aside).
            Authorisations.AuthorisationCheck.For(store, ruleSet, lines.Select(l => l.Line), run.AsOf, l => l.Result.RunId != runId),
            // ... and this run's lines of those members in its other partitions, decided in line order with these.
            count > 1 ? Authorisations.AuthorisationCheck.RunLines(store, ruleSet, runId, lines.Select(l => l.Line)) : null);
        var read = watch.Elapsed;
        var readCpu = ThreadCpu.Now() - threadCpu;
        var computed = RunComputation.Compute(runId, run.RunDate, ruleSet, inputs);
        foreach (var note in computed.Notes) logger.Warning("{Note}", note);

        var lineById = inputs.Lines.ToDictionary(l => l.LineId);
        var builder = new PayablesBuilder(beneficiaries, shared.Providers,
            // Only a line paid to its provider names the sending it settles: the eAttest messages (half the lines, one
            // sending each) are not read.
            store.SendingHeaders(computed.Results.Where(r => r.Payee == "provider").Select(r => lineById[r.LineId].SendingId).Distinct())
                .ToDictionary(s => s.SendingId), options.Payer.Mutuality);
        var commit = new PartitionCommit(runId, partition, computed.Results, computed.MafCounters, computed.Indemnities, computed.AcDecisions,
            computed.AcStates, (statements, decisions) =>
            {
                var provisional = RunItems.ProvisionalOf(computed.Results, statements, decisions, computed.MafSettlements);
                return builder.Items(computed.Results, lineById, run.RunDate)
                    .Concat(builder.Indemnities(statements, run.RunDate)).Concat(builder.Advantages(decisions, run.RunDate))
                    .Concat(builder.Settlements(computed.MafSettlements, run.RunDate))
                    .Select(i => RunItems.Row(runId, partition, runId, i, provisional(i.SourceRef))).ToList();
            },
            clock.GetCurrentInstant(), Worker, computed.MafSettlements, computed.IndemnitiesHeld);
        return new ComputedPartition(run, commit, count, read, watch.Elapsed - read, readCpu, ThreadCpu.Now() - threadCpu - readCpu);
    }

    /// <summary>Commits a computed partition, unless it is committed already; <paramref name="cpu"/>: the process's processor time when its work began.</summary>
    private void Commit(ComputedPartition computed, TimeSpan cpu)
    {
        var run = computed.Run;
        // Stamped here, not when computed: a partition computed ahead, on another thread, commits after the one before.
        var commit = computed.Commit with { At = clock.GetCurrentInstant(), Worker = Worker };
        var watch = System.Diagnostics.Stopwatch.StartNew();
        if (!store.CommitPartition(commit, facts => RunConflicts.Find(commit, facts))) return;
        _log.ForContext("RunId", run.RunId).Information(
            "Run {RunId}: partition {Partition} of {Count} committed: {Lines} lines, {Statements} indemnity statements, {Requests} AC requests " +
            "(read {Read:0.0} s, compute {Compute:0.0} s, commit {Commit:0.0} s; {Cpu:0.00} s of processor time in this process, " +
            "of it read {ReadCpu:0.00} s and compute {ComputeCpu:0.00} s on the computing thread)",
            run.RunId, commit.Partition, computed.Count, commit.Results.Count, commit.Indemnities.Count, commit.AcDecisions.Count,
            computed.Read.TotalSeconds, computed.Compute.TotalSeconds, watch.Elapsed.TotalSeconds, (Environment.CpuUsage.TotalTime - cpu).TotalSeconds,
            computed.ReadCpu.TotalSeconds, computed.ComputeCpu.TotalSeconds);
        RunMetrics.StepDone(run.Kind, "partition", computed.Read + computed.Compute + watch.Elapsed);
        CrashPoints.Reach(CrashPoints.PartitionDoneOf(commit.Partition));
    }


    /// <summary>
    /// Moves the run one phase forward (none while partitions are pending) and returns the phase it is in then. Each
    /// step is one idempotent transaction of the store, or the files (rewritten identical).
    /// </summary>
    public RunPhase Advance(string runId)
    {
        using var _ = Lock();
        var run = store.Run(runId) ?? throw new InvalidOperationException($"run {runId} does not exist");
        var logger = _log.ForContext("RunId", runId);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var cpu = Environment.CpuUsage.TotalTime;
        var reached = Step(run, logger, watch);
        if (reached != run.Phase)
            // What each step costs, in the run's own log: the wall time swells on a shared machine, the processor time much less.
            logger.Information("Run {RunId}: {Phase} in {Seconds:0.00} s ({Cpu:0.00} s of processor time in this process)",
                runId, reached, watch.Elapsed.TotalSeconds, (Environment.CpuUsage.TotalTime - cpu).TotalSeconds);
        return reached;
    }

    private RunPhase Step(RunRow run, Serilog.ILogger logger, System.Diagnostics.Stopwatch watch)
    {
        var runId = run.RunId;
        switch (run.Phase)
        {
            case RunPhase.Started:
                if (run.Partitions is null || store.PendingPartitions(runId).Count > 0) return RunPhase.Started;
                if (store.Advance(runId, RunPhase.Started, RunPhase.Computed))
                {
                    logger.Information("Run {RunId}: computed", runId);
                    RunMetrics.StepDone(run.Kind, "computed", watch.Elapsed);
                    CrashPoints.Reach(CrashPoints.ResultsSaved);
                }
                return RunPhase.Computed;
            case RunPhase.Computed:
                // The point of no return: what it claims, only this run pays. Another store's files in its folder stop it here.
                EnsureOwnFolder(runId, runMayHaveWritten: false);
                if (store.Claim(runId, run.AsOf, (held, adjustments) => TakeOver(run, held, adjustments)))
                {
                    logger.Information("Run {RunId}: items held back by earlier runs and recalculation complements claimed", runId);
                    RunMetrics.StepDone(run.Kind, "claimed", watch.Elapsed);
                    CrashPoints.Reach(CrashPoints.ItemsClaimed);
                }
                return RunPhase.Claimed;
            case RunPhase.Claimed:
                if (store.Decide(runId, items => RunDecisions.Decide(runId, items, run.RefuseProvisional)))
                {
                    logger.Information("Run {RunId}: payments decided", runId);
                    RunMetrics.StepDone(run.Kind, "decided", watch.Elapsed);
                    CrashPoints.Reach(CrashPoints.ItemsDecided);
                }
                return RunPhase.Decided;
            case RunPhase.Decided:
                WriteFiles(run);
                RunMetrics.StepDone(run.Kind, "files_written", watch.Elapsed);
                return RunPhase.FilesWritten;
            case RunPhase.FilesWritten:
                var summary = RunSummary.FromJson(run.Summary!);
                if (store.CompleteRun(runId, summary.Transfers > 0 ? PaymentRunFiles.Pain001Name(runId) : null, clock.GetCurrentInstant()))
                {
                    logger.Information("Run complete: {Lines} lines, {Transfers} transfers, {Paid} paid, {Held} held back",
                        summary.Lines, summary.Transfers, summary.PaidTotal, summary.HeldBack);
                    RunMetrics.StepDone(run.Kind, "completed", watch.Elapsed);
                    RunMetrics.Completed(run.Kind, summary);
                    CrashPoints.Reach(CrashPoints.Completed);
                }
                return RunPhase.Completed;
            default:
                return RunPhase.Completed;
        }
    }

    /// <summary>The summary of a run whose files are written.</summary>
    public RunSummary Summary(string runId) =>
        RunSummary.FromJson(store.Run(runId)?.Summary ?? throw new InvalidOperationException($"run {runId} has no summary yet"));

    private void WriteFiles(RunRow run)
    {
        EnsureOwnFolder(run.RunId, runMayHaveWritten: true);
        var folder = Path.Combine(options.OutputFolder, run.RunId);
        Directory.CreateDirectory(folder);
        foreach (var leftover in Directory.EnumerateFiles(folder).Where(f => AtomicFile.IsLeftover(Path.GetFileName(f))))
            File.Delete(leftover);
        var written = new Dictionary<string, string>(StringComparer.Ordinal);
        var summary = RunFiles.Write(run, folder, new StoredRunOutput(store, run.RunId), Debtor, CrashPoints.Reach, RunFileFormat.Current,
            RunFiles.Previous(store, run), Payers.PayerAccounts.Debtors(options), written);
        RunFiles.WriteSummary(folder, summary);
        CrashPoints.Reach(CrashPoints.SummaryWritten);
        store.RecordFiles(run.RunId, Path.GetFullPath(folder), RunFiles.Recorded(folder, summary, written));
        store.Advance(run.RunId, RunPhase.Decided, RunPhase.FilesWritten, summary.ToJson());
    }

    /// <summary>
    /// What the run takes over: items held back by earlier runs, to the payee's name and IBAN as known at this run's
    /// as-of instant, and the complements of recalculations.
    /// </summary>
    private List<RunItemRow> TakeOver(RunRow run, IReadOnlyList<RunItemRow> held, IReadOnlyList<AdjustmentRow> adjustments)
    {
        var members = held.Where(h => h.PayeeKind == "member").Select(h => h.PayeeId)
            .Concat(adjustments.Where(a => a.PayeeKind == "member").Select(a => a.PayeeId)).Distinct(StringComparer.Ordinal).ToList();
        var beneficiaries = members.Count == 0 ? [] : store.Beneficiaries(run.AsOf, members).ToDictionary(b => b.BeneficiaryId, StringComparer.Ordinal);
        var providers = store.Providers(run.AsOf).ToDictionary(p => p.ProviderId, StringComparer.Ordinal);
        return held.Select(h => RunItems.Row(run.RunId, null, h.OriginRunId, RunItems.Carried(h, run.RunDate, beneficiaries, providers), h.Provisional))
            .Concat(adjustments.Select(a => RunItems.Row(run.RunId, null, RunItems.RecalcOrigin(a.RecalcId),
                RunItems.Complement(a, run.RunDate, beneficiaries, providers))))
            .ToList();
    }

    /// <summary>
    /// A run goes on with the rules it started with (kept in the store at its first start), whatever rules/ holds now:
    /// refusing would leave what it computed and claimed unpaid, since no later run computes its lines or takes its items.
    /// </summary>
    private RuleSet RuleSetOf(RunRow run) =>
        run.RuleSetVersion == rules.Current.Version ? rules.Current : new RuleSetArchive(store, rules).Version(run.RuleSetVersion);

    /// <summary>The runs lock of the store, taken by this thread (again without waiting when it holds it already).</summary>
    public IDisposable Lock() => RunLock.Acquire(store, TimeSpan.FromSeconds(options.Run.LockWaitSeconds),
        () => _log.Warning("Another run of this database is in progress: waiting for it to finish (at most {Seconds} s)", options.Run.LockWaitSeconds));

    /// <summary>Refuses (nothing claimed, nothing written) when the output folder belongs to another store (<see cref="OutputFolderOwner"/>).</summary>
    private void EnsureOwnFolder(string runId, bool runMayHaveWritten) =>
        OutputFolderOwner.Ensure(options.OutputFolder, store.StoreId(), Path.Combine(options.OutputFolder, runId), runMayHaveWritten);

    private PaymentDebtor Debtor => new(options.Payer.Name, options.Payer.Iban, options.Payer.Bic, options.Payer.CompanyNumber);

    private static string Worker => $"{Environment.MachineName}:{Environment.ProcessId}:{Environment.CurrentManagedThreadId}";
}
