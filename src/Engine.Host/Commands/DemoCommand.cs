using System.CommandLine;
using Engine.Host.Demo;
using Engine.Jobs.Generation;
using NodaTime.Text;

namespace Engine.Host.Commands;

/// <summary>
/// `demo`: a synthetic night end to end on the embedded database — fresh SQLite file, generated registry and
/// eFact/eAttest files, import, the nightly payment run as a real Hangfire job, outputs under --out.
/// </summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var defaults = new GeneratorOptions();
        var output = new Option<string>("--out") { Description = "Output folder (recreated)", DefaultValueFactory = _ => Path.Combine("output", "demo") };
        var seed = new Option<int>("--seed") { Description = "Seed of the synthetic data", DefaultValueFactory = _ => defaults.Seed };
        var members = new Option<int>("--members") { Description = "Number of members", DefaultValueFactory = _ => defaults.Members };
        var lines = new Option<int>("--lines") { Description = "Number of care lines", DefaultValueFactory = _ => defaults.Lines };
        var bim = new Option<int>("--bim-percent") { Description = "Share of BIM households (%)", DefaultValueFactory = _ => defaults.BimPercent };
        var date = new Option<string>("--date") { Description = "Run date yyyy-MM-dd (care is dated the month before)", DefaultValueFactory = _ => defaults.RunDate.ToString("yyyy-MM-dd", null) };
        var command = new Command("demo", "Generate a synthetic night, import it and run the nightly payment run on a fresh embedded database");
        foreach (var o in new Option[] { output, seed, members, lines, bim, date }) command.Options.Add(o);
        command.Options.Add(GlobalOptions.Config);
        command.SetAction(parse =>
        {
            var parsedDate = LocalDatePattern.Iso.Parse(parse.GetValue(date)!);
            if (!parsedDate.Success) throw new CliError($"--date '{parse.GetValue(date)}' is not a date yyyy-MM-dd");
            var generator = new GeneratorOptions
            {
                Seed = parse.GetValue(seed), Members = parse.GetValue(members), Lines = parse.GetValue(lines),
                BimPercent = parse.GetValue(bim), RunDate = parsedDate.Value,
            };
            var problems = generator.Problems().ToList();
            if (problems.Count > 0) throw new CliError(string.Join("; ", problems));
            return new DemoRunner(parse.GetValue(output)!, parse.GetValue(GlobalOptions.Config), generator,
                parse.InvocationConfiguration.Output).Run();
        });
        return command;
    }
}
