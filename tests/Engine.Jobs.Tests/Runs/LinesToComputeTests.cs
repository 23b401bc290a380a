using Engine.Jobs.Data;
using Engine.Jobs.Efact;
using Engine.Jobs.Generation;
using Engine.Jobs.Ingestion;
using Engine.Jobs.Runs;
using Engine.Jobs.Tests.Stores;
using Engine.Jobs.Time;
using NodaTime;

namespace Engine.Jobs.Tests.Runs;

/// <summary>
/// The runs' work list (lines_to_compute: SQLite 0044, PostgreSQL and SQL Server 0018): a care line is in it from the
/// transaction that stores it to the partition commit that stores its result, whatever the store and the channel.
/// </summary>
public abstract class LinesToComputeTests(StoreKind storeKind) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("engine-to-compute-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>The night's eFact sendings (the first half of its care) and eAttest attestations (the rest), as files.</summary>
    private static (List<string> Efact, List<string> EAttest) Files(SmallNight night, string folder)
    {
        Directory.CreateDirectory(folder);
        var events = night.Events();
        var half = events.Count / 2;
        var efact = night.Sendings().Build(events.Take(half).ToList(), night.Generator.RunDate.PlusDays(-1))
            .Select(s => Write(Path.Combine(folder, s.FileName), EfactWriter.WriteBytes(s.Sending))).ToList();
        var eattest = new EAttestBuilder(night.Registry).Build(events.Skip(half).ToList(), night.Sendings())
            .Select(a => Write(Path.Combine(folder, a.FileName), a.Content)).ToList();
        return (efact, eattest);

        static string Write(string path, byte[] content)
        {
            File.WriteAllBytes(path, content);
            return path;
        }
    }

    private long Count(SmallNight night, string sql) => night.TestStore.Count(sql);

    /// <summary>Lines in the work list that have a result, and lines without result missing from it: none, ever.</summary>
    private void AssertExact(SmallNight night)
    {
        Assert.Equal(0, Count(night, "SELECT COUNT(*) FROM lines_to_compute t JOIN line_results r ON r.line_id = t.line_id"));
        Assert.Equal(0, Count(night, """
            SELECT COUNT(*) FROM care_lines l
            WHERE NOT EXISTS (SELECT 1 FROM line_results r WHERE r.line_id = l.line_id)
              AND NOT EXISTS (SELECT 1 FROM lines_to_compute t WHERE t.line_id = l.line_id)
            """));
        Assert.Equal(0, Count(night, "SELECT COUNT(*) FROM (SELECT line_id FROM line_results GROUP BY line_id HAVING COUNT(*) > 1) x"));
    }

    [SkippableFact]
    public void The_imports_of_both_channels_fill_the_work_list_and_each_partition_commit_takes_its_lines_out()
    {
        using var night = SmallNight.Create(_root, new GeneratorOptions { Members = 300, Lines = 600, Seed = 3 }, storeKind);
        var (options, clock, store, rules) = (night.Options, night.Clock, night.Store, night.Rules);
        var (efact, eattest) = Files(night, Path.Combine(_root, "in"));
        Assert.NotEmpty(efact);
        Assert.NotEmpty(eattest);
        clock.Set(Brussels.At(night.Generator.RunDate, 1));
        var outcomes = new InboxImport(store, rules, options, clock, Serilog.Core.Logger.None).ImportFiles([.. efact, .. eattest]).Files;
        var accepted = outcomes.Sum(o => o.AcceptedLines);

        var efactLines = Count(night, "SELECT COUNT(*) FROM care_lines WHERE channel = 'efact'");
        var eattestLines = Count(night, "SELECT COUNT(*) FROM care_lines WHERE channel = 'eattest'");
        Assert.True(efactLines > 100, $"{efactLines} eFact lines");
        Assert.True(eattestLines > 10, $"{eattestLines} eAttest lines");
        Assert.Equal(accepted, efactLines + eattestLines);
        Assert.Equal(accepted, Count(night, "SELECT COUNT(*) FROM lines_to_compute"));
        Assert.Equal(eattestLines, Count(night, """
            SELECT COUNT(*) FROM lines_to_compute t JOIN care_lines l ON l.line_id = t.line_id
            WHERE l.channel = 'eattest'
            """));
        AssertExact(night);

        // One partition committed: its lines, and only they, left the work list.
        clock.Set(Brussels.At(night.Generator.RunDate, 2));
        var pipeline = new RunPipeline(store, rules, options, clock, Serilog.Core.Logger.None);
        var run = pipeline.Start(RunScope.Nightly(night.Generator.RunDate));
        Assert.True(run.Partitions > 1);
        pipeline.ComputePartition(run.RunId, 0);
        var first = Assert.Single(store.Partitions(run.RunId)).Lines;
        Assert.True(first > 0);
        Assert.Equal(accepted - first, Count(night, "SELECT COUNT(*) FROM lines_to_compute"));
        AssertExact(night);

        foreach (var partition in Enumerable.Range(1, run.Partitions!.Value - 1)) pipeline.ComputePartition(run.RunId, partition);
        while (pipeline.Advance(run.RunId) != RunPhase.Completed) { }
        Assert.Equal(0, Count(night, "SELECT COUNT(*) FROM lines_to_compute"));
        Assert.Equal(accepted, store.Results(run.RunId).Count);
        AssertExact(night);
    }

    [SkippableFact]
    public void A_run_as_of_an_earlier_instant_leaves_the_lines_known_later_to_the_next_run()
    {
        using var night = SmallNight.Create(_root, new GeneratorOptions { Members = 300, Lines = 600, Seed = 7 }, storeKind);
        var (options, clock, store, rules) = (night.Options, night.Clock, night.Store, night.Rules);
        var (efact, eattest) = Files(night, Path.Combine(_root, "in"));
        var import = new InboxImport(store, rules, options, clock, Serilog.Core.Logger.None);
        var date = night.Generator.RunDate;
        clock.Set(Brussels.At(date, 1));
        var early = import.ImportFiles(efact.Take(efact.Count / 2).ToList()).Files.Sum(f => f.AcceptedLines);
        clock.Set(Brussels.At(date, 3));
        var late = import.ImportFiles([.. efact.Skip(efact.Count / 2), .. eattest]).Files.Sum(f => f.AcceptedLines);
        Assert.True(early > 50 && late > 50, $"{early} lines known early, {late} late");
        var lateIds = night.TestStore.Count($"SELECT COUNT(*) FROM care_lines WHERE known_at > '{DbTypes.Stored(Brussels.At(date, 2))}'");
        Assert.Equal(late, lateIds);

        // The run as of 02:00 (the clock fixed there, as `run --as-of`): the lines known at 03:00 stay to compute.
        clock.Set(Brussels.At(date, 2));
        new RunPipeline(store, rules, options, clock, Serilog.Core.Logger.None).Execute(date);
        Assert.Equal(early, store.Results(RunScope.Nightly(date).RunId).Count);
        Assert.Equal(late, Count(night, "SELECT COUNT(*) FROM lines_to_compute"));
        Assert.Equal(late, Count(night, $"""
            SELECT COUNT(*) FROM lines_to_compute t JOIN care_lines l ON l.line_id = t.line_id
            WHERE l.known_at > '{DbTypes.Stored(Brussels.At(date, 2))}'
            """));
        AssertExact(night);

        // The next night takes them, and only them.
        var next = date.PlusDays(1);
        clock.Set(Brussels.At(next, 2));
        new RunPipeline(store, rules, options, clock, Serilog.Core.Logger.None).Execute(next);
        var taken = store.Results(RunScope.Nightly(next).RunId);
        Assert.Equal(late, taken.Count);
        Assert.All(taken, r => Assert.True(r.InputKnownAt >= Brussels.At(date, 3), $"line {r.LineId} known at {r.InputKnownAt}"));
        Assert.Equal(0, Count(night, "SELECT COUNT(*) FROM lines_to_compute"));
        AssertExact(night);
    }

    [SkippableFact]
    public void The_migration_fills_the_work_list_of_an_existing_store_with_the_lines_that_have_no_result()
    {
        using var night = SmallNight.Create(_root, new GeneratorOptions { Members = 300, Lines = 600, Seed = 5 }, storeKind);
        var (options, clock, store, rules) = (night.Options, night.Clock, night.Store, night.Rules);
        var (efact, eattest) = Files(night, Path.Combine(_root, "in"));
        clock.Set(Brussels.At(night.Generator.RunDate, 1));
        var accepted = new InboxImport(store, rules, options, clock, Serilog.Core.Logger.None).ImportFiles([.. efact, .. eattest]).Files
            .Sum(f => f.AcceptedLines);
        clock.Set(Brussels.At(night.Generator.RunDate, 2));
        var pipeline = new RunPipeline(store, rules, options, clock, Serilog.Core.Logger.None);
        var run = pipeline.Start(RunScope.Nightly(night.Generator.RunDate));
        pipeline.ComputePartition(run.RunId, 0);
        pipeline.ComputePartition(run.RunId, 1);
        var computed = store.Partitions(run.RunId).Sum(p => p.Lines);
        Assert.True(computed > 0 && computed < accepted, $"{computed} of {accepted} lines computed");

        // The store as it stood before the migration: no work list; the migration made again, and after it the one that
        // keeps only the lines' ids (SQLite 0051, PostgreSQL and SQL Server 0025).
        var (version, ids) = storeKind == StoreKind.Sqlite ? (44, 51) : (18, 25);
        night.TestStore.Execute("DROP TABLE lines_to_compute");
        Assert.Equal(2, night.TestStore.Execute($"DELETE FROM schema_migrations WHERE version IN ({version}, {ids})"));
        Assert.Equal(new[] { version, ids }, store.Migrate(clock.GetCurrentInstant()).Select(n => int.Parse(n[..4])).ToArray());

        Assert.Equal(accepted - computed, Count(night, "SELECT COUNT(*) FROM lines_to_compute"));
        AssertExact(night);

        // The run goes on from it: every line computed once.
        foreach (var partition in store.PendingPartitions(run.RunId)) pipeline.ComputePartition(run.RunId, partition);
        while (pipeline.Advance(run.RunId) != RunPhase.Completed) { }
        Assert.Equal(accepted, store.Results(run.RunId).Count);
        Assert.Equal(0, Count(night, "SELECT COUNT(*) FROM lines_to_compute"));
        AssertExact(night);
    }
}

public sealed class LinesToComputeTestsOnSqlite() : LinesToComputeTests(StoreKind.Sqlite);

public sealed class LinesToComputeTestsOnPostgres() : LinesToComputeTests(StoreKind.Postgres);

public sealed class LinesToComputeTestsOnSqlServer() : LinesToComputeTests(StoreKind.SqlServer);
