using Dapper;
using Engine.Jobs.Data;
using Engine.Jobs.Data.Sqlite;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Engine.Jobs.Tests.Data;

/// <summary>Migration 0011 (the run as a pipeline of phases) on databases that had runs in flight.</summary>
public sealed class RunPipelineMigrationTests : IDisposable
{
    private static readonly Instant Now = Instant.FromUtc(2026, 12, 6, 20, 0);
    private readonly string _root = Directory.CreateTempSubdirectory("engine-migration-0011-").FullName;
    private string Db => Path.Combine(_root, "engine.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>A database of the previous version (migrations 0001-0010) holding the given runs (id, status, computed_seq).</summary>
    private void PreviousVersionWith(params (string Id, string Status, int? Seq)[] runs)
    {
        using var c = new SqliteConnection($"Data Source={Db}");
        c.Open();
        c.Execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT NULL, applied_at TEXT NOT NULL)");
        foreach (var s in Migrator.Scripts("Sqlite").Where(s => s.Version <= 10))
        {
            c.Execute(s.Sql);
            c.Execute("INSERT INTO schema_migrations VALUES (@v, @n, @h, 'then')", new { v = s.Version, n = s.Name, h = s.Sha256 });
        }
        foreach (var (id, status, seq) in runs)
            c.Execute("""
                INSERT INTO runs (run_id, kind, run_date, as_of, rule_set_version, status, started_at, finished_at, computed_seq)
                VALUES (@id, 'nightly', '2026-01-05', '2026-01-05T01:00:00.000000000Z', 'v', @status, '2026-01-05T01:00:00.000000000Z',
                        CASE WHEN @status = 'completed' THEN '2026-01-05T01:10:00.000000000Z' END, @seq)
                """, new { id, status, seq });
    }

    [Fact]
    public void A_run_computed_but_never_claimed_that_a_later_run_went_on_from_is_refused_instead_of_recomputed()
    {
        // A computed (seq 1) and never claimed; B computed after it (seq 2), so B read what A stored (days covered,
        // counters): computed again, A would find them covered and they would never be paid.
        PreviousVersionWith(("nightly-2026-01-05", "computed", 1), ("arrival-2026-01-05-x", "completed", 2));
        var e = Assert.ThrowsAny<SqliteException>(() => SqliteStore.ForFile(Db).Migrate(Now));
        Assert.Contains("migration 0011 refused", e.Message);
        using var c = new SqliteConnection($"Data Source={Db}");
        Assert.Equal(10, c.ExecuteScalar<long>("SELECT MAX(version) FROM schema_migrations")); // nothing of 0011 applied
        Assert.Equal("computed", c.ExecuteScalar<string>("SELECT status FROM runs WHERE run_id = 'nightly-2026-01-05'"));
    }

    [Fact]
    public void A_run_computed_but_never_claimed_with_no_later_run_is_computed_again_and_a_completed_run_counts_as_one_partition()
    {
        PreviousVersionWith(("nightly-2026-01-04", "completed", 1), ("nightly-2026-01-05", "computed", 2));
        var store = SqliteStore.ForFile(Db);
        Assert.Contains("0011_run_pipeline", store.Migrate(Now));
        Assert.Equal(RunPhase.Started, store.Run("nightly-2026-01-05")!.Phase);
        // The completed run was computed whole: one partition recorded, so no job waits for a partition never computed.
        var partition = Assert.Single(store.Partitions("nightly-2026-01-04"));
        Assert.Equal(0, partition.Partition);
        Assert.Empty(store.Partitions("nightly-2026-01-05"));
    }
}
