using Dapper;
using NodaTime;

namespace Engine.Jobs.Data.Sqlite;

public sealed partial class SqliteStore
{
    public void AddBeneficiaries(IEnumerable<BeneficiaryRow> rows) => InTransaction((c, tx) => InsertAll(c, tx, """
        INSERT INTO beneficiaries (beneficiary_id, niss, name, birth_date, sex, mutuality, iban, insured_from, insured_to, known_at, language)
        VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10)
        """, 11, rows, (r, p) =>
    {
        p[0].Value = r.BeneficiaryId; p[1].Value = r.Niss; p[2].Value = r.Name; p[3].Value = Db(r.BirthDate); p[4].Value = r.Sex;
        p[5].Value = r.Mutuality; p[6].Value = Db(r.Iban); p[7].Value = Db(r.InsuredFrom); p[8].Value = Db(r.InsuredTo); p[9].Value = Db(r.KnownAt);
        p[10].Value = Db(r.Language);
    }));

    public void AddStatuses(IEnumerable<StatusRow> rows) => InTransaction((c, tx) => InsertAll(c, tx, """
        INSERT INTO beneficiary_statuses (beneficiary_id, status, from_date, to_date, provider_id, known_at, bim_kind)
        VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6)
        """, 7, rows, (r, p) =>
    {
        p[0].Value = r.BeneficiaryId; p[1].Value = r.Status; p[2].Value = Db(r.FromDate); p[3].Value = Db(r.ToDate);
        p[4].Value = Db(r.ProviderId); p[5].Value = Db(r.KnownAt); p[6].Value = Db(r.BimKind);
    }));

    public void AddProviders(IEnumerable<ProviderRow> rows) => InTransaction((c, tx) => InsertAll(c, tx, """
        INSERT INTO providers (provider_id, nihii, name, kind, conventioned, iban, known_at)
        VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6)
        """, 7, rows, (r, p) =>
    {
        p[0].Value = r.ProviderId; p[1].Value = r.Nihii; p[2].Value = r.Name; p[3].Value = r.Kind; p[4].Value = r.Conventioned;
        p[5].Value = Db(r.Iban); p[6].Value = Db(r.KnownAt);
    }));

    public void AddHouseholds(IEnumerable<HouseholdRow> rows, IEnumerable<HouseholdMemberRow> members) => InTransaction((c, tx) =>
    {
        InsertAll(c, tx, """
            INSERT INTO households (household_id, year, reference_income_cents, bim_household, chronic, known_at)
            VALUES ($p0, $p1, $p2, $p3, $p4, $p5)
            """, 6, rows, (r, p) =>
        {
            p[0].Value = r.HouseholdId; p[1].Value = r.Year; p[2].Value = r.ReferenceIncome is { } income ? income.Cents : DBNull.Value;
            p[3].Value = r.BimHousehold; p[4].Value = r.Chronic; p[5].Value = Db(r.KnownAt);
        });
        InsertAll(c, tx, """
            INSERT INTO household_members (household_id, beneficiary_id, year, known_at, relation)
            VALUES ($p0, $p1, $p2, $p3, $p4)
            """, 5, members, (r, p) =>
        {
            p[0].Value = r.HouseholdId; p[1].Value = r.BeneficiaryId; p[2].Value = r.Year; p[3].Value = Db(r.KnownAt); p[4].Value = Db(r.Relation);
        });
    });

    // Latest version of each key known by @asOf. Beneficiaries, statuses and households are read for the whole registry
    // (replay, recalc, explain) and for one partition's members (a run): both readings are the one query below, the
    // partition's adding only its IN list, so a column added to a table reaches every path at once (a status's bim_kind
    // once went missing from the partition's reading: runs took an enquiry BIM for avantages and no replay reproduced them).
    private const string BeneficiariesAsOf = """
        SELECT b.beneficiary_id AS BeneficiaryId, b.niss AS Niss, b.name AS Name, b.birth_date AS BirthDate, b.sex AS Sex,
               b.mutuality AS Mutuality, b.iban AS Iban, b.insured_from AS InsuredFrom, b.insured_to AS InsuredTo, b.known_at AS KnownAt, b.language AS Language
        FROM beneficiaries b
        WHERE b.known_at = (SELECT MAX(x.known_at) FROM beneficiaries x
                            WHERE x.beneficiary_id = b.beneficiary_id AND x.known_at <= @asOf)
        """;
    private const string BeneficiariesOrder = " ORDER BY b.beneficiary_id";

    // Statuses are dated periods: a period is one row by member, status and first day, and its latest version known by
    // @asOf counts (the registry sends the period again with its end when a right ends). Another first day is another
    // period, added to the others.
    private const string StatusesAsOf = """
        SELECT s.beneficiary_id AS BeneficiaryId, s.status AS Status, s.from_date AS FromDate, s.to_date AS ToDate,
               s.provider_id AS ProviderId, s.known_at AS KnownAt, s.bim_kind AS BimKind
        FROM beneficiary_statuses s
        WHERE s.known_at = (SELECT MAX(x.known_at) FROM beneficiary_statuses x
                            WHERE x.beneficiary_id = s.beneficiary_id AND x.status = s.status AND x.from_date = s.from_date
                              AND x.known_at <= @asOf)
        """;
    private const string StatusesOrder = " ORDER BY s.beneficiary_id, s.status, s.from_date, s.known_at";

    private const string HouseholdsAsOf = """
        SELECT h.household_id AS HouseholdId, h.year AS Year, h.reference_income_cents AS ReferenceIncome,
               h.bim_household AS BimHousehold, h.chronic AS Chronic, h.known_at AS KnownAt
        FROM households h
        WHERE h.known_at = (SELECT MAX(x.known_at) FROM households x
                            WHERE x.household_id = h.household_id AND x.year = h.year AND x.known_at <= @asOf)
        """;
    private const string HouseholdsOrder = " ORDER BY h.household_id, h.year";

    public IReadOnlyList<BeneficiaryRow> Beneficiaries(Instant asOf) => Rows(BeneficiariesAsOf + BeneficiariesOrder, ReadBeneficiary, AsOf(asOf));

    public IReadOnlyList<StatusRow> Statuses(Instant asOf) => Rows(StatusesAsOf + StatusesOrder, ReadStatus, AsOf(asOf));

    public IReadOnlyList<ProviderRow> Providers(Instant asOf)
    {
        using var c = Open();
        return c.Query<ProviderRow>("""
            SELECT p.provider_id AS ProviderId, p.nihii AS Nihii, p.name AS Name, p.kind AS Kind,
                   p.conventioned AS Conventioned, p.iban AS Iban, p.known_at AS KnownAt
            FROM providers p
            WHERE p.known_at = (SELECT MAX(x.known_at) FROM providers x
                                WHERE x.provider_id = p.provider_id AND x.known_at <= @asOf)
            ORDER BY p.provider_id
            """, new { asOf }).AsList();
    }

    public IReadOnlyList<HouseholdRow> Households(Instant asOf) => Rows(HouseholdsAsOf + HouseholdsOrder, ReadHousehold, AsOf(asOf));

    public IReadOnlyList<HouseholdMemberRow> HouseholdMembers(Instant asOf)
    {
        using var c = Open();
        return c.Query<HouseholdMemberRow>("""
            SELECT m.household_id AS HouseholdId, m.beneficiary_id AS BeneficiaryId, m.year AS Year, m.known_at AS KnownAt,
                   m.relation AS Relation
            FROM household_members m
            WHERE m.known_at = (SELECT MAX(x.known_at) FROM household_members x
                                WHERE x.beneficiary_id = m.beneficiary_id AND x.year = m.year AND x.known_at <= @asOf)
            ORDER BY m.beneficiary_id, m.year
            """, new { asOf }).AsList();
    }

    public IReadOnlyList<BeneficiaryRow> Beneficiaries(Instant asOf, IEnumerable<string> ids) =>
        Rows(BeneficiariesAsOf + $" AND b.beneficiary_id {InKeys("@ids")}" + BeneficiariesOrder, ReadBeneficiary, AsOf(asOf), ("@ids", JsonKeys(ids)));

    public IReadOnlyList<StatusRow> Statuses(Instant asOf, IEnumerable<string> beneficiaryIds) =>
        Rows(StatusesAsOf + $" AND s.beneficiary_id {InKeys("@ids")}" + StatusesOrder, ReadStatus, AsOf(asOf), ("@ids", JsonKeys(beneficiaryIds)));

    public IReadOnlyList<HouseholdRow> Households(Instant asOf, IEnumerable<string> householdIds) =>
        Rows(HouseholdsAsOf + $" AND h.household_id {InKeys("@ids")}" + HouseholdsOrder, ReadHousehold, AsOf(asOf), ("@ids", JsonKeys(householdIds)));

    /// <summary>The as-of instant bound as Dapper's handler binds it (the stored, fixed-width text).</summary>
    private static (string, object?) AsOf(Instant asOf) => ("@asOf", DbTypes.Stored(asOf));
}
