using Engine.Host.Commands;
using Engine.Host.Hosting;
using Engine.Host.Tests.ExactlyOnce;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Npgsql;

namespace Engine.Host.Tests.Insurers;

/// <summary>
/// Two stores (two insurers) pointed at one Hangfire storage: the first `serve` marks it with its store id, the same
/// store starts again on it, and another store is refused with the setting to change, on a real PostgreSQL server
/// through Hangfire.PostgreSql. Needs ENGINE_TEST_POSTGRES (skipped without it, failed without it when CI=true).
/// </summary>
public sealed class HangfireStoreMarkTests
{
    [SkippableFact]
    public void A_Hangfire_storage_serves_the_store_that_marked_it_and_refuses_another()
    {
        var server = PostgresNight.Server();
        var schema = "hf_mark_" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(server, new PostgreSqlStorageOptions()),
                new PostgreSqlStorageOptions { SchemaName = schema, PrepareSchemaIfNecessary = true });
            HangfireStoreMark.Claim(storage, "store-a", schema);
            HangfireStoreMark.Claim(storage, "store-a", schema); // the same store again: its own storage

            var refused = Assert.Throws<CliError>(() => HangfireStoreMark.Claim(storage, "store-b", schema));
            Assert.Equal(
                $"Hangfire's storage (Engine:Hangfire:Schema = '{schema}') holds the jobs of another store (id store-a); this store is store-b: " +
                "give each store (each insurer) its own Engine:Hangfire:Schema", refused.Message);
            using var connection = storage.GetConnection();
            Assert.Equal("store-a", connection.GetAllEntriesFromHash(HangfireStoreMark.Key)!["id"]);
        }
        finally
        {
            using var c = new NpgsqlConnection(server);
            c.Open();
            using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", c);
            drop.ExecuteNonQuery();
        }
    }
}
