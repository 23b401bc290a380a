using Dapper;
using Engine.Jobs.Data;
using Microsoft.Data.SqlClient;
using NodaTime;
using static Engine.Jobs.Data.StoreSql;

namespace Engine.Store.SqlServer;

public sealed partial class SqlServerStore
{
    // Under the inputs' lock: seq (the arrival order) is the greatest + 1, as SQLite's rowid; a request received before
    // (by request id) is left as it is.
    private const string AddAcRequestSql = """
        INSERT INTO ac_requests (seq, request_id, member_id, advantage, date, amount_paid_cents, evidence, source_file, known_at)
        SELECT (SELECT COALESCE(MAX(seq), 0) + 1 FROM ac_requests), @RequestId, @MemberId, @Advantage, CAST(@Date AS date), @AmountPaid,
            @Evidence, @SourceFile, @KnownAt
        WHERE NOT EXISTS (SELECT 1 FROM ac_requests WHERE request_id = @RequestId)
        """;

    /// <summary>Adds requests not received before (by request id); returns how many were new.</summary>
    public int AddAcRequests(IEnumerable<AcRequestRow> rows)
    {
        int added = 0;
        InTransaction((c, tx) =>
        {
            TakeInputLock(c, tx);
            added = c.Execute(AddAcRequestSql, rows, tx);
        });
        return added;
    }

    private const string UndecidedAcRequestsSql = """
        SELECT q.seq AS Seq, q.request_id AS RequestId, q.member_id AS MemberId, q.advantage AS Advantage, q.date AS Date,
               q.amount_paid_cents AS AmountPaid, q.evidence AS Evidence, q.source_file AS SourceFile, q.known_at AS KnownAt
        FROM ac_requests q
        WHERE q.known_at <= @asOf AND NOT EXISTS (SELECT 1 FROM ac_decisions d WHERE d.request_id = q.request_id)
        ORDER BY q.date, q.seq
        """;

    public IReadOnlyList<AcRequestRow> UndecidedAcRequests(Instant asOf)
    {
        using var c = Open();
        return c.Query<AcRequestRow>(UndecidedAcRequestsSql, new { asOf }).AsList();
    }

    public IReadOnlyList<AcMemberStateRow> LatestAcStates(IEnumerable<string> memberIds)
    {
        using var c = Open();
        return LatestStates(c, null, memberIds, LatestStatesSql, null);
    }

    // The latest allowances of each member among the rows a filter (on alias s) lets through: PostgreSQL's DISTINCT ON
    // as the first row of each member by version, newest first.
    private const string LatestStatesOf = """
        SELECT RunId, MemberId, Allowances, PaidRequests FROM (
            SELECT s.run_id AS RunId, s.member_id AS MemberId, s.allowances AS Allowances, s.paid_requests AS PaidRequests,
                   ROW_NUMBER() OVER (PARTITION BY s.member_id ORDER BY s.version DESC) AS newest
            FROM ac_member_states s
            WHERE s.member_id IN (SELECT CAST(value AS nvarchar(450)) COLLATE Latin1_General_100_BIN2 FROM OPENJSON(@members))
        """;
    private const string LatestStatesEnd = ") AS latest WHERE newest = 1";
    private const string LatestStatesSql = LatestStatesOf + LatestStatesEnd;
    private const string LatestStatesOfOtherRunsSql = LatestStatesOf + " AND s.run_id <> @runId" + LatestStatesEnd;
    private const string LatestStatesBeforeSql = LatestStatesOf
        + " AND s.run_id IN (SELECT r.run_id FROM runs r WHERE r.computed_seq < @computedSeq)" + LatestStatesEnd;

    /// <summary>
    /// The latest allowances of each member by one of the LatestStates statements, in the order the members are given
    /// (members without any left out).
    /// </summary>
    private static List<AcMemberStateRow> LatestStates(SqlConnection c, SqlTransaction? tx, IEnumerable<string> memberIds, string sql,
        object? parameters)
    {
        var members = memberIds.ToList();
        if (members.Count == 0) return [];
        var bag = new DynamicParameters(parameters);
        bag.Add("members", Json(members));
        var latest = c.Query<AcMemberStateRow>(sql, bag, tx).ToDictionary(s => s.MemberId, StringComparer.Ordinal);
        return members.Where(latest.ContainsKey).Select(m => latest[m]).ToList();
    }

    private const string AcDecisionsSql = $"SELECT {AcDecisionColumns} FROM ac_decisions WHERE run_id = @runId ORDER BY request_id";

    public IReadOnlyList<AcDecisionRow> AcDecisions(string runId)
    {
        using var c = Open();
        return c.Query<AcDecisionRow>(AcDecisionsSql, new { runId }).AsList();
    }
}
