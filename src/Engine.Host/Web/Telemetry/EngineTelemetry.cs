using Engine.Jobs;
using Engine.Jobs.Runs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Engine.Host.Web.Telemetry;

/// <summary>
/// The engine's metrics (meter "Engine", <see cref="RunMetrics"/>) with ASP.NET Core's, Kestrel's and the runtime's own
/// meters, exported by OTLP when an endpoint is configured: Engine:Telemetry:OtlpEndpoint, else the standard
/// OTEL_EXPORTER_OTLP_ENDPOINT (with the other OTEL_EXPORTER_OTLP_* settings). Neither: no OpenTelemetry at all.
/// </summary>
public static class EngineTelemetry
{
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Adds the exporter; returns where it sends (for the start line), or null when nothing is exported.</summary>
    public static string? Add(IServiceCollection services, EngineOptions options, IConfiguration configuration)
    {
        var configured = options.Telemetry.OtlpEndpoint.Trim();
        var endpoint = configured.Length > 0 ? configured : configuration[OtlpEndpointVariable] ?? Environment.GetEnvironmentVariable(OtlpEndpointVariable);
        if (string.IsNullOrWhiteSpace(endpoint)) return null;
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new Commands.CliError(configured.Length > 0
                ? $"configuration: Engine:Telemetry:OtlpEndpoint = '{configured}' is not an http(s) address"
                : $"{OtlpEndpointVariable} = '{endpoint}' is not an http(s) address");
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("engine", serviceVersion: EngineBuild.Version,
                serviceInstanceId: $"{Environment.MachineName}:{Environment.ProcessId}"))
            .WithMetrics(metrics => metrics
                .AddMeter(RunMetrics.MeterName)
                .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime")
                .AddOtlpExporter(o =>
                {
                    // Given in code, the endpoint is taken as it is; OTLP/HTTP (OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf)
                    // then needs the signal's path, which the standard variable gets added by the exporter itself.
                    if (configured.Length > 0)
                        o.Endpoint = o.Protocol == OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf && uri.AbsolutePath == "/"
                            ? new Uri(uri, "v1/metrics") : uri;
                }));
        return uri.GetLeftPart(UriPartial.Authority);
    }
}
