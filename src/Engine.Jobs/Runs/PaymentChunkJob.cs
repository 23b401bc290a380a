using Engine.Jobs.Data;
using Hangfire;

namespace Engine.Jobs.Runs;

/// <summary>
/// One payment chunk of a run, on whichever worker (of whichever server sharing the database) takes it. Idempotent by
/// run and chunk id: a second execution finds the chunk's decisions stored and stores nothing. The fan-in is on the
/// database: the job that finds no chunk of the run pending starts the run job again, which writes the files. A job
/// that dies after storing its chunk is run again by Hangfire and starts the run job then.
/// </summary>
public sealed class PaymentChunkJob(RunPayments payments, IEngineStore store, IBackgroundJobClient jobs)
{
    [AutomaticRetry(Attempts = 5)]
    public void Run(string runId, int chunkId)
    {
        var completion = payments.DecideChunk(runId, chunkId);
        if (completion.PendingChunks > 0) return;
        var run = store.Run(runId) ?? throw new InvalidOperationException($"run {runId} does not exist");
        if (run.Status == "completed") return;
        // Only the nightly run fans out (a pay-on-arrival run pays its few cases in its own job).
        if (run.Kind != "nightly") throw new InvalidOperationException($"run {runId} is a {run.Kind} run: its chunks are not jobs");
        var date = run.RunDate.ToString("yyyy-MM-dd", null);
        jobs.Enqueue<NightlyRunJob>(j => j.Run(date));
    }
}
