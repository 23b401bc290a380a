using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Engine.Host.Hosting;
using Engine.Host.Web.Dashboard;
using Engine.Jobs;
using Engine.Jobs.Rules;
using Engine.Jobs.Runs;
using Engine.Jobs.Time;
using Engine.Tests.Shared;
using NodaTime;

namespace Engine.Host.Tests.Operations;

/// <summary>
/// Real `serve` processes (SQLite store, Hangfire in memory, a free port) answering HTTP: the dashboard only to the
/// configured users, read-only for auditors, not served without users; /health on a fresh store and on a store whose
/// last nightly run is long past.
/// </summary>
public sealed class ServeOperationsTests : IDisposable
{
    private const string Never = "0 0 1 1 *"; // 1 January at midnight: the recurring jobs stay out of the test's way.
    private readonly string _root = Directory.CreateTempSubdirectory("engine-serve-ops-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string NewStore()
    {
        var db = Path.Combine(_root, "engine.db");
        StoreFactory.Create(new DatabaseOptions { ConnectionString = $"Data Source={db}" }).Migrate(Brussels.At(new LocalDate(2024, 3, 4), 12));
        return db;
    }

    private Dictionary<string, string> Environment(string db) => new()
    {
        ["Engine__Database__ConnectionString"] = $"Data Source={db}",
        ["Engine__OutputFolder"] = Path.Combine(_root, "output"),
        ["Engine__InboxFolder"] = Path.Combine(_root, "inbox"),
        ["Engine__ArchiveFolder"] = Path.Combine(_root, "archive"),
        ["Engine__OutboxFolder"] = Path.Combine(_root, "outbox"),
        ["Engine__Nightly__Cron"] = Never,
        ["Engine__Nightly__InboxCron"] = Never,
    };

    private static HttpClient Client(Uri address, string? user = null, string? password = null)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true })
        {
            BaseAddress = address, Timeout = TimeSpan.FromSeconds(30),
        };
        if (user is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return client;
    }

    /// <summary>Hangfire's POST to trigger recurring jobs, with the antiforgery token its pages carry (and its cookie).</summary>
    private static HttpStatusCode Trigger(HttpClient client, string page, string job)
    {
        var token = Regex.Match(page, "<meta name=\"csrf-token\" content=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(token);
        using var request = new HttpRequestMessage(HttpMethod.Post, "hangfire/recurring/trigger")
        {
            Content = new FormUrlEncodedContent([new KeyValuePair<string, string>("jobs[]", job)]),
        };
        request.Headers.Add("RequestVerificationToken", token);
        return client.Send(request).StatusCode;
    }

    [Fact]
    public void The_dashboard_opens_only_to_configured_users_and_auditors_change_nothing()
    {
        var db = NewStore();
        var environment = Environment(db);
        (string Name, string Password, string Role)[] users = [("ops", "operator-password-1", "operator"), ("audit", "auditor-password-1", "auditor")];
        for (var i = 0; i < users.Length; i++)
        {
            environment[$"Engine__Dashboard__Users__{i}__Name"] = users[i].Name;
            environment[$"Engine__Dashboard__Users__{i}__PasswordHash"] = DashboardUsers.Hash(users[i].Password);
            environment[$"Engine__Dashboard__Users__{i}__Role"] = users[i].Role;
        }
        using var serve = new ServeProcess(_root, environment);
        var address = serve.Address();
        Assert.Contains($"dashboard {address.ToString().TrimEnd('/')}/hangfire (2 users)", serve.StartLine());

        // No credentials, a wrong password, an unknown name: 401 with the Basic challenge, not a byte of the dashboard.
        using var anonymous = Client(address);
        var refused = anonymous.GetAsync("hangfire").Result;
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("Basic", refused.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("", refused.Content.ReadAsStringAsync().Result);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.GetAsync("hangfire/recurring").Result.StatusCode);
        using var wrong = Client(address, "ops", "auditor-password-1");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.GetAsync("hangfire").Result.StatusCode);
        using var unknown = Client(address, "root", "operator-password-1");
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.GetAsync("hangfire/recurring").Result.StatusCode);

        // The operator sees the recurring jobs with the buttons to trigger them, and triggers the inbox job.
        using var operatorClient = Client(address, "ops", "operator-password-1");
        var page = operatorClient.GetAsync("hangfire/recurring").Result;
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = page.Content.ReadAsStringAsync().Result;
        Assert.Contains(ServeCommandJobs.Nightly, html);
        Assert.Contains(ServeCommandJobs.Inbox, html);
        Assert.Contains("js-jobs-list-command", html);
        Assert.Equal(HttpStatusCode.NoContent, Trigger(operatorClient, html, ServeCommandJobs.Inbox));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!operatorClient.GetStringAsync("hangfire/jobs/succeeded").Result.Contains("InboxJob.Poll", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "the triggered inbox job did not succeed in 30 s: " + serve.Output);
            Thread.Sleep(250);
        }

        // The auditor sees the same page without the buttons, and Hangfire refuses the trigger (read-only dashboard).
        using var auditor = Client(address, "audit", "auditor-password-1");
        var auditorPage = auditor.GetAsync("hangfire/recurring").Result;
        Assert.Equal(HttpStatusCode.OK, auditorPage.StatusCode);
        var auditorHtml = auditorPage.Content.ReadAsStringAsync().Result;
        Assert.Contains(ServeCommandJobs.Nightly, auditorHtml);
        Assert.DoesNotContain("js-jobs-list-command", auditorHtml);
        Assert.Equal(HttpStatusCode.Unauthorized, Trigger(auditor, auditorHtml, ServeCommandJobs.Nightly));
        Assert.DoesNotContain("NightlyRunJob", auditor.GetStringAsync("hangfire/jobs/enqueued").Result + auditor.GetStringAsync("hangfire/jobs/succeeded").Result);

        // Health: a fresh store, no nightly run owed yet (the first is owed on 1 January, after this server started).
        var health = anonymous.GetAsync("health").Result;
        var body = health.Content.ReadAsStringAsync().Result;
        Assert.True(health.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        var checks = json.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal("Healthy", checks["store"].GetProperty("status").GetString());
        Assert.StartsWith("sqlite store reachable", checks["store"].GetProperty("description").GetString());
        Assert.Equal("Healthy", checks["nightly"].GetProperty("status").GetString());
        Assert.StartsWith("no nightly run completed yet; next due ", checks["nightly"].GetProperty("description").GetString());
        Assert.DoesNotContain("operator-password-1", serve.Output);
    }

    [Fact]
    public void Without_users_there_is_no_dashboard_and_a_late_night_makes_health_unhealthy()
    {
        // A store whose last nightly run is that of 5 March 2024 (a night without input, completed in this process).
        var db = NewStore();
        var options = new EngineOptions
        {
            RulesFolder = Path.Combine(SharedFolder.RepositoryRoot, "rules"), OutputFolder = Path.Combine(_root, "output"),
            Database = new DatabaseOptions { ConnectionString = $"Data Source={db}" },
        };
        var store = StoreFactory.Create(options.Database);
        var clock = new FixedClock(Brussels.At(new LocalDate(2024, 3, 5), 2));
        new RunPipeline(store, new RuleSetProvider(options), options, clock, Serilog.Core.Logger.None).Execute(new LocalDate(2024, 3, 5));
        Assert.Equal("nightly-2024-03-05", store.LastCompletedRun("nightly")?.RunId);

        var environment = Environment(db);
        // 1 January at 02:00: after 5 March 2024 the next night owed is 1 January 2025 02:00 (Brussels), long past.
        environment["Engine__Nightly__Cron"] = "0 2 1 1 *";
        using var serve = new ServeProcess(_root, environment);
        var address = serve.Address();
        Assert.Contains("dashboard off (no Engine:Dashboard:Users)", serve.StartLine());

        using var anonymous = Client(address);
        Assert.Equal(HttpStatusCode.NotFound, anonymous.GetAsync("hangfire").Result.StatusCode);
        using var someone = Client(address, "ops", "operator-password-1");
        Assert.Equal(HttpStatusCode.NotFound, someone.GetAsync("hangfire/recurring").Result.StatusCode);

        var health = anonymous.GetAsync("health").Result;
        var body = health.Content.ReadAsStringAsync().Result;
        Assert.True(health.StatusCode == HttpStatusCode.ServiceUnavailable, body);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Unhealthy", json.RootElement.GetProperty("status").GetString());
        var nightly = json.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "nightly");
        Assert.Equal("Unhealthy", nightly.GetProperty("status").GetString());
        Assert.StartsWith("last completed nightly run nightly-2024-03-05 (finished 2024-03-05 02:00 Europe/Brussels); " +
                          "the nightly run of 2025-01-01 (due 2025-01-01 02:00 Europe/Brussels, grace 6 h 00 min) has not run ",
            nightly.GetProperty("description").GetString());
    }
}

/// <summary>The recurring jobs' ids as `serve` registers them.</summary>
internal static class ServeCommandJobs
{
    public const string Nightly = Engine.Host.Commands.ServeCommand.NightlyJobId;
    public const string Inbox = Engine.Host.Commands.ServeCommand.InboxJobId;
}

/// <summary>
/// `serve` with an OTLP endpoint (Engine:Telemetry:OtlpEndpoint, OTLP/HTTP): a collector stand-in on loopback receives
/// the engine's metrics once the operator has triggered a (empty) nightly run from the dashboard.
/// </summary>
public sealed class ServeTelemetryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("engine-serve-otlp-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void The_metrics_of_a_run_reach_the_configured_collector()
    {
        var db = Path.Combine(_root, "engine.db");
        StoreFactory.Create(new DatabaseOptions { ConnectionString = $"Data Source={db}" }).Migrate(Brussels.At(new LocalDate(2024, 3, 4), 12));
        var port = FreePort();
        using var collector = new HttpListener();
        collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        collector.Start();
        var received = new List<(string Path, byte[] Body)>();
        var receiving = Task.Run(() =>
        {
            while (collector.IsListening)
            {
                HttpListenerContext context;
                try { context = collector.GetContext(); }
                catch (HttpListenerException) { return; }
                using var body = new MemoryStream();
                context.Request.InputStream.CopyTo(body);
                lock (received) received.Add((context.Request.Url!.AbsolutePath, body.ToArray()));
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        });

        var environment = new Dictionary<string, string>
        {
            ["Engine__Database__ConnectionString"] = $"Data Source={db}",
            ["Engine__OutputFolder"] = Path.Combine(_root, "output"),
            ["Engine__InboxFolder"] = Path.Combine(_root, "inbox"),
            ["Engine__ArchiveFolder"] = Path.Combine(_root, "archive"),
            ["Engine__OutboxFolder"] = Path.Combine(_root, "outbox"),
            ["Engine__Nightly__Cron"] = "0 0 1 1 *",
            ["Engine__Nightly__InboxCron"] = "0 0 1 1 *",
            ["Engine__Telemetry__OtlpEndpoint"] = $"http://127.0.0.1:{port}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
            ["Engine__Dashboard__Users__0__Name"] = "ops",
            ["Engine__Dashboard__Users__0__PasswordHash"] = DashboardUsers.Hash("operator-password-1"),
            ["Engine__Dashboard__Users__0__Role"] = "operator",
        };
        using var serve = new ServeProcess(_root, environment);
        Assert.Contains($"metrics by OTLP to http://127.0.0.1:{port}", serve.StartLine());

        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true };
        using var client = new HttpClient(handler) { BaseAddress = serve.Address() };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("ops:operator-password-1")));
        var page = client.GetStringAsync("hangfire/recurring").Result;
        var token = Regex.Match(page, "<meta name=\"csrf-token\" content=\"([^\"]+)\"").Groups[1].Value;
        using var trigger = new HttpRequestMessage(HttpMethod.Post, "hangfire/recurring/trigger")
        {
            Content = new FormUrlEncodedContent([new KeyValuePair<string, string>("jobs[]", ServeCommandJobs.Nightly)]),
        };
        trigger.Headers.Add("RequestVerificationToken", token);
        Assert.Equal(HttpStatusCode.NoContent, client.Send(trigger).StatusCode);

        // The empty night completes; its counts and durations are pushed with the next export.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            string all;
            lock (received) all = string.Join("\n", received.Select(r => Encoding.UTF8.GetString(r.Body)));
            if (all.Contains("engine.runs.completed", StringComparison.Ordinal) && all.Contains("engine.run.phase.duration", StringComparison.Ordinal)) break;
            Assert.True(DateTime.UtcNow < deadline, $"no run metrics reached the collector in 60 s ({received.Count} exports): " + serve.Output);
            Thread.Sleep(250);
        }
        lock (received)
        {
            Assert.All(received, r => Assert.Equal("/v1/metrics", r.Path));
            Assert.Contains(received, r => Encoding.UTF8.GetString(r.Body).Contains("service.name", StringComparison.Ordinal));
        }
        collector.Stop();
        receiving.Wait(TimeSpan.FromSeconds(5));
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
