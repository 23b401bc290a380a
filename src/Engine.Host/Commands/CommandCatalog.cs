using System.CommandLine;

namespace Engine.Host.Commands;

/// <summary>Every top-level command of the `engine` program.</summary>
public static class CommandCatalog
{
    public static IEnumerable<Command> All() =>
    [
        CalcCommand.Create(),
        MigrateCommand.Create(),
        DemoCommand.Create(),
        ServeCommand.Create(),
        ImportCommand.Create(),
        RunCommand.Create(),
        ExplainCommand.Create(),
        RecalcCommand.Create(),
        ReplayCommand.Create(),
        DashboardPasswordCommand.Create(),
    ];
}
