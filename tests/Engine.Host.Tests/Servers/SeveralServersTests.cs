using Dapper;
using Engine.Host.Tests.ExactlyOnce;
using Engine.Jobs.Runs;
using Engine.Jobs.Time;
using NodaTime.Text;

namespace Engine.Host.Tests.Servers;

/// <summary>
/// Several real `serve` processes sharing one night on one PostgreSQL database (docs/stores.md, "Several servers on one
/// night"): two servers write the same files as one, byte for byte; a server killed in the middle of the night leaves
/// it to the other, which finishes it, nothing paid twice; two servers' schedulers firing at the same moment start one
/// run. Needs ENGINE_TEST_POSTGRES (skipped without it, failed without it when CI=true).
/// </summary>
[Collection("process-wide")]
public sealed class SeveralServersTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly TimeSpan Within = TimeSpan.FromMinutes(3);

    /// <summary>The prepared night served by one `serve`: what every other scenario must end as.</summary>
    private static readonly Lazy<RunOutcome> OneServer = new(() =>
    {
        using var night = new ServersNight("one");
        night.Serve();
        WaitRegistered(night, 1);
        night.HandNight();
        night.WaitCompleted(PreparedNight.RunId, Within);
        night.StopServers();
        RunOutcome.AssertPaidExactlyOnce(night.Db, [night.Pain001]);
        return night.Outcome();
    });

    [SkippableFact]
    public void Two_servers_write_the_same_files_as_one_byte_for_byte()
    {
        PostgresNight.Server();
        var expected = OneServer.Value;
        using var night = new ServersNight("two");
        night.Serve();
        night.Serve();
        WaitRegistered(night, 2);
        night.HandNight();
        night.WaitCompleted(PreparedNight.RunId, Within);
        night.StopServers();

        // The night was shared: partitions processed by each of the two servers.
        using (var c = night.Db.Open())
        {
            var servers = c.Query<string>("""
                SELECT DISTINCT s.data::json->>'ServerId' FROM hangfire.state s JOIN hangfire.job j ON j.id = s.jobid
                WHERE s.name = 'Processing' AND j.invocationdata::json->>'Method' = 'Compute'
                """).AsList();
            Assert.True(servers.Count == 2, "partitions processed by " + string.Join(", ", servers));
        }
        var outcome = night.Outcome();
        Assert.Contains(outcome.Files.Keys, f => f.EndsWith(".pain001.xml", StringComparison.Ordinal));
        outcome.AssertSameAs(expected, "two servers");
        RunOutcome.AssertPaidExactlyOnce(night.Db, [night.Pain001]);
    }

    [SkippableFact]
    public void A_server_killed_in_the_middle_of_the_night_leaves_it_to_the_other_which_finishes_it_paying_nothing_twice()
    {
        PostgresNight.Server();
        var expected = OneServer.Value;
        using var night = new ServersNight("killed");
        // Both servers armed: the one that commits partition 5 kills itself there (SIGKILL, no finally, no flush), with
        // that partition's job fetched and never finished, and the other partitions it had fetched in progress. The
        // other server finds partition 5 committed when it takes its job again and goes on (a committed partition is
        // never committed twice, so the crash point is not reached a second time).
        var armed = new Dictionary<string, string> { [CrashPoints.Variable] = CrashPoints.PartitionDoneOf(5) };
        var servers = new[] { night.Serve(armed), night.Serve(armed) };
        WaitRegistered(night, 2);
        night.HandNight();
        // The run completed and partition 5's job, taken again by the other server, Succeeded. (Once, on a machine under a
        // load of 30, another job of the dead server whose partition it had committed stayed Processing for minutes: the
        // night does not wait for it, and this test does not either; see docs/servers.md.)
        night.WaitCompleted(PreparedNight.RunId, Within, mayDie: s => true,
            jobsDone: "j.invocationdata::json->>'Method' = 'Compute' AND (j.invocationdata::json->>'Arguments')::json->>1 = '5'");

        var dead = servers.Where(s => s.HasExited).ToList();
        Assert.True(dead.Count == 1, $"{dead.Count} servers stopped");
        var exit = dead[0].Wait();
        Assert.True(exit.Code == 137 && exit.Err.Contains("crash point partition-done-5 reached", StringComparison.Ordinal), exit.ToString());
        night.StopServers();

        using (var c = night.Db.Open())
        {
            // The dead server's fetched job became visible again after the invisibility timeout and the other server took
            // it: two Processing states of partition 5's job, by two servers.
            var partition5 = c.Query<string>("""
                SELECT s.data::json->>'ServerId' FROM hangfire.state s JOIN hangfire.job j ON j.id = s.jobid
                WHERE s.name = 'Processing' AND j.invocationdata::json->>'Method' = 'Compute'
                  AND (j.invocationdata::json->>'Arguments')::json->>1 = '5'
                ORDER BY s.id
                """).AsList();
            Assert.True(partition5.Distinct().Count() == 2, "partition 5 processed by " + string.Join(", ", partition5) + "; " + ServersNight.Jobs(c));
            // Each partition committed once, every item paid at most once, one payment per paid item.
            Assert.Equal(ServersNight.Partitions, c.ExecuteScalar<long>("SELECT COUNT(*) FROM run_partitions"));
            Assert.Equal(0L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM (SELECT item_kind, item_id FROM payment_items WHERE paid GROUP BY 1, 2 HAVING COUNT(*) > 1) x"));
        }
        // The pain.001 pays the run's payable total: the one server's file, byte for byte, and each payee's sum.
        night.Outcome().AssertSameAs(expected, "a server killed in the middle of the night");
        RunOutcome.AssertPaidExactlyOnce(night.Db, [night.Pain001]);
        var summary = RunSummary.FromJson(File.ReadAllText(Path.Combine(night.Output, PreparedNight.RunId, "summary.json")));
        var file = Engine.Jobs.Payments.Pain001Reader.ReadFile(night.Pain001);
        Assert.Equal(summary.PaidTotal, file.Blocks.SelectMany(b => b.Transactions).Aggregate(Engine.Core.Money.Money.Zero, (s, t) => s + t.Amount).ToString());
    }

    [SkippableFact]
    public void Two_servers_schedulers_firing_at_the_same_moments_start_one_run_for_the_date()
    {
        PostgresNight.Server();
        using var night = new ServersNight("schedulers");
        // Both servers' recurring nightly run fires every 5 seconds (a 6-field cron, seconds first): each firing is a
        // moment both schedulers see due at once.
        var everyFive = new Dictionary<string, string> { ["Engine__Nightly__Cron"] = "*/5 * * * * *", ["Engine__Nightly__TimeZone"] = "Europe/Brussels" };
        night.Serve(everyFive);
        night.Serve(everyFive);
        WaitRegistered(night, 2);
        // The date of the night is today on the servers' (fixed) clock, in Europe/Brussels.
        var date = InstantPattern.ExtendedIso.Parse(PostgresNight.Instance.AsOf).Value.InZone(Brussels.Zone).Date;
        var runId = RunIds.Nightly(date);

        using var c = night.Db.Open();
        var deadline = DateTime.UtcNow + Within;
        // The run completed, and two more firings after that found it completed.
        while (!(ServersNight.Phase(c, runId) == "completed" && c.ExecuteScalar<long>("""
                   SELECT COUNT(*) FROM hangfire.job j WHERE j.invocationdata::json->>'Method' = 'RunScheduled' AND j.statename = 'Succeeded'
                     AND j.createdat > (SELECT MAX(s.createdat) FROM hangfire.state s JOIN hangfire.job x ON x.id = s.jobid
                                        WHERE s.name = 'Succeeded' AND x.invocationdata::json->>'Method' = 'Advance')
                   """) >= 2))
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("the scheduled night did not complete: " + ServersNight.Jobs(c));
            Thread.Sleep(250);
        }
        night.StopServers();

        // Hangfire's scheduler (a distributed lock, then the recurring job's last execution moved on in one transaction):
        // one background job per firing, never two for one moment, whichever server's scheduler created it.
        var firings = c.Query<(string Time, long Jobs)>("""
            SELECT p.value, COUNT(*) FROM hangfire.jobparameter p JOIN hangfire.job j ON j.id = p.jobid
            WHERE p.name = 'Time' AND j.invocationdata::json->>'Method' = 'RunScheduled' GROUP BY p.value
            """).AsList();
        Assert.True(firings.Count >= 3, $"{firings.Count} firings");
        Assert.All(firings, f => Assert.True(f.Jobs == 1, $"firing {f.Time}: {f.Jobs} jobs"));
        // Our side: the runs lock and the run's id from its date make one run; a firing while it is in progress hands
        // nothing again (its partitions are queued or being worked on), a firing after it finds it completed.
        Assert.Equal([runId], c.Query<string>("SELECT run_id FROM runs").AsList());
        Assert.Equal(ServersNight.Partitions, c.ExecuteScalar<long>("SELECT COUNT(*) FROM hangfire.job WHERE invocationdata::json->>'Method' = 'Compute'"));
        var logs = night.Log(1) + night.Log(2);
        Assert.Contains($"Run {runId} is completed already", logs);
        // Whether a firing fell while the run was in progress depends on the machine's speed (the partitions' count above
        // is what proves nothing was handed twice); said when it did.
        output.WriteLine(logs.Contains($"Run {runId} is in progress already", StringComparison.Ordinal)
            ? "a firing found the run in progress and handed nothing out again" : "no firing fell while the run was in progress");
        RunOutcome.AssertPaidExactlyOnce(night.Db, [Path.Combine(night.Output, runId, runId + ".pain001.xml")]);
    }

    /// <summary>Waits until <paramref name="count"/> servers are registered in Hangfire's tables (each polls the queue from then on).</summary>
    private static void WaitRegistered(ServersNight night, int count)
    {
        var deadline = DateTime.UtcNow + Within;
        while (true)
        {
            try
            {
                using var c = night.Db.Open();
                if (c.ExecuteScalar<long>("SELECT COUNT(*) FROM hangfire.server") >= count) return;
            }
            catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.UndefinedTable)
            {
                // The first server has not created Hangfire's schema yet.
            }
            Assert.True(DateTime.UtcNow < deadline, $"{count} servers did not register in {Within.TotalSeconds:0} s");
            Thread.Sleep(250);
        }
    }
}
