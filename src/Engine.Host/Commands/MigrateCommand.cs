using System.CommandLine;
using Engine.Host.Hosting;
using Engine.Jobs.Data;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Engine.Host.Commands;

/// <summary>`migrate`: creates or upgrades the configured database.</summary>
public static class MigrateCommand
{
    public static Command Create()
    {
        var command = new Command("migrate", "Create or upgrade the database schema");
        GlobalOptions.AddTo(command);
        command.SetAction(parse =>
        {
            using var host = EngineHost.Build(GlobalOptions.Settings(parse, hangfireServer: false) with { CreatesDatabase = true });
            var store = host.Services.GetRequiredService<IEngineStore>();
            var applied = store.Migrate(host.Services.GetRequiredService<IClock>().GetCurrentInstant());
            parse.InvocationConfiguration.Output.WriteLine(applied.Count == 0 ? "schema is up to date" : "applied: " + string.Join(", ", applied));
            return 0;
        });
        return command;
    }
}
