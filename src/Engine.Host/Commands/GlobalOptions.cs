using System.CommandLine;
using Engine.Host.Hosting;

namespace Engine.Host.Commands;

/// <summary>Options shared by the commands that use the configured database and jobs.</summary>
public static class GlobalOptions
{
    public static readonly Option<string?> Config = new("--config") { Description = "An extra JSON configuration file (Engine section)" };
    public static readonly Option<string?> Database = new("--database")
    {
        Description = "SQLite database file (overrides Engine:Database:ConnectionString); it must exist, except for migrate and demo",
    };

    public static void AddTo(Command command)
    {
        command.Options.Add(Config);
        command.Options.Add(Database);
    }

    public static EngineHost.Settings Settings(ParseResult parse, bool hangfireServer, IDictionary<string, string?>? extra = null)
    {
        var overrides = new Dictionary<string, string?>(extra ?? new Dictionary<string, string?>());
        if (parse.GetValue(Database) is { } db)
        {
            // A path, not a connection string: "x.db;Mode=ReadWriteCreate" would smuggle options past the checks.
            if (db.Contains(';', StringComparison.Ordinal))
                throw new CliError($"--database '{db}' is a file path, not a connection string (no ';'): options go in Engine:Database:ConnectionString");
            if (string.IsNullOrWhiteSpace(db)) throw new CliError("--database is empty");
            overrides["Engine:Database:ConnectionString"] = $"Data Source={db}";
        }
        return new EngineHost.Settings(parse.GetValue(Config), overrides, hangfireServer);
    }
}
