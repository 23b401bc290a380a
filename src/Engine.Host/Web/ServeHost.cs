using Engine.Host.Hosting;
using Engine.Host.Web.Dashboard;
using Engine.Host.Web.Health;
using Engine.Host.Web.Telemetry;
using Engine.Jobs;
using Hangfire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;

namespace Engine.Host.Web;

/// <summary>
/// `serve`'s host: the engine's (<see cref="EngineHost.Configure"/>: configuration, store, Hangfire server) on a web
/// application with one Kestrel listener (Engine:Dashboard:Urls, loopback by default) answering
/// /hangfire, the Hangfire dashboard, only to configured users (not served at all when there are none), and
/// /health, the health checks; and the metrics exported by OpenTelemetry when a collector is configured.
/// docs/operations.md.
/// </summary>
public sealed class ServeHost : IDisposable
{
    public const string DashboardPath = "/hangfire";
    public const string HealthPath = "/health";

    private readonly WebApplication _app;
    private readonly int _users;
    private readonly string? _metrics;

    private ServeHost(WebApplication app, int users, string? metrics) => (_app, _users, _metrics) = (app, users, metrics);

    public IServiceProvider Services => _app.Services;

    public static ServeHost Build(EngineHost.Settings settings, Action<IServiceCollection, EngineOptions>? configure = null)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        var options = EngineHost.Configure(builder, settings, configure);
        var users = DashboardUsers.From(options.Dashboard);
        var urls = options.Dashboard.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (urls.Length == 0 || urls.Any(u => !Uri.TryCreate(u.Replace("://*", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out _)))
            throw new Commands.CliError($"configuration: Engine:Dashboard:Urls = '{options.Dashboard.Urls}' must be one or more addresses such as http://127.0.0.1:5080");

        if (options.Health.NightlyGrace < TimeSpan.Zero || options.Health.NightlyGrace > TimeSpan.FromDays(7))
            throw new Commands.CliError($"configuration: Engine:Health:NightlyGrace = {options.Health.NightlyGrace} must be between 00:00:00 and 7.00:00:00");

        // Kestrel; a "Kestrel" section (endpoints with a certificate) replaces the Urls, as in any ASP.NET Core service.
        builder.WebHost.UseKestrel(k => k.Configure(builder.Configuration.GetSection("Kestrel")));
        builder.WebHost.UseUrls(urls);
        builder.Services.AddRouting();
        builder.Services.AddSingleton(sp => new ServeStart(sp.GetRequiredService<IClock>().GetCurrentInstant()));
        builder.Services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store", timeout: TimeSpan.FromSeconds(15))
            .AddCheck<NightlyHealthCheck>("nightly", timeout: TimeSpan.FromSeconds(15));
        if (users.Count > 0)
        {
            builder.Services.AddSingleton(users);
            builder.Services.AddSingleton<DashboardAccess>();
            // Hangfire checks the antiforgery token of its POSTs when the service is there: a page elsewhere cannot make a
            // browser that holds the Basic credentials trigger or delete jobs.
            builder.Services.AddAntiforgery();
            // Its keys in memory: a token is worth as long as this process (a page open across a restart is reloaded); nothing
            // written to the user's profile, no key file to protect.
            builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        }
        var metrics = EngineTelemetry.Add(builder.Services, options, builder.Configuration);

        var app = builder.Build();
        app.Services.GetRequiredService<ServeStart>();
        if (users.Count > 0)
        {
            app.UseWhen(c => c.Request.Path.StartsWithSegments(DashboardPath), branch => branch.UseMiddleware<DashboardAccess>());
            app.UseHangfireDashboard(DashboardPath, new Hangfire.DashboardOptions
            {
                Authorization = [new DashboardAccess.Authenticated()],
                IsReadOnlyFunc = DashboardAccess.IsReadOnly,
                DashboardTitle = "Engine jobs",
                AppPath = null,
                // The PostgreSQL connection string holds a password.
                DisplayStorageConnectionString = false,
            });
        }
        app.MapHealthChecks(HealthPath, new HealthCheckOptions { ResponseWriter = HealthJson.Write });
        return new ServeHost(app, users.Count, metrics);
    }

    /// <summary>Binds the listener and starts the Hangfire server; an address in use is the operator's to mend (exit 2).</summary>
    public async Task StartAsync(CancellationToken cancel)
    {
        try
        {
            await _app.StartAsync(cancel);
        }
        catch (IOException e) when (e.Message.Contains("bind", StringComparison.OrdinalIgnoreCase))
        {
            throw new Commands.CliError($"Engine:Dashboard:Urls: {e.Message} (another serve on this machine? give each its own Engine:Dashboard:Urls)");
        }
    }

    public Task WaitForShutdownAsync(CancellationToken cancel) => _app.WaitForShutdownAsync(cancel);

    /// <summary>For the start line: where the dashboard and the health checks answer (the bound addresses), and the metrics.</summary>
    public string Describe()
    {
        var address = _app.Urls.FirstOrDefault() ?? "?";
        var dashboard = _users > 0
            ? $"dashboard {address}{DashboardPath} ({_users} user{(_users == 1 ? "" : "s")})"
            : "dashboard off (no Engine:Dashboard:Users)";
        var metrics = _metrics is null ? "metrics not exported (no OTLP endpoint)" : $"metrics by OTLP to {_metrics}";
        return $"{dashboard}, health {address}{HealthPath}, {metrics}";
    }

    public void Dispose() => ((IDisposable)_app).Dispose();
}
