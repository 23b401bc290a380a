using System.CommandLine;
using Engine.Host.Hosting;
using Engine.Jobs;
using Engine.Jobs.Data;
using Engine.Jobs.Replay;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;

namespace Engine.Host.Commands;

/// <summary>
/// `replay --from DATE --to DATE [--as-of INSTANT|now] [--out DIR] [--rules DIR]`: compute every completed run of the
/// period again into a separate folder and compare with the originals. Exit code 0 when everything is reproduced, 3
/// when there are differences (listed in the report).
/// </summary>
public static class ReplayCommand
{
    private const string Marker = ".engine-replay";

    public static Command Create()
    {
        var from = new Option<string>("--from") { Description = "First run date yyyy-MM-dd", Required = true };
        var to = new Option<string>("--to") { Description = "Last run date yyyy-MM-dd", Required = true };
        var asOf = new Option<string?>("--as-of")
        {
            Description = "Read the inputs as of this instant (ISO-8601 UTC, or 'now') with the current rules folder; default: each run's own as-of instant and rules",
        };
        var output = new Option<string?>("--out") { Description = "Folder of the replay (default: OUTPUT/replay-FROM-TO[-as-of-INSTANT]); recreated" };
        var rules = new Option<string?>("--rules") { Description = "The current rules folder, for --as-of (default: Engine:RulesFolder)" };
        var command = new Command("replay", "Replay a closed period and prove its figures and payment files, or show what changed since")
            { from, to, asOf, output, rules };
        GlobalOptions.AddTo(command);
        command.SetAction(parse =>
        {
            var first = Date(parse.GetValue(from)!, "--from");
            var last = Date(parse.GetValue(to)!, "--to");
            if (last < first) throw new CliError($"--to {last:yyyy-MM-dd} is before --from {first:yyyy-MM-dd}");
            var extra = new Dictionary<string, string?>();
            if (parse.GetValue(rules) is { } dir)
            {
                if (!Directory.Exists(dir)) throw new CliError($"--rules '{dir}' is not a folder");
                extra["Engine:RulesFolder"] = Path.GetFullPath(dir);
            }
            using var host = EngineHost.Build(GlobalOptions.Settings(parse, hangfireServer: false, extra), JobRegistration.Add);
            var clock = host.Services.GetRequiredService<IClock>();
            Instant? instant = null;
            if (parse.GetValue(asOf) is { } text)
            {
                if (text == "now") instant = clock.GetCurrentInstant();
                else
                {
                    var parsed = InstantPattern.ExtendedIso.Parse(text);
                    if (!parsed.Success) throw new CliError($"--as-of '{text}' is not an instant like 2024-11-05T01:00:00Z (or 'now')");
                    instant = parsed.Value;
                }
            }
            var store = host.Services.GetRequiredService<IEngineStore>();
            store.Migrate(clock.GetCurrentInstant());
            if (!store.RunsBetween(first, last).Any(r => r.Phase == RunPhase.Completed))
                throw new CliError($"no completed run is dated {first:yyyy-MM-dd} to {last:yyyy-MM-dd}: nothing to replay");
            var options = host.Services.GetRequiredService<EngineOptions>();
            var folder = Path.GetFullPath(parse.GetValue(output) ?? Path.Combine(options.OutputFolder,
                $"replay-{first:yyyy-MM-dd}-{last:yyyy-MM-dd}" + (instant is { } i ? "-as-of-" + InstantPattern.CreateWithInvariantCulture("uuuuMMdd'T'HHmmss'Z'").Format(i) : "")));
            Prepare(folder);
            var report = host.Services.GetRequiredService<PeriodReplay>().Run(first, last, instant, folder);
            report.Write(folder);
            var o = parse.InvocationConfiguration.Output;
            o.WriteLine($"replay {report.From}..{report.To}, inputs as of {report.AsOf}, rules {report.Rules}: {report.Runs} runs");
            foreach (var r in report.Replayed)
                o.WriteLine($"  {r.RunId}: paid {r.Original.Paid} / replay {r.Replay.Paid} EUR, {r.Files.Count(f => f.Same)} of {r.Files.Count} files identical, {r.Differences} differences;" +
                            $" compared with {r.Compared}");
            foreach (var s in report.Skipped) o.WriteLine($"  skipped {s}");
            o.WriteLine(report.Reproduced
                ? $"REPRODUCED: the same figures and files byte for byte (outputs sha256 {report.OutputsSha256}); report {Path.Combine(folder, "replay.txt")}"
                : $"{report.Differences} DIFFERENCES: see {Path.Combine(folder, "replay.txt")} and differences.csv");
            return report.Reproduced ? 0 : 3;
        });
        return command;
    }

    /// <summary>A fresh folder: an earlier replay's folder is emptied; any other folder with files is refused, never deleted.</summary>
    private static void Prepare(string folder)
    {
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            if (!File.Exists(Path.Combine(folder, Marker)))
                throw new CliError($"'{folder}' is not a replay folder (no {Marker} file): give an empty or new folder with --out");
            Directory.Delete(folder, recursive: true);
        }
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, Marker), "A replay folder: `engine replay` recreates it.\n");
    }

    private static LocalDate Date(string text, string option)
    {
        var parsed = LocalDatePattern.Iso.Parse(text);
        return parsed.Success ? parsed.Value : throw new CliError($"{option} '{text}' is not a date yyyy-MM-dd");
    }
}
