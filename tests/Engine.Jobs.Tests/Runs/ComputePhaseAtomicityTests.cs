using System.Reflection;
using Engine.Jobs.Data;
using Engine.Jobs.Generation;
using Engine.Jobs.Ingestion;
using Engine.Jobs.Runs;
using Engine.Jobs.Time;
using NodaTime;
using Engine.Jobs.Tests.Stores;

namespace Engine.Jobs.Tests.Runs;

/// <summary>The compute phase of a run is stored whole or not at all.</summary>
public abstract class ComputePhaseAtomicityTests(StoreKind storeKind) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("engine-atomic-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>The store, with the process dying (an exception) when a partition of the run commits.</summary>
    public class DiesOnSaveResults : StoreProxy
    {
        public bool Armed { get; set; } = true;

        protected override object? Invoke(MethodInfo? method, object?[]? args) =>
            Armed && method!.Name == nameof(IEngineStore.CommitPartition) ? throw new IOException("the process died here") : Forward(method!, args);
    }

    [SkippableFact]
    public void A_run_that_dies_before_its_results_are_stored_leaves_no_AC_decision_and_the_next_run_decides_the_requests()
    {
        // The AC decisions were stored in a transaction of their own before the results. A run dying in between (or failing
        // to store its results) left decisions of a run that never computed: request ids are unique, so every later run
        // failed to store its own decisions of those requests, and no run could complete any more.
        using var night = SmallNight.Create(_root, new GeneratorOptions { Members = 300, Lines = 300, Seed = 4 }, storeKind);
        var (options, clock, store, rules) = (night.Options, night.Clock, night.Store, night.Rules);
        var path = Path.Combine(_root, "ac-requests.csv");
        File.WriteAllText(path, AcRequestGenerator.Csv(night.Generator, night.Registry));
        clock.Set(Brussels.At(night.Generator.RunDate, 1));
        var requests = Assert.Single(new InboxImport(store, rules, options, clock, Serilog.Core.Logger.None).ImportFiles([path]).Files).AcceptedLines;
        Assert.True(requests > 0);

        DiesOnSaveResults dying = null!;
        var proxy = StoreProxy.Over<DiesOnSaveResults>(store, p => dying = p);
        var log = Serilog.Core.Logger.None;
        clock.Set(Brussels.At(night.Generator.RunDate, 2));
        var first = new RunPipeline(proxy, rules, options, clock, log);
        Assert.Throws<IOException>(() => first.Execute(night.Generator.RunDate));

        Assert.Empty(store.AcDecisions("nightly-2024-03-05"));
        Assert.Equal(requests, store.UndecidedAcRequests(clock.GetCurrentInstant()).Count);

        // That run is left behind; the next night decides the requests and completes.
        clock.Set(Brussels.At(new LocalDate(2024, 3, 6), 2));
        var next = new RunPipeline(store, rules, options, clock, log);
        var summary = next.Execute(new LocalDate(2024, 3, 6));
        Assert.Equal(requests, summary.AcRequests);
        Assert.Equal(requests, store.AcDecisions("nightly-2024-03-06").Count);
    }
}

public sealed class ComputePhaseAtomicityTestsOnSqlite() : ComputePhaseAtomicityTests(StoreKind.Sqlite);

public sealed class ComputePhaseAtomicityTestsOnPostgres() : ComputePhaseAtomicityTests(StoreKind.Postgres);

public sealed class ComputePhaseAtomicityTestsOnSqlServer() : ComputePhaseAtomicityTests(StoreKind.SqlServer);
