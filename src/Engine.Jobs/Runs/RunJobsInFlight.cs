using Hangfire;
using Hangfire.Common;

namespace Engine.Jobs.Runs;

/// <summary>
/// The jobs of a run Hangfire still holds alive (queued, fetched, being worked on, waiting for a retry), on whichever
/// server: a partition (<see cref="RunPartitionJob"/>) or a phase step (<see cref="RunPhaseJob"/>) naming the run. A job
/// whose server died stays alive here (Processing, then fetched again by another server after the invisibility timeout).
/// While a run has one, it is in progress and nothing of it is handed out again; with none (the jobs died with an
/// in-memory storage's process, or failed for good) the next trigger hands out what is pending.
/// </summary>
public static class RunJobsInFlight
{
    /// <summary>More than any night's jobs (at most 1000 partitions and a phase job) among a queue's others.</summary>
    private const int Page = 100_000;

    public static int Count(JobStorage storage, string runId)
    {
        var monitoring = storage.GetMonitoringApi();
        var jobs = new List<Job?>();
        foreach (var queue in monitoring.Queues())
        {
            jobs.AddRange(monitoring.EnqueuedJobs(queue.Name, 0, Page).Select(j => j.Value?.Job));
            jobs.AddRange(monitoring.FetchedJobs(queue.Name, 0, Page).Select(j => j.Value?.Job));
        }
        jobs.AddRange(monitoring.ProcessingJobs(0, Page).Select(j => j.Value?.Job));
        jobs.AddRange(monitoring.ScheduledJobs(0, Page).Select(j => j.Value?.Job));
        return jobs.Count(j => j is not null && (j.Type == typeof(RunPartitionJob) || j.Type == typeof(RunPhaseJob))
                               && j.Args.Count > 0 && j.Args[0] is string id && string.Equals(id, runId, StringComparison.Ordinal));
    }
}
