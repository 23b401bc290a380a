using Engine.Jobs.Efact;
using Engine.Jobs.Generation;
using Engine.Jobs.Ingestion;
using Engine.Jobs.Runs;
using Engine.Jobs.Time;
using Hangfire;
using Hangfire.InMemory;
using Hangfire.States;

namespace Engine.Jobs.Tests.Runs;

/// <summary>
/// A second trigger of a night (another server's scheduler, a manual trigger) while Hangfire holds jobs of its run hands
/// nothing out again; once none is alive (they died with an in-memory storage's process, or failed for good) the next
/// trigger hands out what is pending. On Hangfire's in-memory storage, no server: the jobs stay queued.
/// </summary>
public sealed class SecondTriggerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("engine-second-trigger-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_second_trigger_hands_out_nothing_while_jobs_of_the_run_are_alive_and_the_pending_partitions_once_none_is()
    {
        using var night = SmallNight.Create(_root, new GeneratorOptions { Members = 100, Lines = 150, Seed = 3 });
        var (name, sending) = night.Sendings().Build(night.Events(), night.Generator.RunDate.PlusDays(-1))[0];
        var path = Path.Combine(_root, name);
        File.WriteAllBytes(path, EfactWriter.WriteBytes(sending));
        night.Clock.Set(Brussels.At(night.Generator.RunDate, 1));
        new InboxImport(night.Store, night.Rules, night.Options, night.Clock, Serilog.Core.Logger.None).ImportFiles([path]);
        night.Clock.Set(Brussels.At(night.Generator.RunDate, 2));

        using var storage = new InMemoryStorage(new InMemoryStorageOptions { IdType = InMemoryStorageIdType.Long });
        var client = new BackgroundJobClient(storage);
        var job = new NightlyRunJob(new RunPipeline(night.Store, night.Rules, night.Options, night.Clock, Serilog.Core.Logger.None),
            night.Clock, night.Options, client, Serilog.Core.Logger.None, night.Store, storage);
        var date = night.Generator.RunDate.ToString("yyyy-MM-dd", null);
        var runId = RunIds.Nightly(night.Generator.RunDate);
        var partitions = night.Options.Run.Partitions; // 8 by default

        job.Run(date);
        Assert.Equal(partitions, RunJobsInFlight.Count(storage, runId));
        // The second trigger finds the run started and its 8 partition jobs queued: nothing more.
        job.Run(date);
        Assert.Equal(partitions, RunJobsInFlight.Count(storage, runId));
        Assert.Equal(partitions, storage.GetMonitoringApi().EnqueuedCount("default"));

        // The jobs gone for good (here deleted; a dead in-memory process or retries run out alike): the next trigger hands
        // out the 8 partitions still pending, once.
        foreach (var queued in storage.GetMonitoringApi().EnqueuedJobs("default", 0, 100))
            client.ChangeState(queued.Key, new DeletedState(), EnqueuedState.StateName);
        Assert.Equal(0, RunJobsInFlight.Count(storage, runId));
        job.Run(date);
        Assert.Equal(partitions, RunJobsInFlight.Count(storage, runId));
        Assert.Equal(Enumerable.Range(0, partitions), night.Store.PendingPartitions(runId));
    }
}
