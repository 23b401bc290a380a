using Dapper;

namespace Engine.Host.Tests.ExactlyOnce;

/// <summary>The demo's run as Hangfire jobs: one worker and one partition, or four workers sharing seven partitions, write the same bytes.</summary>
[Collection("process-wide")]
public sealed class WorkersTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("engine-workers-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Demo(string name, int workers, int partitions)
    {
        var folder = Path.Combine(_root, name);
        var config = Path.Combine(_root, name + ".json");
        File.WriteAllText(config, $$"""{ "Engine": { "Workers": {{workers}}, "Run": { "Partitions": {{partitions}} } } }""");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Program.Run(["demo", "--out", folder, "--members", "400", "--lines", "1500", "--seed", "11", "--config", config], stdout, stderr);
        Assert.True(code == 0, $"{stdout}\n{stderr}");
        Assert.Contains($"job 1, {partitions} partition jobs and one job per phase on {workers} workers: run completed", stdout.ToString());
        return folder;
    }

    [Fact]
    public void Four_workers_sharing_seven_partitions_write_the_same_files_as_one_worker_with_one_partition()
    {
        var one = Demo("one", workers: 1, partitions: 1);
        var four = Demo("four", workers: 4, partitions: 7);

        var oneRuns = Path.Combine(one, "runs");
        var fourRuns = Path.Combine(four, "runs");
        // Two demos are two stores: each output folder names its own (OutputFolderOwner), every run file is the same.
        List<string> RunFiles(string runs) => Directory.GetFiles(runs, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != Engine.Jobs.Runs.OutputFolderOwner.MarkerName).Select(f => Path.GetRelativePath(runs, f)).Order().ToList();
        var files = RunFiles(oneRuns);
        Assert.Equal(files, RunFiles(fourRuns));
        Assert.NotEqual(File.ReadAllText(Path.Combine(oneRuns, ".engine-store")), File.ReadAllText(Path.Combine(fourRuns, ".engine-store")));
        Assert.Contains(files, f => f.EndsWith(".pain001.xml", StringComparison.Ordinal));
        foreach (var f in files)
            Assert.True(File.ReadAllBytes(Path.Combine(oneRuns, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(fourRuns, f))), $"{f} differs");

        PreparedNight.Checkpoint(Path.Combine(four, "engine.db"));
        using var c = PreparedNight.Open(Path.Combine(four, "engine.db"));
        Assert.Equal((7L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM line_results")), c.QueryFirst<(long, long)>("SELECT COUNT(*), SUM(lines) FROM run_partitions"));
        // Every partition had lines of its own (the households spread over all of them).
        Assert.Equal(0L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM run_partitions WHERE lines = 0"));
        Assert.Equal(0L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM run_items WHERE outcome = 'pending'"));
    }
}
