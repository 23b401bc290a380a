using Dapper;

namespace Engine.Host.Tests.ExactlyOnce;

/// <summary>The demo's run as Hangfire jobs: one worker and one chunk, or four workers sharing six chunks, write the same bytes.</summary>
[Collection("process-wide")]
public sealed class WorkersTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("engine-workers-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Demo(string name, int workers, int chunks)
    {
        var folder = Path.Combine(_root, name);
        var config = Path.Combine(_root, name + ".json");
        File.WriteAllText(config, $$"""{ "Engine": { "Workers": {{workers}}, "Run": { "ChunkCount": {{chunks}} } } }""");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Program.Run(["demo", "--out", folder, "--members", "400", "--lines", "1500", "--seed", "11", "--config", config], stdout, stderr);
        Assert.True(code == 0, $"{stdout}\n{stderr}");
        Assert.Contains($"on {workers} workers: run completed", stdout.ToString());
        return folder;
    }

    [Fact]
    public void Four_workers_sharing_six_chunks_write_the_same_files_as_one_worker_with_one_chunk()
    {
        var one = Demo("one", workers: 1, chunks: 1);
        var four = Demo("four", workers: 4, chunks: 6);

        var oneRuns = Path.Combine(one, "runs");
        var fourRuns = Path.Combine(four, "runs");
        var files = Directory.GetFiles(oneRuns, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(oneRuns, f)).Order().ToList();
        Assert.Equal(files, Directory.GetFiles(fourRuns, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(fourRuns, f)).Order());
        Assert.Contains(files, f => f.EndsWith(".pain001.xml", StringComparison.Ordinal));
        foreach (var f in files)
            Assert.True(File.ReadAllBytes(Path.Combine(oneRuns, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(fourRuns, f))), $"{f} differs");

        PreparedNight.Checkpoint(Path.Combine(four, "engine.db"));
        using var c = PreparedNight.Open(Path.Combine(four, "engine.db"));
        Assert.Equal((6L, 6L), c.QueryFirst<(long, long)>("SELECT COUNT(*), SUM(status = 'done') FROM run_chunks"));
        Assert.Equal(0L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM run_items WHERE outcome = 'pending'"));
    }
}
