using Dapper;
using Engine.Jobs.Data;
using NodaTime;
using static Engine.Jobs.Data.StoreSql;

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

    public IReadOnlyList<ProviderRow> Providers(Instant asOf) => AsOf<ProviderRow>(ProvidersAsOf, new { asOf });

    public IReadOnlyList<HouseholdMemberRow> HouseholdMembers(Instant asOf) => AsOf<HouseholdMemberRow>(HouseholdMembersAsOf, new { asOf });

    public IEnumerable<BeneficiaryRow> StreamBeneficiaries(Instant asOf) => Streamed<BeneficiaryRow>(BeneficiariesAsOf + BeneficiariesOrder, new { asOf });

    public IEnumerable<StatusRow> StreamStatuses(Instant asOf) => Streamed<StatusRow>(StatusesAsOf, new { asOf });

    public IEnumerable<HouseholdRow> StreamHouseholds(Instant asOf) => Streamed<HouseholdRow>(HouseholdsAsOf + HouseholdsOrder, new { asOf });

    public IEnumerable<ProviderRow> StreamProviders(Instant asOf) => Streamed<ProviderRow>(ProvidersAsOf, new { asOf });

    public IEnumerable<HouseholdMemberRow> StreamHouseholdMembers(Instant asOf) => Streamed<HouseholdMemberRow>(HouseholdMembersAsOf, new { asOf });
}
