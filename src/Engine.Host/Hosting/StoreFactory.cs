using Engine.Jobs;
using Engine.Jobs.Data;
using Engine.Jobs.Data.Sqlite;
using Engine.Store.Postgres;
using Engine.Store.SqlServer;

namespace Engine.Host.Hosting;

/// <summary>The store <c>Engine:Database:Provider</c> names, on <c>Engine:Database:ConnectionString</c> (docs/stores.md).</summary>
public static class StoreFactory
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";
    public const string SqlServer = "sqlserver";

    /// <summary>Why a provider is refused; null when the engine runs on it.</summary>
    public static string? Refusal(string provider) => provider switch
    {
        Sqlite or Postgres or SqlServer => null,
        _ => $"Engine:Database:Provider = '{provider}' is not supported ({Sqlite}, {Postgres}, {SqlServer})",
    };

    public static IEngineStore Create(DatabaseOptions database) => database.Provider switch
    {
        Sqlite => new SqliteStore(database.ConnectionString),
        Postgres => new PostgresStore(database.ConnectionString),
        SqlServer => new SqlServerStore(database.ConnectionString),
        _ => throw new InvalidOperationException(Refusal(database.Provider)),
    };
}
