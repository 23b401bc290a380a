using Dapper;
using Engine.Jobs.Data;
using NodaTime;
using static Engine.Jobs.Data.StoreSql;

namespace Engine.Store.SqlServer;

public sealed partial class SqlServerStore
{
    /// <summary>The text keys of the JSON array in @ids, in the columns' binary collation (the comparison is ordinal).</summary>
    private const string TextIds = "SELECT CAST(value AS nvarchar(450)) COLLATE Latin1_General_100_BIN2 FROM OPENJSON(@ids)";

    /// <summary>The integer keys of the JSON array in @ids.</summary>
    private const string LongIds = "SELECT CAST(value AS bigint) FROM OPENJSON(@ids)";

    private static readonly BulkTarget BeneficiariesBulk = new("beneficiaries",
        "beneficiary_id", "niss", "name", "birth_date", "sex", "mutuality", "iban", "insured_from", "insured_to", "known_at", "language");
    private static readonly BulkTarget StatusesBulk = new("beneficiary_statuses",
        "beneficiary_id", "status", "from_date", "to_date", "provider_id", "known_at", "bim_kind");
    private static readonly BulkTarget ProvidersBulk = new("providers", "provider_id", "nihii", "name", "kind", "conventioned", "iban", "known_at");
    private static readonly BulkTarget HouseholdsBulk = new("households",
        "household_id", "year", "reference_income_cents", "bim_household", "chronic", "known_at");
    private static readonly BulkTarget HouseholdMembersBulk = new("household_members", "household_id", "beneficiary_id", "year", "known_at", "relation");

    public void AddBeneficiaries(IEnumerable<BeneficiaryRow> rows) => InTransaction((c, tx) => Copy(c, tx, BeneficiariesBulk, rows, r =>
    [
        r.BeneficiaryId, r.Niss, r.Name, Date(r.BirthDate), r.Sex, r.Mutuality, r.Iban, Date(r.InsuredFrom), Date(r.InsuredTo), Stored(r.KnownAt), r.Language,
    ]));

    public void AddStatuses(IEnumerable<StatusRow> rows) => InTransaction((c, tx) => Copy(c, tx, StatusesBulk, rows, r =>
    [
        r.BeneficiaryId, r.Status, Date(r.FromDate), Date(r.ToDate), r.ProviderId, Stored(r.KnownAt), r.BimKind,
    ]));

    public void AddProviders(IEnumerable<ProviderRow> rows) => InTransaction((c, tx) => Copy(c, tx, ProvidersBulk, rows, r =>
    [
        r.ProviderId, r.Nihii, r.Name, r.Kind, r.Conventioned, r.Iban, Stored(r.KnownAt),
    ]));

    public void AddHouseholds(IEnumerable<HouseholdRow> rows, IEnumerable<HouseholdMemberRow> members) => InTransaction((c, tx) =>
    {
        Copy(c, tx, HouseholdsBulk, rows, r =>
        [
            r.HouseholdId, r.Year, r.ReferenceIncome?.Cents, r.BimHousehold, r.Chronic, Stored(r.KnownAt),
        ]);
        Copy(c, tx, HouseholdMembersBulk, members, r => [r.HouseholdId, r.BeneficiaryId, r.Year, Stored(r.KnownAt), r.Relation]);
    });

    private const string BeneficiariesSql = BeneficiariesAsOf + BeneficiariesOrder;
    private const string StatusesSql = StatusesAsOf + StatusesOrder;
    private const string HouseholdsSql = HouseholdsAsOf + HouseholdsOrder;
    private const string BeneficiariesOfSql = BeneficiariesAsOf + " AND b.beneficiary_id IN (" + TextIds + ")" + BeneficiariesOrder;
    private const string StatusesOfSql = StatusesAsOf + " AND s.beneficiary_id IN (" + TextIds + ")" + StatusesOrder;
    private const string HouseholdsOfSql = HouseholdsAsOf + " AND h.household_id IN (" + TextIds + ")" + HouseholdsOrder;

    public IReadOnlyList<BeneficiaryRow> Beneficiaries(Instant asOf) => AsOf<BeneficiaryRow>(BeneficiariesSql, new { asOf });

    public IReadOnlyList<StatusRow> Statuses(Instant asOf) => AsOf<StatusRow>(StatusesSql, new { asOf });

    public IReadOnlyList<HouseholdRow> Households(Instant asOf) => AsOf<HouseholdRow>(HouseholdsSql, new { asOf });

    public IReadOnlyList<BeneficiaryRow> Beneficiaries(Instant asOf, IEnumerable<string> ids) =>
        AsOf<BeneficiaryRow>(BeneficiariesOfSql, new { asOf, ids = Json(ids) });

    public IReadOnlyList<StatusRow> Statuses(Instant asOf, IEnumerable<string> beneficiaryIds) =>
        AsOf<StatusRow>(StatusesOfSql, new { asOf, ids = Json(beneficiaryIds) });

    public IReadOnlyList<HouseholdRow> Households(Instant asOf, IEnumerable<string> householdIds) =>
        AsOf<HouseholdRow>(HouseholdsOfSql, new { asOf, ids = Json(householdIds) });

    private List<T> AsOf<T>(string sql, object parameters)
    {
        using var c = Open();
        return c.Query<T>(sql, parameters).AsList();
    }

    public IReadOnlyList<ProviderRow> Providers(Instant asOf) => AsOf<ProviderRow>(ProvidersAsOf, new { asOf });

    public IReadOnlyList<HouseholdMemberRow> HouseholdMembers(Instant asOf) => AsOf<HouseholdMemberRow>(HouseholdMembersAsOf, new { asOf });

    /// <summary>The rows of <paramref name="sql"/> as <see cref="AsOf"/> reads them, streamed from the server (none held).</summary>
    private IEnumerable<T> Streamed<T>(string sql, object parameters)
    {
        using var c = Open();
        foreach (var row in c.Query<T>(sql, parameters, buffered: false)) yield return row;
    }

    public IEnumerable<BeneficiaryRow> StreamBeneficiaries(Instant asOf) => Streamed<BeneficiaryRow>(BeneficiariesSql, new { asOf });

    public IEnumerable<StatusRow> StreamStatuses(Instant asOf) => Streamed<StatusRow>(StatusesAsOf, new { asOf });

    public IEnumerable<HouseholdRow> StreamHouseholds(Instant asOf) => Streamed<HouseholdRow>(HouseholdsSql, new { asOf });

    public IEnumerable<ProviderRow> StreamProviders(Instant asOf) => Streamed<ProviderRow>(ProvidersAsOf, new { asOf });

    public IEnumerable<HouseholdMemberRow> StreamHouseholdMembers(Instant asOf) => Streamed<HouseholdMemberRow>(HouseholdMembersAsOf, new { asOf });
}
