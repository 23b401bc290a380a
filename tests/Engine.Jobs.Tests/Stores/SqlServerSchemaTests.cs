using Engine.Store.SqlServer;
using NodaTime;

namespace Engine.Jobs.Tests.Stores;

/// <summary>The SQL Server store's own migrations on a real server (ENGINE_TEST_SQLSERVER): applied once, in the user's default schema.</summary>
public sealed class SqlServerSchemaTests
{
    private static readonly Instant T = Instant.FromUtc(2024, 3, 4, 17, 0);

    [SkippableFact]
    public void The_migrations_are_applied_once_and_a_second_migrate_applies_nothing()
    {
        using var store = TestStores.Create(StoreKind.SqlServer, Path.GetTempPath());
        Assert.Equal(SqlServerStore.Scripts().Select(s => s.Name), store.Store.Migrate(T));
        Assert.Empty(store.Store.Migrate(T.Plus(Duration.FromHours(1))));
        Assert.Equal(SqlServerStore.Scripts().Count, store.Execute("UPDATE schema_migrations SET name = name"));
        Assert.Equal(1, store.Count("SELECT COUNT_BIG(*) FROM sys.tables WHERE name = 'run_items' AND schema_id = SCHEMA_ID(SCHEMA_NAME())"));
        // The store's identity: 32 lower-case hexadecimal digits, made once by the migration.
        Assert.Matches("^[0-9a-f]{32}$", store.Store.StoreId());
    }

    [SkippableFact]
    public void The_runs_lock_is_held_by_one_holder_at_a_time_and_released_on_dispose()
    {
        using var store = TestStores.Create(StoreKind.SqlServer, Path.GetTempPath());
        store.Store.Migrate(T);
        using (var first = store.Store.TryLockRuns())
        {
            Assert.NotNull(first);
            Assert.Null(store.Store.TryLockRuns());
        }
        using var again = store.Store.TryLockRuns();
        Assert.NotNull(again);
    }
}
