using Engine.Jobs;
using Engine.Jobs.Data;
using Engine.Jobs.Logging;
using Engine.Jobs.Runs;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NodaTime;

namespace Engine.Host.Web.Health;

/// <summary>When this `serve` started (the first nightly run a new store owes is the first scheduled after it).</summary>
public sealed record ServeStart(Instant At);

/// <summary>The store answers a cheap query of the contract (its identity, one row).</summary>
public sealed class StoreHealthCheck(IEngineStore store, EngineOptions options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // The store's calls are synchronous: on a thread of their own, so that the check's timeout can answer.
            var id = await Task.Run(() => store.StoreId(), cancellationToken).WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{options.Database.Provider} store reachable (store {id})");
        }
        catch (Exception e)
        {
            // The message, redacted and cut, names what failed (timeout, refused, authentication); never the connection string.
            var message = Redact.Text(e.Message.Split('\n')[0]);
            return HealthCheckResult.Unhealthy(
                $"{options.Database.Provider} store not reachable: {e.GetType().Name}: {(message.Length > 200 ? message[..200] + "..." : message)}");
        }
    }
}

/// <summary>The last nightly run completed in time (<see cref="NightlyDeadline"/>).</summary>
public sealed class NightlyHealthCheck(IEngineStore store, EngineOptions options, IClock clock, ServeStart start) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await Task.Run(() => NightlyDeadline.Evaluate(clock.GetCurrentInstant(), start.At, store.LastCompletedRun("nightly"),
                date => store.Run(RunScope.Nightly(date).RunId), options.Nightly.Cron, options.Nightly.TimeZone,
                Duration.FromTimeSpan(options.Health.NightlyGrace)), cancellationToken).WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"the nightly runs cannot be read: {e.GetType().Name}");
        }
    }
}
