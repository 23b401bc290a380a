using Hangfire;
using Hangfire.Common;
using Hangfire.States;

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
        // A queue or state list may still name a job that has moved on (deleted, failed): only those in the state listed count.
        // A job fetched and processing is in two lists: counted once, by its id.
        var jobs = new Dictionary<string, Job?>();
        void Add<T>(IEnumerable<KeyValuePair<string, T>> found, Func<T, Job?> job)
        {
            foreach (var (id, dto) in found) jobs[id] = job(dto);
        }
        foreach (var queue in monitoring.Queues())
        {
            // Hangfire.PostgreSql names the job's state and leaves the flag true; the in-memory storage sets the flag.
            Add(monitoring.EnqueuedJobs(queue.Name, 0, Page).Where(j => j.Value is { InEnqueuedState: true } v
                && (v.State is null || v.State == EnqueuedState.StateName)), d => d.Job);
            Add(monitoring.FetchedJobs(queue.Name, 0, Page).Where(j => j.Value?.State is { } state
                && (state == EnqueuedState.StateName || state == ProcessingState.StateName)), d => d.Job);
        }
        Add(monitoring.ProcessingJobs(0, Page).Where(j => j.Value is { InProcessingState: true }), d => d.Job);
        Add(monitoring.ScheduledJobs(0, Page).Where(j => j.Value is { InScheduledState: true }), d => d.Job);
        return jobs.Values.Count(j => j is not null && (j.Type == typeof(RunPartitionJob) || j.Type == typeof(RunPhaseJob))
                               && j.Args.Count > 0 && j.Args[0] is string id && string.Equals(id, runId, StringComparison.Ordinal));
    }
}
