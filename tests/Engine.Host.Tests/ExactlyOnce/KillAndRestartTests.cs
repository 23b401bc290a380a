using Dapper;
using Engine.Jobs.Runs;

namespace Engine.Host.Tests.ExactlyOnce;

/// <summary>
/// The real `engine run` is killed (SIGKILL, from inside, at a named crash point) and started again; the outcome must
/// be that of a run never interrupted, on a copy of the same database: same files byte for byte, same rows, every
/// accepted line's amount paid exactly once. A second start of a completed run changes nothing.
/// </summary>
[Collection("process-wide")]
public sealed class KillAndRestartTests
{
    internal static readonly Lazy<RunOutcome> Uninterrupted = new(() =>
    {
        var (db, output, work) = Scenario("uninterrupted");
        var exit = Engine(work, db, output, crashAt: null);
        Assert.True(exit.Code == 0, exit.ToString());
        return RunOutcome.Read(output, db);
    });

    private static PreparedNight Night => PreparedNight.Instance;

    internal static (string Db, string Output, string Work) Scenario(string name)
    {
        var work = Path.Combine(Night.Root, "scenarios", name);
        var db = Night.CopyDatabase(work);
        return (db, Path.Combine(work, "output"), work);
    }

    private static EngineProcess.Exit Engine(string work, string db, string output, string? crashAt)
    {
        var environment = NightEnvironment(output);
        if (crashAt is not null) environment[CrashPoints.Variable] = crashAt;
        return EngineProcess.Run(work, environment, RunArgs(db));
    }

    /// <summary>The environment of the night's runs: their own output folder, three partitions (a crash can fall between two).</summary>
    internal static Dictionary<string, string> NightEnvironment(string output) => new()
    {
        ["Engine__OutputFolder"] = output,
        ["Engine__Run__Partitions"] = "3",
    };

    /// <summary>`run` of the prepared night's date (confirmed: it is in 2024), as of the night's fixed instant.</summary>
    internal static string[] RunArgs(string db, string? date = null) =>
        ["run", "--date", date ?? PreparedNight.RunDate, "--confirm-date", date ?? PreparedNight.RunDate, "--as-of", Night.AsOf, "--database", db];

    [Theory]
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
        var expected = Uninterrupted.Value;
        var (db, output, work) = Scenario(crashPoint);

        var killed = Engine(work, db, output, crashPoint);
        Assert.True(killed.Code == 137, $"expected a SIGKILL (137) at {crashPoint}: {killed}");
        Assert.Contains($"crash point {crashPoint} reached", killed.Err);
        using (var c = PreparedNight.Open(db)) AssertStateAtCrash(crashPoint, c, Path.Combine(output, PreparedNight.RunId));

        var restarted = Engine(work, db, output, crashAt: null);
        Assert.True(restarted.Code == 0, restarted.ToString());
        var outcome = RunOutcome.Read(output, db);
        outcome.AssertSameAs(expected, $"after a crash at {crashPoint}");
        RunOutcome.AssertPaidExactlyOnce(db, [Path.Combine(output, PreparedNight.RunId, PreparedNight.RunId + ".pain001.xml")]);

        // Once more: a completed run is reproduced and pays nothing new.
        Assert.Equal(0, Engine(work, db, output, crashAt: null).Code);
        RunOutcome.Read(output, db).AssertSameAs(expected, $"a third start after a crash at {crashPoint}");
    }

    /// <summary>The process did stop where it was told: what is on disk and in the database (either store) is exactly that far.</summary>
    internal static void AssertStateAtCrash(string crashPoint, System.Data.Common.DbConnection c, string folder)
    {
        var phase = c.ExecuteScalar<string>("SELECT phase FROM runs WHERE run_id = @id", new { id = PreparedNight.RunId });
        var partitions = c.ExecuteScalar<long>("SELECT COUNT(*) FROM run_partitions");
        var decided = c.ExecuteScalar<long>("SELECT COUNT(*) FROM run_items WHERE outcome <> 'pending'");
        var payments = c.ExecuteScalar<long>("SELECT COUNT(*) FROM payments");
        bool Exists(string suffix) => File.Exists(Path.Combine(folder, PreparedNight.RunId + suffix));
        var temp = Directory.Exists(folder) && Directory.EnumerateFiles(folder, ".*.tmp").Any();
        var expected = crashPoint switch
        {
            "partition-done-0" or "partition-done-1" => "started",
            CrashPoints.ResultsSaved => "computed",
            CrashPoints.ItemsClaimed => "claimed",
            CrashPoints.Completed => "completed",
            _ => "decided",
        };
        Assert.Equal(expected, phase);
        Assert.Equal(crashPoint == CrashPoints.Completed, payments > 0);
        Assert.Equal(expected is "started" or "computed" or "claimed", decided == 0);
        switch (crashPoint)
        {
            case "partition-done-0":
            case "partition-done-1":
                Assert.Equal(long.Parse(crashPoint[^1..]) + 1, partitions);
                Assert.False(Directory.Exists(folder));
                break;
            case CrashPoints.ResultsSaved:
            case CrashPoints.ItemsClaimed:
            case CrashPoints.ItemsDecided:
                Assert.Equal(3, partitions);
                Assert.False(Directory.Exists(folder));
                break;
            case CrashPoints.RemittanceWritten:
                Assert.True(Exists(".remittance.csv.sha256") && !Exists(".held-back.csv"));
                break;
            case CrashPoints.HeldBackWritten:
                Assert.True(Exists(".held-back.csv.sha256") && !temp && !Exists(".pain001.xml"));
                break;
            case CrashPoints.Pain001TempWritten:
                Assert.True(temp && !Exists(".pain001.xml"), "the pain.001 is only in its temporary file");
                break;
            case CrashPoints.Pain001Renamed:
                Assert.True(Exists(".pain001.xml") && !Exists(".pain001.xml.sha256"));
                break;
            case CrashPoints.Pain001Written:
                Assert.True(Exists(".pain001.xml.sha256") && !File.Exists(Path.Combine(folder, "summary.json")));
                break;
            case CrashPoints.SummaryWritten:
                Assert.True(File.Exists(Path.Combine(folder, "summary.json")) && payments == 0);
                break;
        }
    }
}
