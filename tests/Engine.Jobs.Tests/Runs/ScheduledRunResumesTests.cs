using Engine.Jobs.Data;
using Engine.Jobs.Efact;
using Engine.Jobs.Generation;
using Engine.Jobs.Ingestion;
using Engine.Jobs.Runs;
using Engine.Jobs.Time;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using NodaTime;
using Engine.Jobs.Tests.Stores;

namespace Engine.Jobs.Tests.Runs;

/// <summary>The recurring nightly job after a night whose run did not finish.</summary>
public abstract class ScheduledRunResumesTests(StoreKind storeKind) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("engine-resume-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Runs every enqueued job at once, in this thread (a Hangfire server of one worker).</summary>
    private sealed class InlineJobs(Func<Type, object> resolve) : IBackgroundJobClient
    {
        public List<string> Done { get; } = [];

        public string Create(Job job, IState state)
        {
            job.Method.Invoke(resolve(job.Type), job.Args.ToArray());
            Done.Add($"{job.Type.Name}.{job.Method.Name}({string.Join(", ", job.Args)})");
            return Done.Count.ToString();
        }

        public bool ChangeState(string jobId, IState state, string expectedState) => true;
    }

    [SkippableFact]
    public void The_scheduled_run_first_finishes_an_earlier_run_left_unfinished()
    {
        // The server died (or the jobs failed for good) after the run of 03-05 had computed and claimed what it owes:
        // with Hangfire's in-memory storage its phase jobs died with the process, and the recurring job only ever runs
        // today's date. No later run computes its lines or takes its claimed items: they stayed unpaid for ever.
        using var night = SmallNight.Create(_root, new GeneratorOptions { Members = 200, Lines = 300, Seed = 5 }, storeKind);
        var (options, clock, store, rules) = (night.Options, night.Clock, night.Store, night.Rules);
        var (name, sending) = night.Sendings().Build(night.Events(), night.Generator.RunDate.PlusDays(-1))[0];
        var path = Path.Combine(_root, name);
        File.WriteAllBytes(path, EfactWriter.WriteBytes(sending));
        clock.Set(Brussels.At(night.Generator.RunDate, 1));
        new InboxImport(store, rules, options, clock, Serilog.Core.Logger.None).ImportFiles([path]);

        var log = Serilog.Core.Logger.None;
        clock.Set(Brussels.At(night.Generator.RunDate, 2));
        var dying = new RunPipeline(store, rules, options, clock, log);
        var run = dying.Start(RunScope.Nightly(night.Generator.RunDate));
        // Partition 0 committed, the others lost with the process.
        dying.ComputePartition(run.RunId, 0);
        Assert.Equal(RunPhase.Started, store.Run("nightly-2024-03-05")!.Phase);
        Assert.Equal(Enumerable.Range(1, options.Run.Partitions - 1), store.PendingPartitions("nightly-2024-03-05"));
        // What /health reads: no nightly run completed yet (one started is not one completed).
        Assert.Null(store.LastCompletedRun("nightly"));

        clock.Set(Brussels.At(new LocalDate(2024, 3, 6), 2));
        IBackgroundJobClient? jobs = null;
        RunPipeline Pipeline() => new(store, rules, options, clock, log);
        var inline = new InlineJobs(t =>
            t == typeof(RunPartitionJob) ? new RunPartitionJob(Pipeline(), store, jobs!)
            : t == typeof(RunPhaseJob) ? new RunPhaseJob(Pipeline(), jobs!, log)
            : new NightlyRunJob(Pipeline(), clock, options, jobs!, log, store));
        jobs = inline;
        new NightlyRunJob(Pipeline(), clock, options, jobs, log, store).RunScheduled();

        Assert.Equal(RunPhase.Completed, store.Run("nightly-2024-03-05")!.Phase);
        Assert.Equal(RunPhase.Completed, store.Run("nightly-2024-03-06")!.Phase);
        // The completed nightly run of the latest date, whatever the order they completed in; none of another kind.
        Assert.Equal(("nightly-2024-03-06", RunPhase.Completed), store.LastCompletedRun("nightly") is { } last ? (last.RunId, last.Phase) : default);
        Assert.Null(store.LastCompletedRun("arrival"));
        Assert.True(File.Exists(Path.Combine(options.OutputFolder, "nightly-2024-03-05", "nightly-2024-03-05.pain001.xml")));
        Assert.All(store.RunItems("nightly-2024-03-05"), i => Assert.NotEqual("pending", i.Outcome));
        // Today's run went through its jobs: its partitions, then one job per phase.
        Assert.Equal(options.Run.Partitions, inline.Done.Count(d => d.StartsWith("RunPartitionJob", StringComparison.Ordinal)));
        Assert.Equal(5, inline.Done.Count(d => d.StartsWith("RunPhaseJob", StringComparison.Ordinal)));
    }
}

public sealed class ScheduledRunResumesTestsOnSqlite() : ScheduledRunResumesTests(StoreKind.Sqlite);

public sealed class ScheduledRunResumesTestsOnPostgres() : ScheduledRunResumesTests(StoreKind.Postgres);

public sealed class ScheduledRunResumesTestsOnSqlServer() : ScheduledRunResumesTests(StoreKind.SqlServer);
