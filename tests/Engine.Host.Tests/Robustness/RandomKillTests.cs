using System.Diagnostics;
using Xunit.Abstractions;
using System.Globalization;
using Engine.Host.Tests.ExactlyOnce;

namespace Engine.Host.Tests.Robustness;

/// <summary>
/// The real `engine run` killed (SIGKILL, from outside) at a random moment, not at a named crash point: inside a
/// commit, half-way through a file, while the runs lock is held. Started again it must end as a run never interrupted
/// (same files byte for byte, same rows) with every owed amount paid once and the ledger's unique indexes intact. On
/// both stores: the embedded SQLite file and PostgreSQL (a database cloned per iteration; ENGINE_TEST_POSTGRES, as the
/// other PostgreSQL tests). The delays come from a seeded generator (ENGINE_RANDOM_KILL_SEED, default below), so a
/// failing iteration is replayed with the same delays; the moment the process is at when the delay ends still varies
/// with the machine's load. CI runs a few iterations; ENGINE_RANDOM_KILLS=N runs N of each.
/// </summary>
[Collection("process-wide")]
public sealed class RandomKillTests(ITestOutputHelper log)
{
    private const int DefaultSeed = 20261206;

    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("ENGINE_RANDOM_KILL_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : DefaultSeed;

    private static int Iterations(int inCi) =>
        int.TryParse(Environment.GetEnvironmentVariable("ENGINE_RANDOM_KILLS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : inCi;

    /// <summary>How long the uninterrupted run takes on each store, process start included: the span the random moments are drawn from.</summary>
    private static readonly Dictionary<NightStore, Lazy<TimeSpan>> RunTime = new()
    {
        [NightStore.Sqlite] = new(() => TimeRun(NightStore.Sqlite)),
        [NightStore.Postgres] = new(() => TimeRun(NightStore.Postgres)),
    };

    private static TimeSpan TimeRun(NightStore store)
    {
        _ = NightRuns.UninterruptedOn(store);
        var (db, output, work) = NightRuns.Scenario(store, "random-timing");
        try
        {
            var watch = Stopwatch.StartNew();
            var exit = EngineProcess.Run(work, NightRuns.Environment(db, output), NightRuns.RunArgs(db));
            Assert.True(exit.Code == 0, exit.ToString());
            return watch.Elapsed;
        }
        finally
        {
            NightRuns.Drop(db);
        }
    }

    private static TimeSpan Moment(Random random, NightStore store) =>
        TimeSpan.FromMilliseconds(random.NextDouble() * RunTime[store].Value.TotalMilliseconds * 1.1);

    private static RunningEngine Start(NightDatabase db, string output, string work) =>
        new(work, NightRuns.Environment(db, output), NightRuns.RunArgs(db));

    private static void AssertEndsAsUninterrupted(NightDatabase db, string output, string work, string what)
    {
        var restarted = EngineProcess.Run(work, NightRuns.Environment(db, output), NightRuns.RunArgs(db));
        Assert.True(restarted.Code == 0, $"{what}: the restart failed: {restarted}");
        NightRuns.Settle(db);
        RunOutcome.Read(output, db).AssertSameAs(NightRuns.UninterruptedOn(db.Store), what);
        RunOutcome.AssertPaidExactlyOnce(db, [NightRuns.Pain001(output)]);
    }

    [SkippableTheory]
    [InlineData(NightStore.Sqlite)]
    [InlineData(NightStore.Postgres)]
    public void A_run_killed_at_random_moments_and_started_again_ends_as_a_run_never_interrupted(NightStore store)
    {
        NightRuns.Require(store);
        var random = new Random(Seed);
        var killedMidway = 0;
        var iterations = Iterations(inCi: 3);
        for (int i = 0; i < iterations; i++)
        {
            var delay = Moment(random, store);
            var (db, output, work) = NightRuns.Scenario(store, $"random-{Seed}-{i}");
            var what = $"{store}, iteration {i} (seed {Seed}), killed after {delay.TotalMilliseconds:0} ms";
            try
            {
                using (var engine = Start(db, output, work))
                {
                    Thread.Sleep(delay);
                    var killed = engine.Kill();
                    if (killed) killedMidway++;
                    var exit = engine.Wait();
                    log.WriteLine($"{store}, iteration {i}: {(killed ? "killed" : "had ended")} after {delay.TotalMilliseconds:0} ms of a {RunTime[store].Value.TotalMilliseconds:0} ms run");
                    Assert.True(exit.Code is 0 or 137, $"{what}: {exit}");
                }
                AssertEndsAsUninterrupted(db, output, work, what);
            }
            finally
            {
                NightRuns.Drop(db);
            }
        }
        // The moments are drawn over the run's duration: most fall while it runs (the rest after it ended, which is fine).
        Assert.True(killedMidway > 0 || iterations < 3, $"none of {iterations} kills fell while the run was running on {store} (run time {RunTime[store].Value})");
    }

    /// <summary>
    /// Two processes on one night: the second started while the first runs (it waits for the runs lock), then one of the
    /// two, drawn at random, killed at a random moment. The survivor finishes (or waits and then reproduces the finished
    /// run); a restart after both ends as one uninterrupted run.
    /// </summary>
    [SkippableTheory]
    [InlineData(NightStore.Sqlite)]
    [InlineData(NightStore.Postgres)]
    public void Two_processes_on_one_night_one_killed_at_a_random_moment_end_as_one_run_never_interrupted(NightStore store)
    {
        NightRuns.Require(store);
        var random = new Random(Seed + 1);
        var iterations = Iterations(inCi: 2);
        for (int i = 0; i < iterations; i++)
        {
            var second = Moment(random, store) / 2;
            var kill = Moment(random, store);
            var killFirst = random.Next(2) == 0;
            var (db, output, work) = NightRuns.Scenario(store, $"random-pair-{Seed}-{i}");
            var what = $"{store}, iteration {i} (seed {Seed + 1}): second started after {second.TotalMilliseconds:0} ms, " +
                       $"{(killFirst ? "first" : "second")} killed {kill.TotalMilliseconds:0} ms later";
            try
            {
                using (var a = Start(db, output, work))
                {
                    Thread.Sleep(second);
                    using var b = Start(db, output, work);
                    Thread.Sleep(kill);
                    var killed = killFirst ? a.Kill() : b.Kill();
                    var (exitA, exitB) = (a.Wait(), b.Wait());
                    var survivor = killFirst ? exitB : exitA;
                    log.WriteLine($"{what}: {(killed ? "killed" : "had ended")}");
                    Assert.True(survivor.Code == 0, $"{what}: the process not killed failed: {survivor}");
                    Assert.True((killFirst ? exitA : exitB).Code == (killed ? 137 : 0), $"{what}: {(killFirst ? exitA : exitB)}");
                }
                AssertEndsAsUninterrupted(db, output, work, what);
            }
            finally
            {
                NightRuns.Drop(db);
            }
        }
    }
}
