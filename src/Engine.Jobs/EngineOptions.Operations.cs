namespace Engine.Jobs;

/// <summary>What `serve` offers operations on its HTTP listener and by OpenTelemetry (docs/operations.md).</summary>
public sealed partial class EngineOptions
{
    public DashboardOptions Dashboard { get; set; } = new();
    public HealthOptions Health { get; set; } = new();
    public TelemetryOptions Telemetry { get; set; } = new();
}

/// <summary>`serve`'s HTTP listener and the Hangfire dashboard on it.</summary>
public sealed class DashboardOptions
{
    /// <summary>
    /// Where `serve` listens (Kestrel; several separated by ';'): the dashboard at /hangfire and the health checks at
    /// /health. Loopback by default; port 0 takes a free port (the address is printed at start).
    /// </summary>
    public string Urls { get; set; } = "http://127.0.0.1:5080";

    /// <summary>Who may open the dashboard; none: the dashboard is not served at all.</summary>
    public List<DashboardUser> Users { get; set; } = [];
}

/// <summary>A dashboard user: a name, the hash of the password (`engine dashboard-password`), a role.</summary>
public sealed class DashboardUser
{
    public string Name { get; set; } = "";
    /// <summary>ASP.NET Core's PasswordHasher format (PBKDF2), never the password itself.</summary>
    public string PasswordHash { get; set; } = "";
    /// <summary>operator (may trigger, requeue, delete jobs) or auditor (sees everything, changes nothing).</summary>
    public string Role { get; set; } = "";
}

public sealed class HealthOptions
{
    /// <summary>How long after its scheduled time the nightly run may still be unfinished before /health says so.</summary>
    public TimeSpan NightlyGrace { get; set; } = TimeSpan.FromHours(6);
}

public sealed class TelemetryOptions
{
    /// <summary>
    /// The OTLP endpoint the metrics are exported to (e.g. http://collector:4317); empty: the standard
    /// OTEL_EXPORTER_OTLP_ENDPOINT, and when neither is set nothing is exported.
    /// </summary>
    public string OtlpEndpoint { get; set; } = "";
}
