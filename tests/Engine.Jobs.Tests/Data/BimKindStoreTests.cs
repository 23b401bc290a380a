using Dapper;
using Engine.Jobs.Data;
using Engine.Jobs.Data.Sqlite;
using Engine.Jobs.Runs;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Engine.Jobs.Tests.Data;

/// <summary>
/// Migration 0009: the BIM kind of a status period (avantages = granted with a social benefit, enquiry = after an income
/// enquiry), stored, read back as of an instant, and defaulted for the rows written before it.
/// </summary>
public sealed class BimKindStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("engine-bimkind-").FullName;
    private static readonly Instant T1 = Instant.FromUtc(2025, 1, 10, 8, 0);
    private static readonly Instant T2 = Instant.FromUtc(2025, 2, 10, 8, 0);
    private string Db => Path.Combine(_dir, "engine.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static StatusRow Bim(string id, string? kind, Instant knownAt) => new()
    {
        BeneficiaryId = id, Status = "bim", FromDate = new LocalDate(2020, 1, 1), KnownAt = knownAt, BimKind = kind,
    };

    [Fact]
    public void The_kind_round_trips_and_a_later_version_of_the_period_changes_it()
    {
        var store = SqliteStore.ForFile(Db);
        store.Migrate(T1);
        store.AddStatuses([Bim("B1", BimKinds.Avantages, T1), Bim("B2", BimKinds.Enquiry, T1), Bim("B3", null, T1)]);
        // B2's right is reviewed: granted with a benefit from now on (the same period sent again with its kind)
        store.AddStatuses([Bim("B2", BimKinds.Avantages, T2)]);

        var then = store.Statuses(T1).ToDictionary(s => s.BeneficiaryId);
        Assert.Equal((BimKinds.Avantages, BimKinds.Enquiry, (string?)null), (then["B1"].BimKind, then["B2"].BimKind, then["B3"].BimKind));
        var index = new StatusIndex(store.Statuses(T1));
        var day = new LocalDate(2025, 3, 10);
        Assert.True(index.BimAvantages("B1", day));
        Assert.False(index.BimAvantages("B2", day));
        Assert.True(index.BimAvantages("B3", day)); // not recorded: read as avantages, the reading that protects the member
        Assert.False(index.BimAvantages("B9", day));
        Assert.True(new StatusIndex(store.Statuses(T2)).BimAvantages("B2", day));
    }

    [Fact]
    public void Rows_written_before_migration_0009_read_as_BIM_avantages_and_only_a_bim_row_takes_a_kind()
    {
        // A database of the previous version: migrations 0001-0008 applied, a BIM period written without a kind.
        using (var c = new SqliteConnection($"Data Source={Db}"))
        {
            c.Open();
            c.Execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT NULL, applied_at TEXT NOT NULL)");
            foreach (var s in Migrator.Scripts("Sqlite").Where(s => s.Version < 9))
            {
                c.Execute(s.Sql);
                c.Execute("INSERT INTO schema_migrations VALUES (@v, @n, @h, 'then')", new { v = s.Version, n = s.Name, h = s.Sha256 });
            }
            c.Execute("""
                INSERT INTO beneficiary_statuses (beneficiary_id, status, from_date, to_date, provider_id, known_at)
                VALUES ('B1', 'bim', '2020-01-01', NULL, NULL, @k)
                """, new { k = DbTypes.Stored(T1) });
        }
        var store = SqliteStore.ForFile(Db);
        Assert.Equal("0009_bim_kind", store.Migrate(T2)[0]); // later scripts follow it
        var old = Assert.Single(store.Statuses(T2));
        Assert.Null(old.BimKind);
        Assert.True(old.BimAvantages);

        // the column's check: a kind on another status, or an unknown kind, is refused by the database itself
        var dmg = new StatusRow { BeneficiaryId = "B1", Status = "dmg", FromDate = new LocalDate(2020, 1, 1), ProviderId = "P1", KnownAt = T2, BimKind = BimKinds.Enquiry };
        Assert.Throws<SqliteException>(() => store.AddStatuses([dmg]));
        Assert.Throws<SqliteException>(() => store.AddStatuses([Bim("B1", "automatic", T2)]));
        Assert.Single(store.Statuses(T2));
    }
}
