using System.Text.Json;
using Engine.Jobs;
using Engine.Jobs.Data;
using Hangfire;
using NodaTime;

namespace Engine.Jobs.Runs;

/// <summary>
/// The Hangfire face of the nightly payment run. The run computes its results, claims what it owes, and hands its
/// payment chunks to the workers as <see cref="PaymentChunkJob"/>s; the last chunk done starts this job again, which
/// then writes the files and completes the run. Hangfire may run a job twice (retry, server crash): the run is
/// idempotent by its run id, so a second execution reproduces the same files and pays nothing new.
/// </summary>
public sealed class NightlyRunJob(NightlyRun run, IClock clock, EngineOptions options, IBackgroundJobClient jobs, Serilog.ILogger log,
    IEngineStore store)
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
        foreach (var earlier in store.RunsBetween(new LocalDate(1, 1, 1), today.PlusDays(-1)).Where(r => r.Status is "started" or "computed"))
        {
            try
            {
                logger.Warning("Run {RunId} was left {Status}: finishing it first", earlier.RunId, earlier.Status);
                if (earlier.Kind == "nightly")
                {
                    Run(earlier.RunDate.ToString("yyyy-MM-dd", null));
                    continue;
                }
                // A pay-on-arrival run: its scope (the cases) gives back its id.
                var scope = RunScope.Arrival(earlier.RunDate, JsonSerializer.Deserialize<string[]>(earlier.Scope ?? "[]")!);
                if (scope.RunId != earlier.RunId) throw new InvalidOperationException($"run {earlier.RunId}: its stored scope gives the id {scope.RunId}");
                run.Execute(scope);
            }
            catch (Exception e)
            {
                // One run that cannot be finished does not stop tonight's; it is tried again the next night.
                logger.Error(e, "Run {RunId} could not be finished", earlier.RunId);
            }
        }
        Run(today.ToString("yyyy-MM-dd", null));
    }

    /// <summary>The run for one date (yyyy-MM-dd), as started from the command line or the demo.</summary>
    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(timeoutInSeconds: 3600)]
    public void Run(string runDate)
    {
        var date = NodaTime.Text.LocalDatePattern.Iso.Parse(runDate).GetValueOrThrow();
        var summary = run.Execute(RunScope.Nightly(date), (runId, chunks) =>
        {
            foreach (var chunk in chunks) jobs.Enqueue<PaymentChunkJob>(j => j.Run(runId, chunk));
        });
        var logger = log.ForContext<NightlyRunJob>();
        if (summary is null)
            logger.Information("Run of {RunDate}: payment chunks enqueued; the last one done completes the run", runDate);
        else
            logger.Information("Run {RunId} done: {Lines} lines, {Transfers} transfers, {Paid} EUR paid, {Held} held back",
                summary.RunId, summary.Lines, summary.Transfers, summary.PaidTotal, summary.HeldBack);
    }
}
