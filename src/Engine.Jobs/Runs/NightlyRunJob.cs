using System.Text.Json;
using Engine.Jobs.Data;
using Hangfire;
using NodaTime;

namespace Engine.Jobs.Runs;

/// <summary>
/// The Hangfire face of the nightly payment run. This job starts the run (as-of instant, rule set, work list) and
/// hands each pending partition to the workers as a <see cref="RunPartitionJob"/>; the partition that finds none
/// pending hands the run to <see cref="RunPhaseJob"/>, which moves it one phase at a time to completed. Hangfire may
/// run a job twice (retry, server crash): every step is idempotent by run (and partition), so a second execution
/// stores nothing new and pays nothing new. A second trigger of a run in progress (two servers, a manual trigger) hands
/// nothing out again while Hangfire holds jobs of the run (<see cref="RunJobsInFlight"/>; without a storage given, as
/// in unit tests, it hands out what is pending).
/// </summary>
public sealed class NightlyRunJob(RunPipeline pipeline, IClock clock, EngineOptions options, IBackgroundJobClient jobs, Serilog.ILogger log,
    IEngineStore store, JobStorage? storage = null)
{
    /// <summary>
    /// The recurring entry point: first the runs of earlier dates left unfinished (the process died with its queued jobs,
    /// or their retries ran out: nothing else would ever finish them, and what they computed and claimed is no later
    /// run's to pay), then the run of today's date in the configured time zone.
    /// </summary>
    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(timeoutInSeconds: 3600)]
    public void RunScheduled()
    {
        var zone = DateTimeZoneProviders.Tzdb[options.Nightly.TimeZone];
        var today = clock.GetCurrentInstant().InZone(zone).Date;
        var logger = log.ForContext<NightlyRunJob>();
        foreach (var earlier in store.RunsBetween(new LocalDate(1, 1, 1), today.PlusDays(-1)).Where(r => r.Phase != RunPhase.Completed))
        {
            try
            {
                if (InFlight(earlier.RunId) is > 0 and var inFlight)
                {
                    logger.Information("Run {RunId} is in progress ({Jobs} of its jobs queued or being worked on): left to the workers", earlier.RunId, inFlight);
                    continue;
                }
                logger.Warning("Run {RunId} was left {Phase}: finishing it first", earlier.RunId, earlier.Phase);
                // A pay-on-arrival run: its scope (the cases) gives back its id.
                var scope = earlier.Kind == "nightly"
                    ? RunScope.Nightly(earlier.RunDate)
                    : RunScope.Arrival(earlier.RunDate, JsonSerializer.Deserialize<string[]>(earlier.Scope ?? "[]")!);
                if (scope.RunId != earlier.RunId) throw new InvalidOperationException($"run {earlier.RunId}: its stored scope gives the id {scope.RunId}");
                pipeline.Execute(scope);
            }
            catch (Exception e)
            {
                // One run that cannot be finished does not stop tonight's; it is tried again the next night.
                logger.Error(e, "Run {RunId} could not be finished", earlier.RunId);
            }
        }
        Run(today.ToString("yyyy-MM-dd", null));
    }

    /// <summary>The run for one date (yyyy-MM-dd), as started from the command line or the demo: its partitions as jobs.</summary>
    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(timeoutInSeconds: 3600)]
    public void Run(string runDate)
    {
        var date = NodaTime.Text.LocalDatePattern.Iso.Parse(runDate).GetValueOrThrow();
        // Under the runs lock from the start to the last job handed out: a second trigger at the same moment (another
        // server's) finds the run started and its jobs queued, never a run started and nothing queued yet.
        using var runsLock = pipeline.Lock();
        var run = pipeline.Start(RunScope.Nightly(date));
        var logger = log.ForContext<NightlyRunJob>();
        if (run.Phase == RunPhase.Completed)
        {
            logger.Information("Run {RunId} is completed already", run.RunId);
            return;
        }
        if (InFlight(run.RunId) is > 0 and var inFlight)
        {
            logger.Information("Run {RunId} is in progress already ({Phase}, {Jobs} of its jobs queued or being worked on): nothing handed out again",
                run.RunId, run.Phase, inFlight);
            return;
        }
        var pending = store.PendingPartitions(run.RunId);
        var runId = run.RunId;
        if (pending.Count == 0) jobs.Enqueue<RunPhaseJob>(j => j.Advance(runId));
        foreach (var partition in pending) jobs.Enqueue<RunPartitionJob>(j => j.Compute(runId, partition));
        logger.Information("Run {RunId}: {Count} partitions handed to the workers; the last one done moves the run on", runId, pending.Count);
    }

    private int InFlight(string runId) => storage is null ? 0 : RunJobsInFlight.Count(storage, runId);
}

/// <summary>
/// One partition of a run, on whichever worker (of whichever server sharing the database) takes it. Idempotent by run
/// and partition. The fan-in is on the database: the job that finds no partition of the run pending hands the run to
/// <see cref="RunPhaseJob"/> (two doing so at once is harmless: each phase moves once).
/// </summary>
public sealed class RunPartitionJob(RunPipeline pipeline, IEngineStore store, IBackgroundJobClient jobs)
{
    [AutomaticRetry(Attempts = 5)]
    public void Compute(string runId, int partition)
    {
        pipeline.ComputePartition(runId, partition);
        if (store.PendingPartitions(runId).Count == 0) jobs.Enqueue<RunPhaseJob>(j => j.Advance(runId));
    }
}

/// <summary>Moves a computed run one phase forward, then hands it to the next such job until it is completed.</summary>
public sealed class RunPhaseJob(RunPipeline pipeline, IBackgroundJobClient jobs, Serilog.ILogger log)
{
    [AutomaticRetry(Attempts = 5)]
    [DisableConcurrentExecution(timeoutInSeconds: 3600)]
    public void Advance(string runId)
    {
        var phase = pipeline.Advance(runId);
        log.ForContext<RunPhaseJob>().Information("Run {RunId}: {Phase}", runId, phase);
        if (phase is not (RunPhase.Completed or RunPhase.Started)) jobs.Enqueue<RunPhaseJob>(j => j.Advance(runId));
    }
}
