using Dapper;
using Engine.Jobs.Authorisations;
using Engine.Jobs.Data;
using NodaTime;
using static Engine.Jobs.Data.StoreSql;

namespace Engine.Store.SqlServer;

public sealed partial class SqlServerStore
{
    // A decision already received (same reference, same instant known) is left as it is.
    private const string AddPriorAuthorisationSql = """
        INSERT INTO prior_authorisations (reference, member_id, codes, from_date, to_date, sessions, decision, file_name, known_at)
        SELECT @Reference, @MemberId, @Codes, CAST(@FromDate AS date), CAST(@ToDate AS date), @Sessions, @Decision, @FileName, @KnownAt
        WHERE NOT EXISTS (SELECT 1 FROM prior_authorisations WHERE reference = @Reference AND known_at = @KnownAt)
        """;

    public void AddPriorAuthorisations(IEnumerable<PriorAuthorisationRow> rows) =>
        InTransaction((c, tx) => c.Execute(AddPriorAuthorisationSql, rows, tx));

    private const string PriorAuthorisationsOrder = " ORDER BY a.member_id, a.reference";
    private const string PriorAuthorisationsSql = PriorAuthorisationsAsOf + PriorAuthorisationsOrder;
    private const string PriorAuthorisationsOfSql = PriorAuthorisationsAsOf + " AND a.member_id IN (" + TextIds + ")" + PriorAuthorisationsOrder;

    public IReadOnlyList<PriorAuthorisationRow> PriorAuthorisations(Instant asOf, IEnumerable<string>? members = null) =>
        members is null
            ? AsOf<PriorAuthorisationRow>(PriorAuthorisationsSql, new { asOf })
            : AsOf<PriorAuthorisationRow>(PriorAuthorisationsOfSql, new { asOf, ids = Json(members) });

    private const string LinesAwaitingAuthorisationSql = """
        SELECT r.line_id, l.beneficiary_id FROM line_results r JOIN care_lines l ON l.line_id = r.line_id
        WHERE r.status = 'rejected' AND r.reason IN (
            SELECT CAST(value AS nvarchar(450)) COLLATE Latin1_General_100_BIN2 FROM OPENJSON(@ids))
        ORDER BY r.line_id
        """;

    public IReadOnlyList<(long LineId, string BeneficiaryId)> LinesAwaitingAuthorisation()
    {
        using var c = Open();
        return c.Query<(long, string)>(LinesAwaitingAuthorisationSql, new { ids = Json(AuthorisationCheck.AwaitingReasons) }).AsList();
    }

    private static readonly string RunLinesOfSql = $"""
        SELECT {LineColumnsOf("l.")} FROM care_lines l
        WHERE l.beneficiary_id IN ({TextIds}) AND EXISTS (SELECT 1 FROM run_lines w WHERE w.run_id = @runId AND w.line_id = l.line_id)
        ORDER BY l.line_id
        """;

    public IReadOnlyList<CareLineRow> RunLinesOf(string runId, IEnumerable<string> members)
    {
        using var c = Open();
        return c.Query<CareLineRow>(RunLinesOfSql, new { runId, ids = Json(members) }).AsList();
    }

    private static readonly string AdjustmentsOfSql = $"""
        SELECT * FROM (
            SELECT {AdjustmentColumns("")} FROM adjustments WHERE item IN ({TextIds})
            UNION ALL
            SELECT {RecoveryColumns} FROM recoveries WHERE item IN ({TextIds})) AS u
        ORDER BY Item, RecalcId, Kind
        """;

    public IReadOnlyList<AdjustmentRow> AdjustmentsOf(IEnumerable<string> items)
    {
        using var c = Open();
        return c.Query<AdjustmentRow>(AdjustmentsOfSql, new { ids = Json(items) }).AsList();
    }

    // A period already received (same reference, same instant known) is left as it is.
    private const string AddUnemploymentPeriodSql = """
        INSERT INTO unemployment_periods (reference, member_id, from_date, to_date, file_name, known_at)
        SELECT @Reference, @MemberId, CAST(@FromDate AS date), CAST(@ToDate AS date), @FileName, @KnownAt
        WHERE NOT EXISTS (SELECT 1 FROM unemployment_periods WHERE reference = @Reference AND known_at = @KnownAt)
        """;

    public void AddUnemploymentPeriods(IEnumerable<UnemploymentPeriodRow> rows) =>
        InTransaction((c, tx) => c.Execute(AddUnemploymentPeriodSql, rows, tx));

    private const string UnemploymentPeriodsSql = """
        SELECT u.reference AS Reference, u.member_id AS MemberId, u.from_date AS FromDate, u.to_date AS ToDate, u.file_name AS FileName,
               u.known_at AS KnownAt
        FROM unemployment_periods u
        WHERE u.known_at = (SELECT MAX(x.known_at) FROM unemployment_periods x WHERE x.reference = u.reference AND x.known_at <= @asOf)
        ORDER BY u.member_id, u.from_date, u.reference
        """;

    public IReadOnlyList<UnemploymentPeriodRow> UnemploymentPeriods(Instant asOf) => AsOf<UnemploymentPeriodRow>(UnemploymentPeriodsSql, new { asOf });

    // One proposal per member and basis, ever: a later month does not propose the same member on the same basis again.
    private const string AddBimProposalSql = """
        INSERT INTO bim_proposals (member_id, basis, month, case_id, since, household, reason, proposed_at)
        SELECT @MemberId, @Basis, @Month, @CaseId, CAST(@Since AS date), @Household, @Reason, @ProposedAt
        WHERE NOT EXISTS (SELECT 1 FROM bim_proposals WHERE member_id = @MemberId AND basis = @Basis)
        """;

    public int AddBimProposals(IEnumerable<BimProposalRow> rows)
    {
        int added = 0;
        InTransaction((c, tx) => added = c.Execute(AddBimProposalSql, rows, tx));
        return added;
    }

    private const string BimProposalsSql = """
        SELECT member_id AS MemberId, basis AS Basis, month AS Month, case_id AS CaseId, since AS Since, household AS Household,
               reason AS Reason, proposed_at AS ProposedAt
        FROM bim_proposals ORDER BY month, member_id, basis
        """;

    public IReadOnlyList<BimProposalRow> BimProposals()
    {
        using var c = Open();
        return c.Query<BimProposalRow>(BimProposalsSql).AsList();
    }

    private const string AddBimDecisionSql = """
        INSERT INTO bim_decisions (member_id, granted_from, reference, file_name, known_at)
        SELECT @MemberId, CAST(@GrantedFrom AS date), @Reference, @FileName, @KnownAt
        WHERE NOT EXISTS (SELECT 1 FROM bim_decisions WHERE member_id = @MemberId AND reference = @Reference)
        """;

    public bool AddBimDecision(BimDecisionRow row)
    {
        int added = 0;
        InTransaction((c, tx) => added = c.Execute(AddBimDecisionSql, row, tx));
        return added == 1;
    }

    private const string BimDecisionsSql = """
        SELECT member_id AS MemberId, granted_from AS GrantedFrom, reference AS Reference, file_name AS FileName, known_at AS KnownAt
        FROM bim_decisions ORDER BY member_id, reference
        """;

    public IReadOnlyList<BimDecisionRow> BimDecisions()
    {
        using var c = Open();
        return c.Query<BimDecisionRow>(BimDecisionsSql).AsList();
    }
}
