using System.CommandLine;
using Engine.Host.Hosting;
using Engine.Jobs.Data;
using Engine.Jobs.Runs;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;

namespace Engine.Host.Commands;

/// <summary>
/// `run --date yyyy-MM-dd`: the nightly payment run for one date, now, in this process. Starting it again for the
/// same date continues an interrupted run or reproduces a finished one byte for byte; it never pays twice.
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var date = new Option<string>("--date") { Description = "Run date yyyy-MM-dd", Required = true };
        var command = new Command("run", "Run the nightly payment run for one date") { date };
        GlobalOptions.AddTo(command);
        command.SetAction(parse =>
        {
            var parsed = LocalDatePattern.Iso.Parse(parse.GetValue(date)!);
            if (!parsed.Success) throw new CliError($"--date '{parse.GetValue(date)}' is not a date yyyy-MM-dd");
            using var host = EngineHost.Build(GlobalOptions.Settings(parse, hangfireServer: false), JobRegistration.Add);
            host.Services.GetRequiredService<IEngineStore>().Migrate(host.Services.GetRequiredService<IClock>().GetCurrentInstant());
            var summary = host.Services.GetRequiredService<NightlyRun>().Execute(parsed.Value);
            var o = parse.InvocationConfiguration.Output;
            o.WriteLine($"run {summary.RunId}: {summary.Lines} lines ({summary.Accepted} accepted, {summary.Rejected} rejected), " +
                        $"{summary.Transfers} transfers, paid {summary.PaidTotal} EUR, held back {summary.HeldBack} ({summary.HeldBackTotal} EUR)");
            return 0;
        });
        return command;
    }
}
