using Engine.Jobs.Data;
using Engine.Jobs.Tests.Stores;
using NodaTime;

namespace Engine.Jobs.Tests.Data;

using Money = Engine.Core.Money.Money;

/// <summary>
/// A partition's lines come with the member's household in the line's year and the member's relation in it, both as of
/// the run's instant: the latest row of the member and year known then (a later version ignored, a version with no
/// relation saying none, another year's row not used). SQLite reads the relations for the partition's members at once
/// rather than line by line: every store must give the same.
/// </summary>
public abstract class PartitionLinesStoreTests(StoreKind kind) : TempStore("engine-partition-lines-", T1, kind)
{
    private static readonly Instant T1 = Instant.FromUtc(2024, 1, 2, 8, 0);
    private static readonly Instant T2 = Instant.FromUtc(2024, 2, 2, 8, 0);
    private static readonly Instant AsOf = Instant.FromUtc(2024, 3, 5, 1, 0);
    private static readonly Instant T4 = Instant.FromUtc(2024, 3, 5, 2, 0);

    private static CareLineRow Line(int seq, string member, int year) => new()
    {
        InvoiceNumber = "i" + seq, RecordSeq = seq, BeneficiaryId = member, ProviderId = "P1", Code = 101076, ServiceDate = new LocalDate(year, 2, 1),
        Quantity = 1, Billed = new Money(30_00), Conventioned = true, Channel = "eattest", KnownAt = T1,
    };

    private static HouseholdMemberRow Member(string household, string member, int year, Instant known, string? relation) =>
        new() { HouseholdId = household, BeneficiaryId = member, Year = year, KnownAt = known, Relation = relation };

    [SkippableFact]
    public void Each_line_has_the_household_and_relation_of_its_member_and_year_as_of_the_run()
    {
        Store.AddHouseholds([],
        [
            // B1 in 2024: titulaire, then partner (T2), then other after the run's instant (ignored): partner.
            Member("H1", "B1", 2024, T1, "titulaire"), Member("H1", "B1", 2024, T2, "partner"), Member("H1", "B1", 2024, T4, "other"),
            // B2 in 2024: dependant of H2, then moved to H3 with no relation said: H3, none. In 2023: other in H5.
            Member("H2", "B2", 2024, T1, "dependant"), Member("H3", "B2", 2024, T2, null), Member("H5", "B2", 2023, T1, "other"),
            // B3 only in 2023: its 2024 line has no household.
            Member("H4", "B3", 2023, T1, "titulaire"),
        ]);
        Store.AddSending(new SendingRow { Channel = "eattest", FileName = "a", Sha256 = new string('a', 64), Identity = "a", Raw = [], Status = "accepted", ReceivedAt = T1 },
            [Line(1, "B1", 2024), Line(2, "B2", 2024), Line(3, "B2", 2023), Line(4, "B3", 2024), Line(5, "B1", 2023), Line(6, "B4", 2024)]);
        Store.StartRun(new RunRow { RunId = "r", Kind = "nightly", RunDate = new LocalDate(2024, 3, 5), AsOf = AsOf, RuleSetVersion = "v", StartedAt = AsOf },
            _ => 1, (_, _) => 0);

        var lines = Store.PartitionLines("r", 0);
        Assert.Equal(["i1", "i2", "i3", "i4", "i5", "i6"], lines.Select(l => l.Line.InvoiceNumber));
        Assert.Equal(["H1", "H3", "H5", null, null, null], lines.Select(l => l.HouseholdId));
        Assert.Equal(["partner", null, "other", null, null, null], lines.Select(l => l.Relation));
    }
}

public sealed class PartitionLinesStoreTestsOnSqlite() : PartitionLinesStoreTests(StoreKind.Sqlite);

public sealed class PartitionLinesStoreTestsOnPostgres() : PartitionLinesStoreTests(StoreKind.Postgres);

public sealed class PartitionLinesStoreTestsOnSqlServer() : PartitionLinesStoreTests(StoreKind.SqlServer);
