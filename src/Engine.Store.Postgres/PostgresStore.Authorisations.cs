using Dapper;
using Engine.Jobs.Authorisations;
using Engine.Jobs.Data;
using NodaTime;
using static Engine.Jobs.Data.StoreSql;

namespace Engine.Store.Postgres;

public sealed partial class PostgresStore
{
    public void AddPriorAuthorisations(IEnumerable<PriorAuthorisationRow> rows) => InTransaction((c, tx) => c.Execute("""
        INSERT INTO prior_authorisations (reference, member_id, codes, from_date, to_date, sessions, decision, file_name, known_at)
        VALUES (@Reference, @MemberId, @Codes, @FromDate::date, @ToDate::date, @Sessions, @Decision, @FileName, @KnownAt)
        ON CONFLICT (reference, known_at) DO NOTHING
        """, rows, tx));

    public IReadOnlyList<PriorAuthorisationRow> PriorAuthorisations(Instant asOf, IEnumerable<string>? members = null)
    {
        const string order = " ORDER BY a.member_id, a.reference";
        return members is null
            ? AsOf<PriorAuthorisationRow>(PriorAuthorisationsAsOf + order, new { asOf })
            : AsOf<PriorAuthorisationRow>(PriorAuthorisationsAsOf + " AND a.member_id = ANY(@ids)" + order, new { asOf, ids = members.Distinct().ToArray() });
    }

    public IReadOnlyList<(long LineId, string BeneficiaryId)> LinesAwaitingAuthorisation()
    {
        using var c = Open();
        return c.Query<(long, string)>("""
            SELECT r.line_id, l.beneficiary_id FROM line_results r JOIN care_lines l ON l.line_id = r.line_id
            WHERE r.status = 'rejected' AND r.reason = ANY(@reasons) ORDER BY r.line_id
            """, new { reasons = AuthorisationCheck.AwaitingReasons }).AsList();
    }

    public IReadOnlyList<CareLineRow> RunLinesOf(string runId, IEnumerable<string> members)
    {
        using var c = Open();
        return c.Query<CareLineRow>($"""
            SELECT {LineColumnsOf("l.")} FROM care_lines l
            WHERE l.beneficiary_id = ANY(@ids) AND EXISTS (SELECT 1 FROM run_lines w WHERE w.run_id = @runId AND w.line_id = l.line_id)
            ORDER BY l.line_id
            """, new { runId, ids = members.Distinct(StringComparer.Ordinal).ToArray() }).AsList();
    }

    public IReadOnlyList<AdjustmentRow> AdjustmentsOf(IEnumerable<string> items)
    {
        using var c = Open();
        return c.Query<AdjustmentRow>($"""
            SELECT * FROM (
                SELECT {AdjustmentColumns("")} FROM adjustments WHERE item = ANY(@ids)
                UNION ALL
                SELECT {RecoveryColumns} FROM recoveries WHERE item = ANY(@ids)) AS u
            ORDER BY Item, RecalcId, Kind
            """, new { ids = items.Distinct(StringComparer.Ordinal).ToArray() }).AsList();
    }

    public void AddUnemploymentPeriods(IEnumerable<UnemploymentPeriodRow> rows) => InTransaction((c, tx) => c.Execute("""
        INSERT INTO unemployment_periods (reference, member_id, from_date, to_date, file_name, known_at)
        VALUES (@Reference, @MemberId, @FromDate::date, @ToDate::date, @FileName, @KnownAt)
        ON CONFLICT (reference, known_at) DO NOTHING
        """, rows, tx));

    public IReadOnlyList<UnemploymentPeriodRow> UnemploymentPeriods(Instant asOf) => AsOf<UnemploymentPeriodRow>("""
        SELECT u.reference AS Reference, u.member_id AS MemberId, u.from_date AS FromDate, u.to_date AS ToDate, u.file_name AS FileName,
               u.known_at AS KnownAt
        FROM unemployment_periods u
        WHERE u.known_at = (SELECT MAX(x.known_at) FROM unemployment_periods x WHERE x.reference = u.reference AND x.known_at <= @asOf)
        ORDER BY u.member_id, u.from_date, u.reference
        """, new { asOf });

    public int AddBimProposals(IEnumerable<BimProposalRow> rows)
    {
        int added = 0;
        InTransaction((c, tx) => added = c.Execute("""
            INSERT INTO bim_proposals (member_id, basis, month, case_id, since, household, reason, proposed_at)
            VALUES (@MemberId, @Basis, @Month, @CaseId, @Since::date, @Household, @Reason, @ProposedAt)
            ON CONFLICT (member_id, basis) DO NOTHING
            """, rows, tx));
        return added;
    }

    public IReadOnlyList<BimProposalRow> BimProposals()
    {
        using var c = Open();
        return c.Query<BimProposalRow>("""
            SELECT member_id AS MemberId, basis AS Basis, month AS Month, case_id AS CaseId, since AS Since, household AS Household,
                   reason AS Reason, proposed_at AS ProposedAt
            FROM bim_proposals ORDER BY month, member_id, basis
            """).AsList();
    }

    public bool AddBimDecision(BimDecisionRow row)
    {
        int added = 0;
        InTransaction((c, tx) => added = c.Execute("""
            INSERT INTO bim_decisions (member_id, granted_from, reference, file_name, known_at)
            VALUES (@MemberId, @GrantedFrom::date, @Reference, @FileName, @KnownAt)
            ON CONFLICT (member_id, reference) DO NOTHING
            """, row, tx));
        return added == 1;
    }

    public IReadOnlyList<BimDecisionRow> BimDecisions()
    {
        using var c = Open();
        return c.Query<BimDecisionRow>("""
            SELECT member_id AS MemberId, granted_from AS GrantedFrom, reference AS Reference, file_name AS FileName, known_at AS KnownAt
            FROM bim_decisions ORDER BY member_id, reference
            """).AsList();
    }
}
