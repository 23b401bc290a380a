using System.CommandLine;
using Engine.Host.Hosting;
using Engine.Jobs;
using Engine.Jobs.Data;
using Engine.Jobs.Runs;
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
        var command = new Command("serve", "Run the Hangfire server with the recurring nightly payment run");
        GlobalOptions.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            using var host = Web.ServeHost.Build(GlobalOptions.Settings(parse, hangfireServer: true), JobRegistration.Add);
            var options = host.Services.GetRequiredService<EngineOptions>();
            host.Services.GetRequiredService<IEngineStore>().Migrate(host.Services.GetRequiredService<IClock>().GetCurrentInstant());
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
            await host.WaitForShutdownAsync(cancel);
            return 0;
        });
        return command;
    }
}
