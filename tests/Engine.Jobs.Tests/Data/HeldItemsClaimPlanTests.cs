using System.Reflection;
using Dapper;
using Engine.Jobs.Data.Sqlite;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Engine.Jobs.Tests.Data;

/// <summary>
/// The claim of held items costs what is held, not the history of past runs (issue 11): SQLite reaches the held items
/// through the index of held items alone (migration 0043); before it, the claim read one index entry per item of every
/// run ever stored and looked up each row's outcome.
/// </summary>
public sealed class HeldItemsClaimPlanTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("engine-held-plan-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void The_claim_reads_the_held_items_through_their_own_index_and_scans_no_run_items()
    {
        var db = Path.Combine(_dir, "engine.db");
        SqliteStore.ForFile(db).Migrate(Instant.FromUtc(2026, 12, 7, 1, 0));
        var sql = (string)typeof(SqliteStore).GetField("HeldItemsSql", BindingFlags.Static | BindingFlags.NonPublic)!.GetValue(null)!;
        using var c = new SqliteConnection($"Data Source={db}");
        c.Open();

        var plan = c.Query("EXPLAIN QUERY PLAN " + sql, new { runId = "nightly-2026-12-07" }).Select(r => (string)r.detail).ToList();

        var text = string.Join("\n", plan);
        // The outer loop walks the held items only, in source order (no sort), and the search for a later copy held
        // again uses the same index; every other step is a search by key.
        Assert.Contains("SCAN h USING INDEX ix_run_items_held", text);
        Assert.Contains("SEARCH y USING INDEX ix_run_items_held (source_ref=?)", text);
        Assert.DoesNotContain(plan, d => d.StartsWith("SCAN", StringComparison.Ordinal) && !d.Contains("ix_run_items_held", StringComparison.Ordinal));
        Assert.DoesNotContain("TEMP B-TREE", text);
    }
}
