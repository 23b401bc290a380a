using Dapper;
using Engine.Jobs.Data;
using NodaTime;
using static Engine.Jobs.Data.StoreSql;

namespace Engine.Store.SqlServer;

public sealed partial class SqlServerStore
{
    private static readonly BulkTarget IndemnityCasesBulk = new("indemnity_cases",
        "case_id", "beneficiary_id", "kind", "regime", "regular_worker", "first_day", "last_day", "daily_wage", "family_status", "source_file", "known_at");

    public void AddIndemnityCases(IEnumerable<IndemnityCaseRow> rows) => InTransaction((c, tx) => Copy(c, tx, IndemnityCasesBulk, rows, r =>
    [
        r.CaseId, r.BeneficiaryId, r.Kind, r.Regime, r.RegularWorker, Date(r.FirstDay), Date(r.LastDay), r.DailyWage, r.FamilyStatus, r.SourceFile,
        Stored(r.KnownAt),
    ]));

    private const string IndemnityCasesSql = """
        SELECT k.case_id AS CaseId, k.beneficiary_id AS BeneficiaryId, k.kind AS Kind, k.regime AS Regime,
               k.regular_worker AS RegularWorker, k.first_day AS FirstDay, k.last_day AS LastDay, k.daily_wage AS DailyWage,
               k.family_status AS FamilyStatus, k.source_file AS SourceFile, k.known_at AS KnownAt
        FROM indemnity_cases k
        WHERE k.known_at = (SELECT MAX(x.known_at) FROM indemnity_cases x WHERE x.case_id = k.case_id AND x.known_at <= @asOf)
        ORDER BY k.case_id
        """;

    public IReadOnlyList<IndemnityCaseRow> IndemnityCases(Instant asOf)
    {
        using var c = Open();
        return c.Query<IndemnityCaseRow>(IndemnityCasesSql, new { asOf }).AsList();
    }

    private const string IndemnityPaidUntilSql = "SELECT p.case_id, MAX(p.period_end) FROM indemnity_payments p GROUP BY p.case_id";

    /// <summary>The last day already paid (or computed) for each case by a run.</summary>
    public IReadOnlyDictionary<string, LocalDate> IndemnityPaidUntil()
    {
        using var c = Open();
        return c.Query<(string CaseId, DateTime End)>(IndemnityPaidUntilSql)
            .ToDictionary(r => r.CaseId, r => LocalDate.FromDateTime(r.End), StringComparer.Ordinal);
    }

    private const string IndemnityPaymentsSql = $"SELECT {IndemnityPaymentColumns} FROM indemnity_payments WHERE run_id = @runId ORDER BY case_id, period_start";

    public IReadOnlyList<IndemnityPaymentRow> IndemnityPayments(string runId)
    {
        using var c = Open();
        return c.Query<IndemnityPaymentRow>(IndemnityPaymentsSql, new { runId }).AsList();
    }

    private const string IndemnitiesHeldSql = """
        SELECT run_id AS RunId, case_id AS CaseId, beneficiary_id AS BeneficiaryId, first_day AS FirstDay, last_day AS LastDay,
               days AS Days, parameter AS Parameter, date AS Date
        FROM indemnity_held WHERE run_id = @runId ORDER BY case_id
        """;

    public IReadOnlyList<IndemnityHeldRow> IndemnitiesHeld(string runId)
    {
        using var c = Open();
        return c.Query<IndemnityHeldRow>(IndemnitiesHeldSql, new { runId }).AsList();
    }

    private static readonly BulkTarget IndemnityFamilyBulk = new("indemnity_family", "case_id", "from_date", "family_status", "source_file", "known_at");

    public void AddIndemnityFamily(IEnumerable<IndemnityFamilyRow> rows) => InTransaction((c, tx) => Copy(c, tx, IndemnityFamilyBulk, rows, r =>
    [
        r.CaseId, Date(r.FromDate), r.FamilyStatus, r.SourceFile, Stored(r.KnownAt),
    ]));

    private const string IndemnityFamilySql = """
        SELECT f.case_id AS CaseId, f.from_date AS FromDate, f.family_status AS FamilyStatus, f.source_file AS SourceFile,
               f.known_at AS KnownAt
        FROM indemnity_family f
        WHERE f.known_at = (SELECT MAX(x.known_at) FROM indemnity_family x
                            WHERE x.case_id = f.case_id AND x.from_date = f.from_date AND x.known_at <= @asOf)
        ORDER BY f.case_id, f.from_date
        """;

    public IReadOnlyList<IndemnityFamilyRow> IndemnityFamily(Instant asOf)
    {
        using var c = Open();
        return c.Query<IndemnityFamilyRow>(IndemnityFamilySql, new { asOf }).AsList();
    }
}
