using Engine.Core.Money;
using Engine.Jobs.Data;
using Engine.Jobs.Data.Sqlite;
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
}
