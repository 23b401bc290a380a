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
        var confirm = new Option<string?>("--confirm-date")
        {
            Description = "The run date again, yyyy-MM-dd: needed for a date more than Engine:Run:DateWindowDays from today or before the last completed run's",
        };
        var command = new Command("run", "Run the nightly payment run for one date") { date, asOf, confirm };
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
            LocalDate? confirmed = null;
            if (parse.GetValue(confirm) is { } again)
            {
                var repeated = LocalDatePattern.Iso.Parse(again);
                if (!repeated.Success || repeated.Value != parsed.Value)
                    throw new CliError($"--confirm-date '{again}' does not repeat --date {parse.GetValue(date)}");
                confirmed = repeated.Value;
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
            var pipeline = host.Services.GetRequiredService<RunPipeline>();
            // Under the runs lock from here: a second `run` waits for this one (or is refused, exit 4), and what the date
            // is checked against (the last completed run) cannot change meanwhile.
            using var runsLock = pipeline.Lock();
            if (store.Run(RunIds.Nightly(parsed.Value)) is null)
            {
                var options = host.Services.GetRequiredService<Engine.Jobs.EngineOptions>();
                var check = new RunDateCheck(SystemClock.Instance, DateTimeZoneProviders.Tzdb[options.Nightly.TimeZone], options.Run.DateWindowDays);
                var lastCompleted = store.RunsBetween(new LocalDate(1, 1, 1), new LocalDate(9999, 12, 31))
                    .Where(r => r.Kind == "nightly" && r.Phase == RunPhase.Completed).Select(r => (LocalDate?)r.RunDate).Max();
                if (check.Problem(parsed.Value, lastCompleted) is { } problem && confirmed != parsed.Value)
                    throw new Engine.Jobs.EngineRefusal(
                        $"{problem}: nothing done; if this date is meant, repeat it: --confirm-date {parsed.Value.ToString("yyyy-MM-dd", null)}");
            }
            var summary = pipeline.Execute(parsed.Value);
            var o = parse.InvocationConfiguration.Output;
            o.WriteLine($"run {summary.RunId}: {summary.Lines} lines ({summary.Accepted} accepted, {summary.Rejected} rejected), " +
                        $"{summary.Transfers} transfers, paid {summary.PaidTotal} EUR, held back {summary.HeldBack} ({summary.HeldBackTotal} EUR)" +
                        (summary.CarriedOver > 0 ? $", {summary.CarriedOverPaid} of {summary.CarriedOver} items held back by earlier runs paid" : ""));
            return 0;
        });
        return command;
    }
}
