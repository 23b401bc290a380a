using Engine.Host.Tests.ExactlyOnce;

namespace Engine.Host.Tests.Robustness;

/// <summary>
/// Runs of one database at the same time, as real processes (issue 15: one died on a temporary file the other removed;
/// runs of two dates died on a unique constraint). A second run waits for the runs lock and then continues or
/// reproduces the first; with Engine:Run:LockWaitSeconds elapsed it is refused with exit code 4, nothing done.
/// </summary>
[Collection("process-wide")]
public sealed class ConcurrentRunTests
{
    private static Dictionary<string, string> Environment(string output, int? lockWait = null)
    {
        var environment = KillAndRestartTests.NightEnvironment(output);
        if (lockWait is { } seconds) environment["Engine__Run__LockWaitSeconds"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return environment;
    }

    [Fact]
    public void Two_runs_of_one_date_started_together_both_end_well_and_pay_once_as_one_run()
    {
        var expected = KillAndRestartTests.Uninterrupted.Value;
        var (db, output, work) = KillAndRestartTests.Scenario("concurrent-same-date");
        using var a = new RunningEngine(work, Environment(output), KillAndRestartTests.RunArgs(db));
        using var b = new RunningEngine(work, Environment(output), KillAndRestartTests.RunArgs(db));
        var (exitA, exitB) = (a.Wait(), b.Wait());
        Assert.True(exitA.Code == 0, exitA.ToString());
        Assert.True(exitB.Code == 0, exitB.ToString());
        // The one that waited reproduced the other's run: the same totals printed.
        Assert.Equal(exitA.Out, exitB.Out);
        PreparedNight.Checkpoint(db);
        RunOutcome.Read(output, db).AssertSameAs(expected, "two runs of one date at once");
        RunOutcome.AssertPaidExactlyOnce(db, [Path.Combine(output, PreparedNight.RunId, PreparedNight.RunId + ".pain001.xml")]);
    }

    [Fact]
    public void Runs_of_two_dates_started_together_both_end_well_and_pay_each_item_once()
    {
        var (db, output, work) = KillAndRestartTests.Scenario("concurrent-two-dates");
        var next = PreparedNight.Date.PlusDays(1).ToString("yyyy-MM-dd", null);
        using var a = new RunningEngine(work, Environment(output), KillAndRestartTests.RunArgs(db));
        using var b = new RunningEngine(work, Environment(output), KillAndRestartTests.RunArgs(db, next));
        var (exitA, exitB) = (a.Wait(), b.Wait());
        Assert.True(exitA.Code == 0, exitA.ToString());
        Assert.True(exitB.Code == 0, exitB.ToString());
        PreparedNight.Checkpoint(db);
        var pains = new[] { PreparedNight.RunId, Engine.Jobs.Runs.RunIds.Nightly(PreparedNight.Date.PlusDays(1)) }
            .Select(id => Path.Combine(output, id, id + ".pain001.xml")).Where(File.Exists).ToList();
        Assert.NotEmpty(pains);
        RunOutcome.AssertPaidExactlyOnce(db, pains);
    }

    [Fact]
    public void A_run_that_finds_the_runs_lock_taken_waits_for_it_or_is_refused_with_exit_code_4_having_done_nothing()
    {
        var (db, output, work) = KillAndRestartTests.Scenario("concurrent-lock");
        // The lock as another engine holds it (SQLite store: an exclusive lock on "<database>.runs.lock").
        var held = new FileStream(db + ".runs.lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        try
        {
            var refused = EngineProcess.Run(work, Environment(output, lockWait: 0), KillAndRestartTests.RunArgs(db));
            Assert.True(refused.Code == 4, refused.ToString());
            Assert.Contains("another run of this database is in progress", refused.Err);
            Assert.Single(refused.Err.Trim().Split('\n'));
            using (var c = PreparedNight.Open(db))
                Assert.Equal(0L, Dapper.SqlMapper.ExecuteScalar<long>(c, "SELECT COUNT(*) FROM runs"));
            Assert.False(Directory.Exists(output));

            using var waiting = new RunningEngine(work, Environment(output, lockWait: 120), KillAndRestartTests.RunArgs(db));
            Thread.Sleep(TimeSpan.FromSeconds(3));
            Assert.False(waiting.HasExited, "the second run did not wait for the lock");
            held.Dispose();
            var exit = waiting.Wait();
            Assert.True(exit.Code == 0, exit.ToString());
            Assert.Contains("waiting for it to finish", exit.Err);
        }
        finally
        {
            held.Dispose();
        }
        PreparedNight.Checkpoint(db);
        RunOutcome.Read(output, db).AssertSameAs(KillAndRestartTests.Uninterrupted.Value, "a run that waited for the lock");
    }
}
