using System.CommandLine;
using Engine.Host.Hosting;
using Engine.Jobs.Data;
using Engine.Jobs.Runs;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Engine.Host.Commands;

/// <summary>`explain --line ID`: why a stored care line was paid what it was paid, from the data.</summary>
public static class ExplainCommand
{
    public static Command Create()
    {
        var line = new Option<long>("--line") { Description = "The care line id (results.csv line_id)", Required = true };
        var command = new Command("explain", "Explain a stored care line: where it came from, each run's decision, and why") { line };
        GlobalOptions.AddTo(command);
        command.SetAction(parse =>
        {
            using var host = EngineHost.Build(GlobalOptions.Settings(parse, hangfireServer: false), JobRegistration.Add);
            host.Services.GetRequiredService<IEngineStore>().Migrate(host.Services.GetRequiredService<IClock>().GetCurrentInstant());
            IReadOnlyList<string> text;
            try { text = host.Services.GetRequiredService<LineExplainer>().Explain(parse.GetValue(line)); }
            catch (KeyNotFoundException e) { throw new CliError(e.Message); }
            foreach (var t in text) parse.InvocationConfiguration.Output.WriteLine(t);
            return 0;
        });
        return command;
    }
}
