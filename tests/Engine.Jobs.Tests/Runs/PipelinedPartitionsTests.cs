using System.Reflection;
using Engine.Jobs.Data;
using Engine.Jobs.Efact;
using Engine.Jobs.Generation;
using Engine.Jobs.Ingestion;
using Engine.Jobs.Runs;
using Engine.Jobs.Tests.Stores;
using Engine.Jobs.Time;

namespace Engine.Jobs.Tests.Runs;

/// <summary>
/// A run in one process reads and computes each partition while the one before commits (<see cref="RunPipeline.Execute(RunScope)"/>):
/// it must store and write exactly what partitions computed and committed one at a time store and write.
/// </summary>
public abstract class PipelinedPartitionsTests(StoreKind storeKind) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("engine-pipelined-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [SkippableFact]
    public void A_run_whose_partitions_overlap_stores_and_writes_what_one_partition_at_a_time_does()
    {
        var (overlapped, overlappedFiles) = Night("overlapped", (pipeline, scope) => pipeline.Execute(scope));
        var (oneByOne, oneByOneFiles) = Night("one-by-one", (pipeline, scope) =>
        {
            var run = pipeline.Start(scope);
            foreach (var partition in Enumerable.Range(0, run.Partitions!.Value)) pipeline.ComputePartition(run.RunId, partition);
            while (pipeline.Advance(run.RunId) != RunPhase.Completed) { }
        });

        // The same rows with the same ids: the partitions committed in the same order.
        Assert.Equal(oneByOne, overlapped);
        Assert.NotEmpty(overlappedFiles);
        Assert.Equal(oneByOneFiles.Keys.Order(), overlappedFiles.Keys.Order());
        foreach (var (file, bytes) in oneByOneFiles) Assert.True(bytes.SequenceEqual(overlappedFiles[file]), $"{file} differs");
    }

    [SkippableFact]
    public void A_store_whose_reads_wait_on_commits_has_its_partitions_read_one_after_the_others_commit()
    {
        var events = new List<string>();
        var (sequential, sequentialFiles) = Night("sequential", (pipeline, scope) => pipeline.Execute(scope),
            store => OrderRecordingStore.Over(store, events));
        var (overlapped, overlappedFiles) = Night("overlapped", (pipeline, scope) => pipeline.Execute(scope));

        // Every partition's lines read after the commit before it ended: read 0, commit 0, read 1, commit 1, ...
        var partitions = events.Count(e => e.StartsWith("read", StringComparison.Ordinal));
        Assert.True(partitions > 1);
        Assert.Equal(Enumerable.Range(0, partitions).SelectMany(p => new[] { $"read {p}", $"commit {p}", $"committed {p}" }), events);
        Assert.Equal(overlapped, sequential);
        Assert.Equal(overlappedFiles.Keys.Order(), sequentialFiles.Keys.Order());
        foreach (var (file, bytes) in overlappedFiles) Assert.True(bytes.SequenceEqual(sequentialFiles[file]), $"{file} differs");
    }

    /// <summary>
    /// The store, saying its reads wait on commits (as SQL Server's without READ_COMMITTED_SNAPSHOT) and recording when
    /// each partition's lines are read and each commit begins and ends.
    /// </summary>
    public class OrderRecordingStore : StoreProxy
    {
        private List<string> _events = null!;

        public static IEngineStore Over(IEngineStore store, List<string> events) => Over<OrderRecordingStore>(store, p => p._events = events);

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            if (method!.Name == "get_ReadsBesideCommits") return false;
            var commit = method.Name == nameof(IEngineStore.CommitPartition) ? (PartitionCommit)args![0]! : null;
            if (method.Name == nameof(IEngineStore.PartitionLines)) lock (_events) _events.Add($"read {args![1]}");
            if (commit is not null) lock (_events) _events.Add($"commit {commit.Partition}");
            try { return Forward(method, args); }
            finally { if (commit is not null) lock (_events) _events.Add($"committed {commit.Partition}"); }
        }
    }

    /// <summary>The same night in a folder of its own, run by <paramref name="run"/>: its results and items as text, and its files.</summary>
    private (List<string> Rows, Dictionary<string, byte[]> Files) Night(string name, Action<RunPipeline, RunScope> run,
        Func<IEngineStore, IEngineStore>? storeSeen = null)
    {
        var root = Path.Combine(_root, name);
        using var night = SmallNight.Create(root, new GeneratorOptions { Members = 300, Lines = 600, Seed = 11 }, storeKind);
        var (options, clock, store, rules) = (night.Options, night.Clock, night.Store, night.Rules);
        var paths = new List<string>();
        foreach (var (file, sending) in night.Sendings().Build(night.Events(), night.Generator.RunDate.PlusDays(-1)))
        {
            paths.Add(Path.Combine(root, file));
            File.WriteAllBytes(paths[^1], EfactWriter.WriteBytes(sending));
        }
        clock.Set(Brussels.At(night.Generator.RunDate, 1));
        new InboxImport(store, rules, options, clock, Serilog.Core.Logger.None).ImportFiles(paths);
        clock.Set(Brussels.At(night.Generator.RunDate, 2));
        var scope = RunScope.Nightly(night.Generator.RunDate);
        run(new RunPipeline(storeSeen?.Invoke(store) ?? store, rules, options, clock, Serilog.Core.Logger.None), scope);

        Assert.True(store.Partitions(scope.RunId).Count > 1);
        var rows = store.Results(scope.RunId).Select(r => $"{r.ResultId} {r.LineId} {r.Insurer} {r.Share} {r.MafRefund} {r.Status} {r.Reason}")
            .Concat(store.RunItems(scope.RunId).Select(i => $"{i.SourceRef} {i.Partition} {i.PayeeId} {i.Amount} {i.Outcome} {i.EndToEndId}"))
            .ToList();
        var folder = Path.Combine(options.OutputFolder, scope.RunId);
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), File.ReadAllBytes);
        return (rows, files);
    }
}

public sealed class PipelinedPartitionsTestsOnSqlite() : PipelinedPartitionsTests(StoreKind.Sqlite);

public sealed class PipelinedPartitionsTestsOnPostgres() : PipelinedPartitionsTests(StoreKind.Postgres);

public sealed class PipelinedPartitionsTestsOnSqlServer() : PipelinedPartitionsTests(StoreKind.SqlServer);
