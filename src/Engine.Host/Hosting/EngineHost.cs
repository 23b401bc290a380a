using Engine.Host.Configuration;
using Engine.Jobs;
using Engine.Jobs.Data;
using Engine.Jobs.Data.Sqlite;
using Engine.Jobs.Logging;
using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;
using Serilog;
using Serilog.Events;

namespace Engine.Host.Hosting;

/// <summary>
/// The generic host for the commands that touch the database or run jobs: configuration (appsettings.json beside
/// the program, an optional --config file, Engine__* environment variables), checked options, Serilog, the store,
/// and Hangfire (in memory with SQLite, in PostgreSQL with the postgres store) with its server.
/// </summary>
public static class EngineHost
{
    /// <param name="CreatesDatabase">Only `migrate` and `demo` create a database; every other command refuses a database
    /// file that does not exist (exit 2, naming it) instead of running on a new empty one.</param>
    public sealed record Settings(string? ConfigFile, IReadOnlyDictionary<string, string?> Overrides, bool HangfireServer, bool CreatesDatabase = false);

    public static IHost Build(Settings settings, Action<IServiceCollection, EngineOptions>? configure = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
        });
        Configure(builder, settings, configure);
        return builder.Build();
    }

    /// <summary>
    /// What every host of the engine holds, on a builder made by the caller: this one's generic host, or `serve`'s web
    /// application (<see cref="Web.ServeHost"/>). Returns the checked options.
    /// </summary>
    public static EngineOptions Configure(IHostApplicationBuilder builder, Settings settings, Action<IServiceCollection, EngineOptions>? configure = null)
    {
        builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
        if (settings.ConfigFile is { } file)
        {
            if (!File.Exists(file)) throw new Commands.CliError($"configuration file '{file}' does not exist");
            try
            {
                builder.Configuration.AddJsonFile(Path.GetFullPath(file), optional: false);
            }
            catch (InvalidDataException e)
            {
                throw new Commands.CliError($"configuration file '{file}' is not valid JSON: {e.InnerException?.Message ?? e.Message}");
            }
        }
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddInMemoryCollection(settings.Overrides);
        var options = OptionsCheck.Bind(builder.Configuration);
        // A SQLite file is checked before anything touches it; a server names its own errors.
        if (options.Database.Provider == StoreFactory.Sqlite) DatabaseFile.Check(options.Database.ConnectionString, settings.CreatesDatabase);

        Log.Logger = CreateLogger(builder.Configuration);
        builder.Services.AddSerilog(Log.Logger, dispose: false);
        builder.Services.AddSingleton(Log.Logger);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<IClock>(SystemClock.Instance);
        builder.Services.AddSingleton<IEngineStore>(_ => StoreFactory.Create(options.Database));

        NoJobCulture();
        builder.Services.AddHangfire(c => UseStorage(c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings(), options));
        if (settings.HangfireServer)
            builder.Services.AddHangfireServer(o =>
            {
                o.WorkerCount = options.Workers;
                o.SchedulePollingInterval = TimeSpan.FromSeconds(1);
                o.ServerName = $"engine-{Environment.MachineName}";
            });
        configure?.Invoke(builder.Services, options);
        return options;
    }

    private static readonly object JobFilters = new();

    /// <summary>
    /// Hangfire's default filter (CaptureCultureAttribute) runs every job in <c>new CultureInfo(name)</c> of the culture
    /// that enqueued it: an instance that is not read-only, for which NodaTime builds its format info anew (and parses
    /// its patterns again) at each date formatted in the current culture, where a read-only culture's is cached. A
    /// partition job allocated twice what the `run` command's partition does (1.15 GB against 0.4 GB of compute for
    /// 37,000 lines). The engine runs in the invariant culture (InvariantGlobalization, no other culture can be made):
    /// its jobs run in the worker's, the process's read-only invariant culture, and carry none.
    /// </summary>
    private static void NoJobCulture()
    {
        lock (JobFilters) GlobalJobFilters.Filters.Remove(typeof(CaptureCultureAttribute));
    }

    /// <summary>
    /// Hangfire's storage follows the store. SQLite: in memory (one process; the jobs die with it, and the recurring
    /// job finishes a run left unfinished). PostgreSQL: Hangfire.PostgreSql on the store's connection string, in its own
    /// schema (Engine:Hangfire:Schema), created or upgraded at start, so several servers share one night's jobs. The
    /// sliding invisibility timeout keeps a job being worked on invisible to the other servers for as long as its
    /// server lives (its fetched time renewed in the background), however long a partition takes; a job whose server
    /// died is fetched again by another after the invisibility timeout (Engine:Hangfire:InvisibilityTimeout). SQL Server:
    /// Hangfire.SqlServer the same way (its SlidingInvisibilityTimeout), through Microsoft.Data.SqlClient, in the schema
    /// Engine:Hangfire:Schema.
    /// </summary>
    private static IGlobalConfiguration UseStorage(IGlobalConfiguration config, EngineOptions options)
    {
        if (options.Database.Provider == StoreFactory.SqlServer)
            return config.UseSqlServerStorage(options.Database.ConnectionString, new Hangfire.SqlServer.SqlServerStorageOptions
            {
                SqlClientFactory = Microsoft.Data.SqlClient.SqlClientFactory.Instance,
                SchemaName = options.Hangfire.Schema,
                PrepareSchemaIfNecessary = true,
                SlidingInvisibilityTimeout = options.Hangfire.InvisibilityTimeout,
                QueuePollInterval = TimeSpan.FromSeconds(1),
                CommandBatchMaxTimeout = TimeSpan.FromMinutes(5),
                UseRecommendedIsolationLevel = true,
                DisableGlobalLocks = true,
            });
        if (options.Database.Provider != StoreFactory.Postgres)
            return config.UseInMemoryStorage(new InMemoryStorageOptions { IdType = InMemoryStorageIdType.Long });
        return config.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(options.Database.ConnectionString), new PostgreSqlStorageOptions
        {
            SchemaName = options.Hangfire.Schema,
            PrepareSchemaIfNecessary = true,
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = options.Hangfire.InvisibilityTimeout,
            QueuePollInterval = TimeSpan.FromSeconds(1),
        });
    }

    /// <summary>Console (warnings of the frameworks hidden) and a rolling file; the "Serilog" section may override.</summary>
    public static Serilog.ILogger CreateLogger(IConfiguration configuration)
    {
        var config = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Hangfire", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .Enrich.With<RedactingEnricher>();
        if (configuration.GetSection("Serilog").Exists())
            config.ReadFrom.Configuration(configuration);
        else
            config
                // The console gets one line per warning or error; stack traces go to the file only.
                .WriteTo.Console(restrictedToMinimumLevel: LogEventLevel.Warning, standardErrorFromLevel: LogEventLevel.Warning,
                    outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}")
                .WriteTo.File(Path.Combine("logs", "engine-.log"), rollingInterval: RollingInterval.Day,
                    outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {Message:lj} {Properties:j}{NewLine}{Exception}");
        return config.CreateLogger();
    }
}
