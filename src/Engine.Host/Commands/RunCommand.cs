using System.CommandLine;
using Engine.Host.Hosting;
using Engine.Jobs.Data;
using Engine.Jobs.Runs;
using Engine.Jobs.Time;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;

namespace Engine.Host.Commands;

/// <summary>
/// `run --date yyyy-MM-dd [--as-of instant]`: the nightly payment run for one date, now, in this process (its partitions
/// one after the other). Starting it again for the same date continues an interrupted run or reproduces a
/// finished one byte for byte; it never pays twice.
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var date = new Option<string>("--date") { Description = "Run date yyyy-MM-dd", Required = true };
        var asOf = new Option<string?>("--as-of")
        {
            Description = "The instant whose inputs the run sees, ISO-8601 UTC (e.g. 2024-11-05T01:00:00Z); default: when the run first starts",
        };
        var command = new Command("run", "Run the nightly payment run for one date") { date, asOf };
        GlobalOptions.AddTo(command);
        command.SetAction(parse =>
        {
            var parsed = LocalDatePattern.Iso.Parse(parse.GetValue(date)!);
            if (!parsed.Success) throw new CliError($"--date '{parse.GetValue(date)}' is not a date yyyy-MM-dd");
            Instant? fixedAsOf = null;
            if (parse.GetValue(asOf) is { } text)
            {
                var instant = InstantPattern.ExtendedIso.Parse(text);
                if (!instant.Success) throw new CliError($"--as-of '{text}' is not an instant like 2024-11-05T01:00:00Z");
                // A run sees the inputs known by its as-of instant: one still to come would let later inputs in.
                if (instant.Value > SystemClock.Instance.GetCurrentInstant()) throw new CliError($"--as-of '{text}' is in the future");
                fixedAsOf = instant.Value;
            }
            using var host = EngineHost.Build(GlobalOptions.Settings(parse, hangfireServer: false), (services, options) =>
            {
                JobRegistration.Add(services, options);
                if (fixedAsOf is { } at) services.AddSingleton<IClock>(new FixedClock(at));
            });
            var store = host.Services.GetRequiredService<IEngineStore>();
            store.Migrate(host.Services.GetRequiredService<IClock>().GetCurrentInstant());
            if (fixedAsOf is { } wanted && store.Run(RunIds.Nightly(parsed.Value)) is { } existing && existing.AsOf != wanted)
                throw new CliError($"run {existing.RunId} was started as of {DbTypes.Text(existing.AsOf)}, not {DbTypes.Text(wanted)}: it keeps its as-of instant");
            var summary = host.Services.GetRequiredService<RunPipeline>().Execute(parsed.Value);
            var o = parse.InvocationConfiguration.Output;
            o.WriteLine($"run {summary.RunId}: {summary.Lines} lines ({summary.Accepted} accepted, {summary.Rejected} rejected), " +
                        $"{summary.Transfers} transfers, paid {summary.PaidTotal} EUR, held back {summary.HeldBack} ({summary.HeldBackTotal} EUR)" +
                        (summary.CarriedOver > 0 ? $", {summary.CarriedOverPaid} of {summary.CarriedOver} items held back by earlier runs paid" : ""));
            return 0;
        });
        return command;
    }
}
