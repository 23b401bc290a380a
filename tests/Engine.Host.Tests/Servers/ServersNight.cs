using System.Data.Common;
using Dapper;
using Engine.Host.Hosting;
using Engine.Host.Tests.ExactlyOnce;
using Engine.Jobs.Runs;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace Engine.Host.Tests.Servers;

/// <summary>
/// The prepared night (<see cref="PostgresNight"/>) served by real `serve` processes on one PostgreSQL database (a clone
/// of the night's per scenario): each server a process of its own with its own working folder (its log), all of them
/// writing the one output folder, all with their clock fixed at the night's as-of instant (`serve --as-of`) so that two
/// scenarios write the same bytes. The night is handed to Hangfire from a host that runs no server.
/// </summary>
public sealed class ServersNight : IDisposable
{
    /// <summary>1 January at midnight: a recurring job that stays out of the test's way.</summary>
    public const string Never = "0 0 1 1 *";
    /// <summary>Partitions of every scenario's night: enough for two servers of two workers each to share.</summary>
    public const int Partitions = 12;

    private readonly List<RunningEngine> _servers = [];

    public NightDatabase Db { get; }
    public string Work { get; }
    public string Output => Path.Combine(Work, "output");
    public string Outbox => Path.Combine(Work, "outbox");

    public ServersNight(string name)
    {
        PostgresNight.Server();
        Db = PostgresNight.Instance.CopyDatabase(name);
        Work = Path.Combine(PreparedNight.Instance.Root, "scenarios", "servers-" + name);
        if (Directory.Exists(Work)) Directory.Delete(Work, recursive: true);
        Directory.CreateDirectory(Work);
    }

    /// <summary>Starts one more `serve` on the night's database (its own folder, server-N), with <paramref name="extra"/> settings on top.</summary>
    public RunningEngine Serve(IReadOnlyDictionary<string, string>? extra = null)
    {
        var folder = Path.Combine(Work, $"server-{_servers.Count + 1}");
        Directory.CreateDirectory(folder);
        var environment = new Dictionary<string, string>(Db.Environment)
        {
            ["Engine__OutputFolder"] = Output,
            ["Engine__OutboxFolder"] = Outbox,
            ["Engine__InboxFolder"] = Path.Combine(Work, "inbox"),
            ["Engine__ArchiveFolder"] = Path.Combine(Work, "archive"),
            ["Engine__Run__Partitions"] = Partitions.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Engine__Workers"] = "2",
            ["Engine__Nightly__Cron"] = Never,
            ["Engine__Nightly__InboxCron"] = Never,
            ["Engine__Hangfire__InvisibilityTimeout"] = "00:00:10",
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string>()) environment[k] = v;
        var server = new RunningEngine(folder, environment, "serve", "--as-of", PostgresNight.Instance.AsOf);
        _servers.Add(server);
        return server;
    }

    /// <summary>The prepared night's run (its date) handed to Hangfire from a host that runs no server: only the `serve`s work it.</summary>
    public void HandNight()
    {
        using var client = EngineHost.Build(new EngineHost.Settings(null, new Dictionary<string, string?>
        {
            ["Engine:Database:Provider"] = "postgres",
            ["Engine:Database:ConnectionString"] = Db.Location,
        }, HangfireServer: false));
        client.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<NightlyRunJob>(j => j.Run(PreparedNight.RunDate));
    }

    /// <summary>
    /// Waits until the run of <paramref name="runId"/> is completed and every Hangfire job Succeeded. A server that stops
    /// fails the test, unless it is one the test expects to die (<paramref name="mayDie"/>).
    /// </summary>
    /// <param name="jobsDone">Which jobs must have Succeeded (SQL condition on hangfire.job j); default every job.</param>
    public void WaitCompleted(string runId, TimeSpan within, Func<RunningEngine, bool>? mayDie = null, string jobsDone = "TRUE")
    {
        using var c = Db.Open();
        var deadline = DateTime.UtcNow + within;
        while (!(Phase(c, runId) == "completed"
                 && c.ExecuteScalar<long>($"SELECT COUNT(*) FROM hangfire.job j WHERE j.statename IS DISTINCT FROM 'Succeeded' AND ({jobsDone})") == 0))
        {
            foreach (var s in _servers.Where(s => s.HasExited && !(mayDie?.Invoke(s) ?? false)))
                Assert.Fail("a server stopped: " + s.Wait());
            if (DateTime.UtcNow > deadline) Assert.Fail($"the night did not complete through Hangfire in {within.TotalSeconds:0} s: " + Jobs(c));
            Thread.Sleep(250);
        }
    }

    public static string? Phase(DbConnection c, string runId) =>
        c.ExecuteScalar<string>("SELECT phase FROM runs WHERE run_id = @runId", new { runId });

    public static string Jobs(DbConnection c) =>
        string.Join(", ", c.Query<string>("SELECT id || ' ' || statename || ' ' || left(invocationdata::text, 160) FROM hangfire.job ORDER BY id"));

    /// <summary>Every server killed (SIGKILL); the outcome read afterwards is what they left.</summary>
    public void StopServers()
    {
        foreach (var s in _servers) s.Kill();
        foreach (var s in _servers) s.Wait();
    }

    /// <summary>Every file the servers wrote (run folder and outbox; the store marker and the logs aside) and the run's rows.</summary>
    public RunOutcome Outcome()
    {
        var read = RunOutcome.Read(Output, Db);
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (name, bytes) in read.Files.Where(f => Path.GetFileName(f.Key) != OutputFolderOwner.MarkerName))
            files["output/" + name] = bytes;
        if (Directory.Exists(Outbox))
            foreach (var f in Directory.EnumerateFiles(Outbox, "*", SearchOption.AllDirectories))
                files["outbox/" + Path.GetRelativePath(Outbox, f).Replace('\\', '/')] = File.ReadAllBytes(f);
        return new RunOutcome(files, read.Rows);
    }

    public string Pain001 => Path.Combine(Output, PreparedNight.RunId, PreparedNight.RunId + ".pain001.xml");

    /// <summary>What a server logged (its rolling file in its own folder).</summary>
    public string Log(int server)
    {
        var logs = Path.Combine(Work, $"server-{server}", "logs");
        return Directory.Exists(logs) ? string.Concat(Directory.EnumerateFiles(logs).Order().Select(File.ReadAllText)) : "";
    }

    public void Dispose()
    {
        foreach (var s in _servers) s.Dispose();
        PostgresNight.Instance.Drop(Db);
    }
}
