using Engine.Jobs.Replay;

namespace Engine.Jobs.Tests.Replay;

/// <summary>
/// Replay's scratch stores (<see cref="ReplayScratch"/>): removed when done; what a killed replay left is removed by the
/// next one; what a replay running now uses is never touched.
/// </summary>
public sealed class ReplayScratchTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("engine-replay-scratch-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string[] Files() => Directory.EnumerateFiles(_folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    [Fact]
    public void A_scratch_store_leaves_nothing_once_disposed()
    {
        using (var scratch = ReplayScratch.Create(_folder))
        {
            scratch.Store.Migrate(NodaTime.Instant.FromUtc(2026, 12, 7, 0, 0));
            // The database, its write-ahead log and shared memory, and the lock.
            Assert.Contains(Files(), f => f.EndsWith(".db", StringComparison.Ordinal));
            Assert.Contains(Files(), f => f.EndsWith(".lock", StringComparison.Ordinal));
        }
        Assert.Empty(Files());
    }

    [Fact]
    public void The_files_of_a_replay_that_died_are_removed_and_those_of_a_replay_running_now_are_kept()
    {
        foreach (var left in new[] { ".db", ".db-wal", ".db-shm", ".lock" }) File.WriteAllText(Path.Combine(_folder, "engine-replay-dead" + left), "left");
        File.WriteAllText(Path.Combine(_folder, "someone-else.db"), "not ours");
        using var running = ReplayScratch.Create(_folder);
        running.Store.Migrate(NodaTime.Instant.FromUtc(2026, 12, 7, 0, 0));
        var inUse = Files().Where(f => f.StartsWith("engine-replay-", StringComparison.Ordinal)).ToArray();
        Assert.DoesNotContain(inUse, f => f.Contains("dead", StringComparison.Ordinal));

        // Another sweep while it runs (a second replay starting) leaves it alone.
        Assert.Equal(0, ReplayScratch.Sweep(_folder));
        Assert.Equal(inUse.Append("someone-else.db").Order(StringComparer.Ordinal), Files());
    }

    [Fact]
    public void The_scratch_folder_is_the_temporary_folder_unless_one_is_configured()
    {
        Assert.Equal(Path.GetTempPath(), ReplayScratch.Folder(""));
        Assert.Equal(Path.GetFullPath("scratch"), ReplayScratch.Folder("scratch"));
    }
}
