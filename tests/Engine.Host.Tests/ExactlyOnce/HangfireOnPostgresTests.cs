using Dapper;
using Engine.Host.Hosting;
using Engine.Jobs.Runs;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace Engine.Host.Tests.ExactlyOnce;

/// <summary>
/// With the PostgreSQL store, Hangfire keeps its jobs in PostgreSQL (schema `hangfire` of the store's database): two real
/// `serve` processes on one database share the prepared night's jobs, the night completes, every job went through the
/// PostgreSQL tables to Succeeded, and no job (the night's start, a partition, a phase) was worked on twice.
/// Needs ENGINE_TEST_POSTGRES (skipped without it, failed without it when CI=true).
/// </summary>
[Collection("process-wide")]
public sealed class HangfireOnPostgresTests
{
    private const string Never = "0 0 1 1 *"; // 1 January at midnight: the recurring jobs stay out of the test's way.

    [SkippableFact]
    public void Two_servers_on_one_PostgreSQL_database_run_the_night_once_through_the_Hangfire_tables()
    {
        PostgresNight.Server();
        var db = PostgresNight.Instance.CopyDatabase("hangfire");
        var work = Path.Combine(PreparedNight.Instance.Root, "scenarios", "postgres-hangfire");
        Directory.CreateDirectory(work);
        var output = Path.Combine(work, "output");
        var environment = new Dictionary<string, string>(db.Environment)
        {
            ["Engine__OutputFolder"] = output,
            ["Engine__Run__Partitions"] = "4",
            ["Engine__Workers"] = "2",
            ["Engine__Nightly__Cron"] = Never,
            ["Engine__Nightly__InboxCron"] = Never,
            ["Engine__InboxFolder"] = Path.Combine(work, "inbox"),
        };
        try
        {
            using var first = new RunningEngine(work, environment, ["serve"]);
            using var second = new RunningEngine(work, environment, ["serve"]);

            // The night handed to Hangfire from a third host that runs no server: only the two `serve` can work it.
            using (var client = EngineHost.Build(new EngineHost.Settings(null, new Dictionary<string, string?>
                   {
                       ["Engine:Database:Provider"] = "postgres",
                       ["Engine:Database:ConnectionString"] = db.Location,
                   }, HangfireServer: false)))
            {
                client.Services.GetRequiredService<IBackgroundJobClient>()
                    .Enqueue<NightlyRunJob>(j => j.Run(PreparedNight.RunDate));
            }

            using var c = db.Open();
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (!Done(c))
            {
                if (first.HasExited || second.HasExited) Assert.Fail("a server stopped: " + (first.HasExited ? first.Wait() : second.Wait()));
                Assert.True(DateTime.UtcNow < deadline, "the night did not complete through Hangfire in 3 minutes: " +
                    string.Join(", ", c.Query<string>("SELECT id || ' ' || statename FROM hangfire.job ORDER BY id")));
                Thread.Sleep(250);
            }

            // One start, 4 partitions, then the phases (at least one job): each Succeeded, each processed exactly once.
            var jobs = c.Query<(long Id, string Invocation)>("SELECT id, invocationdata FROM hangfire.job ORDER BY id").AsList();
            Assert.Single(jobs, j => j.Invocation.Contains("\"Run\""));
            Assert.Equal(4, jobs.Count(j => j.Invocation.Contains("\"Compute\"")));
            Assert.Contains(jobs, j => j.Invocation.Contains("\"Advance\""));
            var processedTwice = c.Query<long>(
                "SELECT jobid FROM hangfire.state WHERE name = 'Processing' GROUP BY jobid HAVING COUNT(*) > 1").AsList();
            Assert.True(processedTwice.Count == 0, "jobs worked on twice: " + string.Join(", ", processedTwice));
            // The two servers registered themselves in the same Hangfire tables.
            Assert.True(c.ExecuteScalar<long>("SELECT COUNT(*) FROM hangfire.server") >= 2, "both servers share the Hangfire tables");

            // The night's payments: each accepted line paid once, in the one pain.001 of the night.
            RunOutcome.AssertPaidExactlyOnce(db, [Path.Combine(output, PreparedNight.RunId, PreparedNight.RunId + ".pain001.xml")]);
            Assert.Equal(1, c.ExecuteScalar<long>("SELECT COUNT(*) FROM runs"));
        }
        finally
        {
            PostgresNight.Instance.Drop(db);
        }
    }

    /// <summary>The run completed and no Hangfire job is left in any other state than Succeeded.</summary>
    private static bool Done(System.Data.Common.DbConnection c) =>
        c.ExecuteScalar<string>("SELECT phase FROM runs WHERE run_id = @id", new { id = PreparedNight.RunId }) == "completed"
        && c.ExecuteScalar<long>("SELECT COUNT(*) FROM hangfire.job WHERE statename IS DISTINCT FROM 'Succeeded'") == 0;
}
