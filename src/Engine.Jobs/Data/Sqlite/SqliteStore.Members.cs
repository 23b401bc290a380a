using Dapper;
using NodaTime;
using static Engine.Jobs.Data.StoreSql;

namespace Engine.Jobs.Data.Sqlite;

public sealed partial class SqliteStore
{
    // Inserted by position through one statement prepared once a table (RowStatement), not through ADO.NET's named
    // parameters: a million members, two million statuses.
    public void AddBeneficiaries(IEnumerable<BeneficiaryRow> rows) => InTransaction((c, tx) =>
    {
        using var insert = new RowStatement(c, """
            INSERT INTO beneficiaries (beneficiary_id, niss, name, birth_date, sex, mutuality, iban, insured_from, insured_to, known_at, language)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
            """);
        var instants = new StoredInstants();
        foreach (var r in rows)
        {
            insert.Text(1, r.BeneficiaryId); insert.Text(2, r.Niss); insert.Text(3, r.Name); insert.Text(4, DbTypes.Text(r.BirthDate));
            insert.Integer(5, r.Sex); insert.Integer(6, r.Mutuality); insert.Text(7, r.Iban); insert.Text(8, DbTypes.Text(r.InsuredFrom));
            insert.Text(9, r.InsuredTo is { } to ? DbTypes.Text(to) : null); insert.Text(10, instants.Of(r.KnownAt)); insert.Text(11, r.Language);
            insert.Execute();
        }
    });

    public void AddStatuses(IEnumerable<StatusRow> rows) => InTransaction((c, tx) =>
    {
        using var insert = new RowStatement(c, """
            INSERT INTO beneficiary_statuses (beneficiary_id, status, from_date, to_date, provider_id, known_at, bim_kind)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            """);
        var instants = new StoredInstants();
        foreach (var r in rows)
        {
            insert.Text(1, r.BeneficiaryId); insert.Text(2, r.Status); insert.Text(3, DbTypes.Text(r.FromDate));
            insert.Text(4, r.ToDate is { } to ? DbTypes.Text(to) : null); insert.Text(5, r.ProviderId); insert.Text(6, instants.Of(r.KnownAt));
            insert.Text(7, r.BimKind);
            insert.Execute();
        }
    });

    public void AddProviders(IEnumerable<ProviderRow> rows) => InTransaction((c, tx) =>
    {
        using var insert = new RowStatement(c, """
            INSERT INTO providers (provider_id, nihii, name, kind, conventioned, iban, known_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            """);
        var instants = new StoredInstants();
        foreach (var r in rows)
        {
            insert.Text(1, r.ProviderId); insert.Text(2, r.Nihii); insert.Text(3, r.Name); insert.Text(4, r.Kind); insert.Integer(5, r.Conventioned);
            insert.Text(6, r.Iban); insert.Text(7, instants.Of(r.KnownAt));
            insert.Execute();
        }
    });

    public void AddHouseholds(IEnumerable<HouseholdRow> rows, IEnumerable<HouseholdMemberRow> members) => InTransaction((c, tx) =>
    {
        var instants = new StoredInstants();
        using (var insert = new RowStatement(c, """
            INSERT INTO households (household_id, year, reference_income_cents, bim_household, chronic, known_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            """))
        {
            foreach (var r in rows)
            {
                insert.Text(1, r.HouseholdId); insert.Integer(2, r.Year); insert.Integer(3, r.ReferenceIncome?.Cents); insert.Integer(4, r.BimHousehold);
                insert.Integer(5, r.Chronic); insert.Text(6, instants.Of(r.KnownAt));
                insert.Execute();
            }
        }
        using (var insert = new RowStatement(c, """
            INSERT INTO household_members (household_id, beneficiary_id, year, known_at, relation)
            VALUES (?1, ?2, ?3, ?4, ?5)
            """))
        {
            foreach (var r in members)
            {
                insert.Text(1, r.HouseholdId); insert.Text(2, r.BeneficiaryId); insert.Integer(3, r.Year); insert.Text(4, instants.Of(r.KnownAt));
                insert.Text(5, r.Relation);
                insert.Execute();
            }
        }
    });

    /// <summary>An import's instants formatted once (its rows share one): the stored, fixed-width text.</summary>
    private sealed class StoredInstants
    {
        private Instant _last;
        private string? _text;

        public string Of(Instant instant)
        {
            if (_text is null || instant != _last) (_last, _text) = (instant, DbTypes.Stored(instant));
            return _text;
        }
    }

    /// <summary><see cref="IEngineStore.MemberCovers"/>: the beneficiaries' reading, its five columns only, read by
    /// position (<see cref="RowReader"/>: Microsoft.Data.Sqlite's reader takes a handle reference and a lock for every column).</summary>
    private const string MemberCoversAsOf = """
        SELECT b.beneficiary_id, b.niss, b.mutuality, b.insured_from, b.insured_to

        """ + BeneficiariesLatest + BeneficiariesOrder;

    public IEnumerable<MemberCoverRow> MemberCovers(Instant asOf) => Raw(MemberCoversAsOf,
        static r => new MemberCoverRow(r.String(0), r.String(1), r.Int32(2), r.Date(3), r.NullableDate(4)),
        ("@asOf", DbTypes.Stored(asOf)));

    public IReadOnlyList<BeneficiaryRow> Beneficiaries(Instant asOf) => Rows(BeneficiariesAsOf + BeneficiariesOrder, ReadBeneficiary, AsOf(asOf));

    public IReadOnlyList<StatusRow> Statuses(Instant asOf) => Rows(StatusesAsOf + StatusesOrder, ReadStatus, AsOf(asOf));

    public IReadOnlyList<ProviderRow> Providers(Instant asOf)
    {
        using var c = Open();
        return c.Query<ProviderRow>(ProvidersAsOf, new { asOf }).AsList();
    }

    public IReadOnlyList<HouseholdRow> Households(Instant asOf) => Rows(HouseholdsAsOf + HouseholdsOrder, ReadHousehold, AsOf(asOf));

    public IReadOnlyList<HouseholdMemberRow> HouseholdMembers(Instant asOf)
    {
        using var c = Open();
        return c.Query<HouseholdMemberRow>(HouseholdMembersAsOf, new { asOf }).AsList();
    }

    public IEnumerable<BeneficiaryRow> StreamBeneficiaries(Instant asOf) => Streamed(BeneficiariesAsOf + BeneficiariesOrder, ReadBeneficiary, AsOf(asOf));

    public IEnumerable<StatusRow> StreamStatuses(Instant asOf) => Streamed(StatusesAsOf, ReadStatus, AsOf(asOf));

    public IEnumerable<HouseholdRow> StreamHouseholds(Instant asOf) => Streamed(HouseholdsAsOf + HouseholdsOrder, ReadHousehold, AsOf(asOf));

    public IEnumerable<ProviderRow> StreamProviders(Instant asOf) => Streamed(ProvidersAsOf, static (r, instants) => new ProviderRow
    {
        ProviderId = r.GetString(0), Nihii = r.GetString(1), Name = r.GetString(2), Kind = r.GetString(3), Conventioned = r.GetInt64(4) != 0,
        Iban = Text(r, 5), KnownAt = instants.Of(r.GetString(6)),
    }, AsOf(asOf));

    public IEnumerable<HouseholdMemberRow> StreamHouseholdMembers(Instant asOf) => Streamed(HouseholdMembersAsOf, static (r, instants) => new HouseholdMemberRow
    {
        HouseholdId = r.GetString(0), BeneficiaryId = r.GetString(1), Year = r.GetInt32(2), KnownAt = instants.Of(r.GetString(3)), Relation = Text(r, 4),
    }, AsOf(asOf));

    public IReadOnlyList<BeneficiaryRow> Beneficiaries(Instant asOf, IEnumerable<string> ids) =>
        Rows(BeneficiariesAsOf + $" AND b.beneficiary_id {InKeys("@ids")}" + BeneficiariesOrder, ReadBeneficiary, AsOf(asOf), ("@ids", JsonKeys(ids)));

    public IReadOnlyList<StatusRow> Statuses(Instant asOf, IEnumerable<string> beneficiaryIds) =>
        Rows(StatusesAsOf + $" AND s.beneficiary_id {InKeys("@ids")}" + StatusesOrder, ReadStatus, AsOf(asOf), ("@ids", JsonKeys(beneficiaryIds)));

    public IReadOnlyList<HouseholdRow> Households(Instant asOf, IEnumerable<string> householdIds) =>
        Rows(HouseholdsAsOf + $" AND h.household_id {InKeys("@ids")}" + HouseholdsOrder, ReadHousehold, AsOf(asOf), ("@ids", JsonKeys(householdIds)));

    /// <summary>The as-of instant bound as Dapper's handler binds it (the stored, fixed-width text).</summary>
    private static (string, object?) AsOf(Instant asOf) => ("@asOf", DbTypes.Stored(asOf));
}
