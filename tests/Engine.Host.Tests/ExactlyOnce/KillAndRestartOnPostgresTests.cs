using Dapper;
using Engine.Jobs.Runs;

namespace Engine.Host.Tests.ExactlyOnce;

/// <summary>
/// On the PostgreSQL store (KillAndRestartTests is the same on SQLite): the real `engine run` is killed (SIGKILL, from inside, at a named crash point) and started again; the outcome must
/// be that of a run never interrupted, on a copy of the same database: same files byte for byte, same rows, every
/// accepted line's amount paid exactly once. A second start of a completed run changes nothing.
/// </summary>
[Collection("process-wide")]
public sealed class KillAndRestartOnPostgresTests
{
    private static EngineProcess.Exit Engine(string work, NightDatabase db, string output, string? crashAt)
    {
        var environment = NightRuns.Environment(db, output);
        if (crashAt is not null) environment[CrashPoints.Variable] = crashAt;
        return EngineProcess.Run(work, environment, NightRuns.RunArgs(db));
    }

    [SkippableTheory]
    [InlineData("partition-done-0")]
    [InlineData("partition-done-1")]
    [InlineData(CrashPoints.ResultsSaved)]
    [InlineData(CrashPoints.ItemsClaimed)]
    [InlineData(CrashPoints.ItemsDecided)]
    [InlineData(CrashPoints.RemittanceWritten)]
    [InlineData(CrashPoints.HeldBackWritten)]
    [InlineData(CrashPoints.Pain001TempWritten)]
    [InlineData(CrashPoints.Pain001Renamed)]
    [InlineData(CrashPoints.Pain001Written)]
    [InlineData(CrashPoints.SummaryWritten)]
    [InlineData(CrashPoints.Completed)]
    public void A_run_killed_at_a_crash_point_and_started_again_ends_as_a_run_never_interrupted(string crashPoint)
    {
        NightRuns.Require(NightStore.Postgres);
        var expected = NightRuns.UninterruptedOn(NightStore.Postgres);
        var (db, output, work) = NightRuns.Scenario(NightStore.Postgres, crashPoint);
        try
        {
            var killed = Engine(work, db, output, crashPoint);
            Assert.True(killed.Code == 137, $"expected a SIGKILL (137) at {crashPoint}: {killed}");
            Assert.Contains($"crash point {crashPoint} reached", killed.Err);
            using (var c = db.Open()) KillAndRestartTests.AssertStateAtCrash(crashPoint, c, Path.Combine(output, PreparedNight.RunId));

            var restarted = Engine(work, db, output, crashAt: null);
            Assert.True(restarted.Code == 0, restarted.ToString());
            var outcome = RunOutcome.Read(output, db);
            outcome.AssertSameAs(expected, $"after a crash at {crashPoint}");
            RunOutcome.AssertPaidExactlyOnce(db, [NightRuns.Pain001(output)]);

            // Once more: a completed run is reproduced and pays nothing new.
            Assert.Equal(0, Engine(work, db, output, crashAt: null).Code);
            RunOutcome.Read(output, db).AssertSameAs(expected, $"a third start after a crash at {crashPoint}");
        }
        finally
        {
            NightRuns.Drop(db);
        }
    }
}
