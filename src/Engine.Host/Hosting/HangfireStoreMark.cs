using Engine.Host.Commands;
using Hangfire;

namespace Engine.Host.Hosting;

/// <summary>
/// Hangfire's job storage belongs to one store, as an output folder does (`.engine-store`): the first `serve` writes
/// the store's id into it (a hash `engine:store`, under Hangfire's own distributed lock), and a `serve` of another store
/// pointed at the same storage (two insurers in one database with the same `Engine:Hangfire:Schema`) is refused at
/// start, before it registers its recurring jobs over the other's or takes the other's jobs (docs/insurers.md).
/// </summary>
public static class HangfireStoreMark
{
    public const string Key = "engine:store";

    public static void Claim(JobStorage storage, string storeId, string schema)
    {
        using var connection = storage.GetConnection();
        using (connection.AcquireDistributedLock(Key, TimeSpan.FromSeconds(30)))
        {
            var marked = connection.GetAllEntriesFromHash(Key);
            if (marked is not null && marked.TryGetValue("id", out var id) && id != storeId)
                throw new CliError(
                    $"Hangfire's storage (Engine:Hangfire:Schema = '{schema}') holds the jobs of another store (id {id}); this store is {storeId}: " +
                    "give each store (each insurer) its own Engine:Hangfire:Schema");
            if (marked is null || !marked.ContainsKey("id"))
                connection.SetRangeInHash(Key, [new KeyValuePair<string, string>("id", storeId)]);
        }
    }
}
