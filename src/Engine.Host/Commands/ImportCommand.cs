using System.CommandLine;
using Engine.Host.Hosting;
using Engine.Jobs.Data;
using Engine.Jobs.Ingestion;
using Engine.Jobs.Registry;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Engine.Host.Commands;

/// <summary>
/// `import efact FILE...`, `import eattest FILE...` and `import registry FOLDER`: take files in by hand, printing per
/// file what was accepted and rejected (and where the answer is).
/// </summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var import = new Command("import", "Import received files into the database");
        import.Subcommands.Add(Files("efact", "Import eFact sendings (920000)"));
        import.Subcommands.Add(Files("eattest", "Import eAttest messages"));
        import.Subcommands.Add(Registry());
        import.Subcommands.Add(Files("authorisations", "Import decisions of the medical adviser on prior authorisations (CSV)"));
        import.Subcommands.Add(Files("bim-decisions", "Import decisions granting BIM on the insurer's initiative (CSV); recalculates each member granted"));
        import.Subcommands.Add(Files("unemployment", "Import periods of unemployment of members (CSV, the BCSS/ONEM flow) for the BIM proposals"));
        return import;
    }

    private static Command Files(string channel, string description)
    {
        var files = new Argument<string[]>("FILE") { Arity = ArgumentArity.OneOrMore, Description = "Files to import" };
        var command = new Command(channel, description) { files };
        GlobalOptions.AddTo(command);
        command.SetAction(parse =>
        {
            var paths = parse.GetValue(files)!;
            foreach (var p in paths)
                if (!File.Exists(p)) throw new CliError($"file '{p}' does not exist");
            using var host = EngineHost.Build(GlobalOptions.Settings(parse, hangfireServer: false), JobRegistration.Add);
            host.Services.GetRequiredService<IEngineStore>().Migrate(host.Services.GetRequiredService<IClock>().GetCurrentInstant());
            var report = host.Services.GetRequiredService<InboxImport>().ImportFiles(paths, channel);
            var output = parse.InvocationConfiguration.Output;
            foreach (var outcome in report.Files)
            {
                output.WriteLine(outcome);
                foreach (var r in outcome.Rejections.Take(50)) output.WriteLine($"  {r}");
                if (outcome.Rejections.Count > 50) output.WriteLine($"  ... and {outcome.Rejections.Count - 50} more");
            }
            output.WriteLine(report.Describe());
            if (channel == "authorisations")
                output.WriteLine("care lines awaiting these authorisations are released by the next run (or `engine recalc --member ID`)");
            foreach (var granted in report.GrantedBim)
            {
                var outcome = Engine.Jobs.Bim.BimGrant.Recalculate(host.Services.GetRequiredService<Engine.Jobs.Recalc.Recalculation>(), granted, Environment.UserName);
                var r = outcome.Recalc;
                output.WriteLine($"recalc {r.RecalcId} ({r.Scope}): {Engine.Jobs.Bim.BimGrant.Reason(granted)}: complements {r.Complements} ({r.ComplementTotal} EUR) " +
                                 $"paid by the next run; undue {r.Undue} ({r.UndueTotal} EUR); report {r.ReportFile}");
            }
            return report.Files.Any(f => f.Status == "refused") ? 3 : 0;
        });
        return command;
    }

    private static Command Registry()
    {
        var folder = new Argument<string>("FOLDER") { Description = "Folder with members.csv, statuses.csv, households.csv, household_members.csv, providers.csv" };
        var command = new Command("registry", "Import the insurer's registry exchange files (a new version of every row)") { folder };
        GlobalOptions.AddTo(command);
        command.SetAction(parse =>
        {
            var path = parse.GetValue(folder)!;
            if (!Directory.Exists(path)) throw new CliError($"registry folder '{path}' does not exist");
            using var host = EngineHost.Build(GlobalOptions.Settings(parse, hangfireServer: false), JobRegistration.Add);
            var store = host.Services.GetRequiredService<IEngineStore>();
            var now = host.Services.GetRequiredService<IClock>().GetCurrentInstant();
            store.Migrate(now);
            RegistryImportReport report;
            try { report = new RegistryImport(store).Import(path, now); }
            catch (InvalidDataException e)
            {
                // Every bad row, one a line; then the one-line error (exit 2).
                var problems = e.Message.Split('\n');
                foreach (var p in problems.Take(200)) parse.InvocationConfiguration.Error.WriteLine(p);
                if (problems.Length > 200) parse.InvocationConfiguration.Error.WriteLine($"... and {problems.Length - 200} more");
                throw new CliError($"registry folder '{path}': {problems.Length} bad row(s) or file(s), nothing imported");
            }
            parse.InvocationConfiguration.Output.WriteLine(report.Describe());
            return 0;
        });
        return command;
    }
}
