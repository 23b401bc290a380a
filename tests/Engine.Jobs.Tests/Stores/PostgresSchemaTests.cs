using Engine.Store.Postgres;
using NodaTime;
using Npgsql;

namespace Engine.Jobs.Tests.Stores;

/// <summary>The PostgreSQL store's own migrations: applied once, in the connection's schema, refused without one.</summary>
public sealed class PostgresSchemaTests
{
    private static readonly Instant T = Instant.FromUtc(2024, 3, 4, 17, 0);

    [SkippableFact]
    public void The_migrations_are_applied_once_and_a_second_migrate_applies_nothing()
    {
        using var store = TestStores.Create(StoreKind.Postgres, Path.GetTempPath());
        Assert.Equal(PostgresStore.Scripts().Select(s => s.Name), store.Store.Migrate(T));
        Assert.Equal("0001_initial", PostgresStore.Scripts()[0].Name);
        Assert.Empty(store.Store.Migrate(T.Plus(Duration.FromHours(1))));
        // Recorded once each, in the test's own schema (the search path of its connection).
        Assert.Equal(PostgresStore.Scripts().Count, store.Execute("UPDATE schema_migrations SET name = name"));
        Assert.Equal(1, store.Count("""
            SELECT COUNT(*) FROM information_schema.tables
            WHERE table_name = 'run_items' AND table_schema = current_schema() AND table_schema LIKE 'engine_test_%'
            """));
    }

    [SkippableFact]
    public void A_search_path_naming_no_schema_is_refused_with_the_reason()
    {
        var server = TestStores.PostgresServer();
        var connection = new NpgsqlConnectionStringBuilder(server) { SearchPath = "engine_no_such_schema_" + Guid.NewGuid().ToString("N") }.ConnectionString;
        using var store = new PostgresStore(connection);
        var e = Assert.Throws<InvalidOperationException>(() => store.Migrate(T));
        Assert.Contains("create it (CREATE SCHEMA ...)", e.Message);
    }
}
