using Dapper;
using Engine.Jobs.Data;
using NodaTime;

namespace Engine.Store.Postgres;

public sealed partial class PostgresStore
{
    public void AddBeneficiaries(IEnumerable<BeneficiaryRow> rows) => InTransaction((c, _) => Copy(c, """
        beneficiaries (beneficiary_id, niss, name, birth_date, sex, mutuality, iban, insured_from, insured_to, known_at, language)
        """, rows, (w, r) =>
    {
        w.Text(r.BeneficiaryId); w.Text(r.Niss); w.Text(r.Name); w.Date(r.BirthDate); w.Int(r.Sex); w.Int(r.Mutuality); w.Text(r.Iban);
        w.Date(r.InsuredFrom); w.Date(r.InsuredTo); w.Instant(r.KnownAt); w.Text(r.Language);
    }));

    public void AddStatuses(IEnumerable<StatusRow> rows) => InTransaction((c, _) => Copy(c, """
        beneficiary_statuses (beneficiary_id, status, from_date, to_date, provider_id, known_at, bim_kind)
        """, rows, (w, r) =>
    {
        w.Text(r.BeneficiaryId); w.Text(r.Status); w.Date(r.FromDate); w.Date(r.ToDate); w.Text(r.ProviderId); w.Instant(r.KnownAt); w.Text(r.BimKind);
    }));

    public void AddProviders(IEnumerable<ProviderRow> rows) => InTransaction((c, _) => Copy(c, """
        providers (provider_id, nihii, name, kind, conventioned, iban, known_at)
        """, rows, (w, r) =>
    {
        w.Text(r.ProviderId); w.Text(r.Nihii); w.Text(r.Name); w.Text(r.Kind); w.Bool(r.Conventioned); w.Text(r.Iban); w.Instant(r.KnownAt);
    }));

    public void AddHouseholds(IEnumerable<HouseholdRow> rows, IEnumerable<HouseholdMemberRow> members) => InTransaction((c, _) =>
    {
        Copy(c, "households (household_id, year, reference_income_cents, bim_household, chronic, known_at)", rows, (w, r) =>
        {
            w.Text(r.HouseholdId); w.Int(r.Year); w.Long(r.ReferenceIncome?.Cents); w.Bool(r.BimHousehold); w.Bool(r.Chronic); w.Instant(r.KnownAt);
        });
        Copy(c, "household_members (household_id, beneficiary_id, year, known_at, relation)", members, (w, r) =>
        {
            w.Text(r.HouseholdId); w.Text(r.BeneficiaryId); w.Int(r.Year); w.Instant(r.KnownAt); w.Text(r.Relation);
        });
    });

    // One way of reading each of the registry's tables as of an instant (the latest version of each key known by
    // @asOf): the whole registry and a partition's members read the same columns, so a column added reaches the run,
    // replay, recalculation and explain together (a partition once read statuses without their BIM kind).
    private const string BeneficiariesAsOf = """
        SELECT b.beneficiary_id AS BeneficiaryId, b.niss AS Niss, b.name AS Name, b.birth_date AS BirthDate, b.sex AS Sex,
               b.mutuality AS Mutuality, b.iban AS Iban, b.insured_from AS InsuredFrom, b.insured_to AS InsuredTo, b.known_at AS KnownAt, b.language AS Language
        FROM beneficiaries b
        WHERE b.known_at = (SELECT MAX(x.known_at) FROM beneficiaries x WHERE x.beneficiary_id = b.beneficiary_id AND x.known_at <= @asOf)
        """;
    private const string BeneficiariesOrder = " ORDER BY b.beneficiary_id";

    // Statuses are dated periods: a period is one row by member, status and first day, and its latest version known by
    // @asOf counts. Another first day is another period, added to the others.
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

    public IReadOnlyList<BeneficiaryRow> Beneficiaries(Instant asOf) => AsOf<BeneficiaryRow>(BeneficiariesAsOf + BeneficiariesOrder, new { asOf });

    public IReadOnlyList<StatusRow> Statuses(Instant asOf) => AsOf<StatusRow>(StatusesAsOf + StatusesOrder, new { asOf });

    public IReadOnlyList<HouseholdRow> Households(Instant asOf) => AsOf<HouseholdRow>(HouseholdsAsOf + HouseholdsOrder, new { asOf });

    public IReadOnlyList<BeneficiaryRow> Beneficiaries(Instant asOf, IEnumerable<string> ids) =>
        AsOf<BeneficiaryRow>(BeneficiariesAsOf + " AND b.beneficiary_id = ANY(@ids)" + BeneficiariesOrder, new { asOf, ids = ids.Distinct().ToArray() });

    public IReadOnlyList<StatusRow> Statuses(Instant asOf, IEnumerable<string> beneficiaryIds) =>
        AsOf<StatusRow>(StatusesAsOf + " AND s.beneficiary_id = ANY(@ids)" + StatusesOrder, new { asOf, ids = beneficiaryIds.Distinct().ToArray() });

    public IReadOnlyList<HouseholdRow> Households(Instant asOf, IEnumerable<string> householdIds) =>
        AsOf<HouseholdRow>(HouseholdsAsOf + " AND h.household_id = ANY(@ids)" + HouseholdsOrder, new { asOf, ids = householdIds.Distinct().ToArray() });

    private List<T> AsOf<T>(string sql, object parameters)
    {
        using var c = Open();
        return c.Query<T>(sql, parameters).AsList();
    }

    /// <summary>The rows of <paramref name="sql"/> as <see cref="AsOf"/> reads them, streamed from the server (none held).</summary>
    private IEnumerable<T> Streamed<T>(string sql, object parameters)
    {
        using var c = Open();
        foreach (var row in c.Query<T>(sql, parameters, buffered: false)) yield return row;
    }

    private const string ProvidersSql = """
        SELECT p.provider_id AS ProviderId, p.nihii AS Nihii, p.name AS Name, p.kind AS Kind,
               p.conventioned AS Conventioned, p.iban AS Iban, p.known_at AS KnownAt
        FROM providers p
        WHERE p.known_at = (SELECT MAX(x.known_at) FROM providers x
                            WHERE x.provider_id = p.provider_id AND x.known_at <= @asOf)
        ORDER BY p.provider_id
        """;

    public IReadOnlyList<ProviderRow> Providers(Instant asOf) => AsOf<ProviderRow>(ProvidersSql, new { asOf });

    private const string HouseholdMembersSql = """
        SELECT m.household_id AS HouseholdId, m.beneficiary_id AS BeneficiaryId, m.year AS Year, m.known_at AS KnownAt,
               m.relation AS Relation
        FROM household_members m
        WHERE m.known_at = (SELECT MAX(x.known_at) FROM household_members x
                            WHERE x.beneficiary_id = m.beneficiary_id AND x.year = m.year AND x.known_at <= @asOf)
        ORDER BY m.beneficiary_id, m.year
        """;

    public IReadOnlyList<HouseholdMemberRow> HouseholdMembers(Instant asOf) => AsOf<HouseholdMemberRow>(HouseholdMembersSql, new { asOf });

    public IEnumerable<BeneficiaryRow> StreamBeneficiaries(Instant asOf) => Streamed<BeneficiaryRow>(BeneficiariesAsOf + BeneficiariesOrder, new { asOf });

    public IEnumerable<StatusRow> StreamStatuses(Instant asOf) => Streamed<StatusRow>(StatusesAsOf, new { asOf });

    public IEnumerable<HouseholdRow> StreamHouseholds(Instant asOf) => Streamed<HouseholdRow>(HouseholdsAsOf + HouseholdsOrder, new { asOf });

    public IEnumerable<ProviderRow> StreamProviders(Instant asOf) => Streamed<ProviderRow>(ProvidersSql, new { asOf });

    public IEnumerable<HouseholdMemberRow> StreamHouseholdMembers(Instant asOf) => Streamed<HouseholdMemberRow>(HouseholdMembersSql, new { asOf });
}
