using System.CommandLine;
using Engine.Host.Hosting;
using Engine.Jobs;
using Engine.Jobs.Data;
using Engine.Jobs.Runs;
using Engine.Jobs.Time;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;

namespace Engine.Host.Commands;

/// <summary>
/// `serve`: the long-running process. Migrates the database, registers the recurring nightly payment run
/// (Engine:Nightly:Cron in Engine:Nightly:TimeZone, Europe/Brussels by default) and runs the Hangfire server
/// until stopped (Ctrl+C / SIGTERM), with the dashboard and health checks on its HTTP listener (docs/operations.md).
/// </summary>
public static class ServeCommand
{
    public const string NightlyJobId = "nightly-payment-run";
    public const string InboxJobId = "inbox";
    public const string BimProposalsJobId = "bim-proposals";

    public static Command Create()
    {
        var asOf = new Option<string?>("--as-of")
        {
            Description = "Rehearsals and tests only: this server's clock stands still at this instant, ISO-8601 UTC (the nightly run's date " +
                          "and as-of instant, imports' known-at); every server of the night must be given the same. Default: the real clock",
        };
        var command = new Command("serve", "Run the Hangfire server with the recurring nightly payment run") { asOf };
        GlobalOptions.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            var fixedAt = FixedInstant(parse.GetValue(asOf));
            using var host = Web.ServeHost.Build(GlobalOptions.Settings(parse, hangfireServer: true), (services, options) =>
            {
                JobRegistration.Add(services, options);
                if (fixedAt is { } at) services.AddSingleton<IClock>(new FixedClock(at));
            });
            var options = host.Services.GetRequiredService<EngineOptions>();
            var store = host.Services.GetRequiredService<IEngineStore>();
            store.Migrate(host.Services.GetRequiredService<IClock>().GetCurrentInstant());
            HangfireStoreMark.Claim(host.Services.GetRequiredService<JobStorage>(), store.StoreId(), options.Hangfire.Schema);
            var recurring = host.Services.GetRequiredService<IRecurringJobManager>();
            recurring.AddOrUpdate<NightlyRunJob>(NightlyJobId, job => job.RunScheduled(), options.Nightly.Cron,
                new RecurringJobOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(options.Nightly.TimeZone) });
            recurring.AddOrUpdate<Engine.Jobs.Ingestion.InboxJob>(InboxJobId, job => job.Poll(), options.Nightly.InboxCron,
                new RecurringJobOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(options.Nightly.TimeZone) });
            recurring.AddOrUpdate<Engine.Jobs.Bim.BimProposalsJob>(BimProposalsJobId, job => job.ProposeLastMonth(), options.Nightly.BimProposalsCron,
                new RecurringJobOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(options.Nightly.TimeZone) });
            await host.StartAsync(cancel);
            parse.InvocationConfiguration.Output.WriteLine(
                $"serving: nightly payment run '{options.Nightly.Cron}', inbox '{options.Nightly.InboxCron}' ({options.Nightly.TimeZone}), " +
                $"{options.Workers} workers, runs in {options.Run.Partitions} partitions; inbox {Path.GetFullPath(options.InboxFolder)}; " +
                $"{host.Describe()}; Ctrl+C stops");
            if (fixedAt is { } instant) parse.InvocationConfiguration.Output.WriteLine($"clock fixed at {instant} (--as-of): a rehearsal, not a production night");
            await host.WaitForShutdownAsync(cancel);
            return 0;
        });
        return command;
    }

    /// <summary>As `run --as-of`: an instant already past, so that a run never sees inputs still to come.</summary>
    private static Instant? FixedInstant(string? text)
    {
        if (text is null) return null;
        var instant = NodaTime.Text.InstantPattern.ExtendedIso.Parse(text);
        if (!instant.Success) throw new CliError($"--as-of '{text}' is not an instant like 2024-11-05T01:00:00Z");
        if (instant.Value > SystemClock.Instance.GetCurrentInstant()) throw new CliError($"--as-of '{text}' is in the future");
        return instant.Value;
    }
}
