using Dapper;
using Engine.Core.Money;
using Engine.Jobs.Data;
using Engine.Jobs.Data.Sqlite;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Engine.Jobs.Tests.Data;

public sealed class SqliteStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("engine-store-").FullName;
    private static readonly Instant T1 = Instant.FromUtc(2024, 10, 1, 8, 0);
    private static readonly Instant T2 = Instant.FromUtc(2024, 11, 1, 8, 0);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private SqliteStore NewStore()
    {
        var store = SqliteStore.ForFile(Path.Combine(_dir, "engine.db"));
        store.Migrate(T1);
        return store;
    }

    [Fact]
    public void Migrations_apply_once_and_a_second_start_applies_nothing()
    {
        var store = SqliteStore.ForFile(Path.Combine(_dir, "engine.db"));
        Assert.Equal(["0001_initial"], store.Migrate(T1).Take(1));
        Assert.Empty(store.Migrate(T2));
    }

    [Fact]
    public void A_correction_is_a_new_version_and_reads_as_of_an_instant_see_what_was_known_then()
    {
        var store = NewStore();
        var original = new BeneficiaryRow
        {
            BeneficiaryId = "B1", Niss = "85073003328", Name = "A", BirthDate = new LocalDate(1985, 7, 30), Sex = 1,
            Mutuality = 131, Iban = null, InsuredFrom = new LocalDate(2000, 1, 1), KnownAt = T1,
        };
        store.AddBeneficiaries([original]);
        store.AddBeneficiaries([new BeneficiaryRow
        {
            BeneficiaryId = "B1", Niss = "85073003328", Name = "A", BirthDate = new LocalDate(1985, 7, 30), Sex = 1,
            Mutuality = 131, Iban = "BE68539007547034", InsuredFrom = new LocalDate(2000, 1, 1), InsuredTo = new LocalDate(2030, 12, 31), KnownAt = T2,
        }]);

        var before = Assert.Single(store.Beneficiaries(T1));
        Assert.Null(before.Iban);
        Assert.Null(before.InsuredTo);
        var after = Assert.Single(store.Beneficiaries(T2));
        Assert.Equal("BE68539007547034", after.Iban);
        Assert.Equal(new LocalDate(2030, 12, 31), after.InsuredTo);
        Assert.Equal(new LocalDate(1985, 7, 30), after.BirthDate);
        Assert.Equal(T2, after.KnownAt);
    }

    [Fact]
    public void Money_and_nullable_money_round_trip_as_cents()
    {
        var store = NewStore();
        store.AddHouseholds(
            [new HouseholdRow { HouseholdId = "H1", Year = 2024, ReferenceIncome = new Money(2_268_705), BimHousehold = true, KnownAt = T1 },
             new HouseholdRow { HouseholdId = "H2", Year = 2024, ReferenceIncome = null, Chronic = true, KnownAt = T1 }],
            [new HouseholdMemberRow { HouseholdId = "H1", BeneficiaryId = "B1", Year = 2024, KnownAt = T1 }]);
        var rows = store.Households(T2);
        Assert.Equal(new Money(2_268_705), rows[0].ReferenceIncome);
        Assert.True(rows[0].BimHousehold);
        Assert.Null(rows[1].ReferenceIncome);
        Assert.True(rows[1].Chronic);
    }

    [Fact]
    public void The_household_relation_round_trips_and_may_be_unknown()
    {
        var store = NewStore();
        store.AddHouseholds([new HouseholdRow { HouseholdId = "H5", Year = 2024, ReferenceIncome = new Money(3_000_000), BimHousehold = true, KnownAt = T1 }],
            [new HouseholdMemberRow { HouseholdId = "H5", BeneficiaryId = "B1", Year = 2024, KnownAt = T1, Relation = "titulaire" },
             new HouseholdMemberRow { HouseholdId = "H5", BeneficiaryId = "B4", Year = 2024, KnownAt = T1, Relation = "other" },
             new HouseholdMemberRow { HouseholdId = "H5", BeneficiaryId = "B5", Year = 2024, KnownAt = T1 }]);
        Assert.Equal(["titulaire", "other", null], store.HouseholdMembers(T2).Select(m => m.Relation));
        // The schema refuses a word the registry does not use.
        Assert.ThrowsAny<Exception>(() => store.AddHouseholds([],
            [new HouseholdMemberRow { HouseholdId = "H5", BeneficiaryId = "B6", Year = 2024, KnownAt = T2, Relation = "lodger" }]));
    }

    [Fact]
    public void Lines_by_id_are_read_for_more_ids_than_sqlite_takes_parameters_in_line_order()
    {
        // SQLite refuses a statement with more than 32,766 parameters: a night of 40,000 lines must still be read back.
        var store = NewStore();
        var lines = Enumerable.Range(1, 40_000).Select(i => new CareLineRow
        {
            InvoiceNumber = (i / 10).ToString(), RecordSeq = i, BeneficiaryId = "B1", ProviderId = "P1", Code = 101076,
            ServiceDate = new LocalDate(2024, 2, 1 + i % 28), Quantity = 1, Billed = new Money(3182), ClaimedInsurer = new Money(2582),
            ClaimedShare = new Money(600), Supplement = Money.Zero, Conventioned = true, Channel = "efact", KnownAt = T1,
        }).ToList();
        var sending = store.AddSending(new SendingRow
        {
            Channel = "efact", FileName = "big", Sha256 = "00", Identity = "efact:big", Raw = [1], Status = "imported", ReceivedAt = T1,
        }, lines);
        var ids = store.UnprocessedLines(T2).Select(l => l.LineId).Reverse().ToList();
        var read = store.Lines(ids);
        Assert.Equal(40_000, read.Count);
        Assert.Equal(ids.Order(), read.Select(l => l.LineId));
        Assert.Single(store.SendingHeaders(Enumerable.Repeat(sending, 40_000)));
    }

    [Fact]
    public void Instants_compare_as_instants_not_as_text_whatever_their_fraction_of_a_second()
    {
        // Instants were stored as ISO text with the fraction trimmed ("...02:00:00Z", "...02:00:00.5Z"), and SQLite compares
        // text: "02:00:00.5Z" sorts before "02:00:00Z" ('.' < 'Z'). So a line received half a second after a run's as-of
        // instant was seen by that run, and a registry correction made in the same second as the row it corrects lost
        // to it (MAX(known_at) picked the older row).
        var store = NewStore();
        var asOf = Instant.FromUtc(2024, 3, 5, 1, 0, 0);
        var halfSecondLater = asOf + Duration.FromMilliseconds(500);
        store.AddSending(new SendingRow
        {
            Channel = "efact", FileName = "late", Sha256 = "01", Identity = "efact:late", Raw = [1], Status = "imported", ReceivedAt = halfSecondLater,
        }, [new CareLineRow
        {
            InvoiceNumber = "1", RecordSeq = 1, BeneficiaryId = "B1", ProviderId = "P1", Code = 101076, ServiceDate = new LocalDate(2024, 2, 1),
            Quantity = 1, Billed = new Money(3182), ClaimedInsurer = new Money(2582), ClaimedShare = new Money(600), Supplement = Money.Zero,
            Conventioned = true, Channel = "efact", KnownAt = halfSecondLater,
        }]);
        Assert.Empty(store.UnprocessedLines(asOf));
        Assert.Single(store.UnprocessedLines(halfSecondLater));

        BeneficiaryRow Version(string? iban, Instant knownAt) => new()
        {
            BeneficiaryId = "B1", Niss = "85073003328", Name = "A", BirthDate = new LocalDate(1985, 7, 30), Sex = 1, Mutuality = 131,
            Iban = iban, InsuredFrom = new LocalDate(2000, 1, 1), KnownAt = knownAt,
        };
        store.AddBeneficiaries([Version(null, asOf), Version("BE68539007547034", halfSecondLater)]);
        Assert.Null(Assert.Single(store.Beneficiaries(asOf)).Iban);
        Assert.Equal("BE68539007547034", Assert.Single(store.Beneficiaries(asOf + Duration.FromSeconds(1))).Iban);
        Assert.Equal(halfSecondLater, Assert.Single(store.Beneficiaries(halfSecondLater)).KnownAt);
    }

    [Fact]
    public void Instants_stored_before_migration_0007_are_rewritten_with_nine_decimals()
    {
        var path = Path.Combine(_dir, "engine.db");
        using (var c = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            // The schema as migration 0006 left it, with rows as the earlier versions wrote them (fraction trimmed), then
            // migration 0007 (and the later ones) applied to them.
            c.Open();
            c.Execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT NULL, applied_at TEXT NOT NULL)");
            foreach (var script in Migrator.Scripts("Sqlite").Where(m => m.Version <= 6))
            {
                c.Execute(script.Sql);
                c.Execute("INSERT INTO schema_migrations VALUES (@Version, @Name, @Sha256, 'then')", script);
            }
            c.Execute("""
                INSERT INTO beneficiaries (beneficiary_id, niss, name, birth_date, sex, mutuality, iban, insured_from, known_at) VALUES
                    ('B1', '85073003328', 'A', '1985-07-30', 1, 131, NULL, '2000-01-01', '2024-03-05T01:00:00Z'),
                    ('B1', '85073003328', 'A', '1985-07-30', 1, 131, 'BE68539007547034', '2000-01-01', '2024-03-05T01:00:00.5Z')
                """);
        }
        SqliteConnection.ClearAllPools();
        var store = SqliteStore.ForFile(path);
        Assert.Equal("0007_fixed_width_instants", store.Migrate(T2)[0]);
        using (var c = new SqliteConnection($"Data Source={path};Pooling=False"))
            Assert.Equal(["2024-03-05T01:00:00.000000000Z", "2024-03-05T01:00:00.500000000Z"],
                c.Query<string>("SELECT known_at FROM beneficiaries ORDER BY known_at"));
        SqliteConnection.ClearAllPools();
        var latest = Assert.Single(store.Beneficiaries(Instant.FromUtc(2024, 3, 5, 1, 0, 1)));
        Assert.Equal("BE68539007547034", latest.Iban);
        Assert.Equal(Instant.FromUtc(2024, 3, 5, 1, 0) + Duration.FromMilliseconds(500), latest.KnownAt);
    }

    [Fact]
    public void A_status_period_imported_again_with_its_end_replaces_the_open_one_and_the_right_ends()
    {
        // The registry is imported whole each time: a BIM right open since 2023-01-01, then the same period closed on
        // 2023-12-31 (the right was reviewed and ended). Every status row counted, so the open row kept the member BIM
        // for ever: a lower personal share, the insurer paying more on every line. A period is one row, by member,
        // status and first day: its latest version counts.
        var store = NewStore();
        StatusRow Row(string status, LocalDate from, LocalDate? to, Instant knownAt, string? provider = null) => new()
        {
            BeneficiaryId = "B1", Status = status, FromDate = from, ToDate = to, ProviderId = provider, KnownAt = knownAt,
        };
        store.AddStatuses([Row("bim", new LocalDate(2023, 1, 1), null, T1), Row("dmg", new LocalDate(2022, 6, 1), null, T1, "P1")]);
        store.AddStatuses([Row("bim", new LocalDate(2023, 1, 1), new LocalDate(2023, 12, 31), T2), Row("dmg", new LocalDate(2022, 6, 1), new LocalDate(2023, 8, 31), T2, "P1"),
                           Row("dmg", new LocalDate(2023, 9, 1), null, T2, "P2")]);

        var then = new Engine.Jobs.Runs.StatusIndex(store.Statuses(T1));
        Assert.True(then.Has("B1", "bim", new LocalDate(2024, 2, 1)));
        Assert.Equal("P1", then.DmgHolder("B1", new LocalDate(2024, 2, 1)));
        var now = new Engine.Jobs.Runs.StatusIndex(store.Statuses(T2));
        Assert.True(now.Has("B1", "bim", new LocalDate(2023, 12, 31)));
        Assert.False(now.Has("B1", "bim", new LocalDate(2024, 2, 1)));
        Assert.Equal("P1", now.DmgHolder("B1", new LocalDate(2023, 8, 31)));
        Assert.Equal("P2", now.DmgHolder("B1", new LocalDate(2024, 2, 1)));
        Assert.Equal(3, store.Statuses(T2).Count);
    }
}
