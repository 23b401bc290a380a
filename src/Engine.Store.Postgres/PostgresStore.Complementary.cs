using Dapper;
using Engine.Jobs.Data;
using Npgsql;
using NodaTime;
using static Engine.Jobs.Data.StoreSql;

namespace Engine.Store.Postgres;

public sealed partial class PostgresStore
{
    /// <summary>Adds requests not received before (by request id); returns how many were new.</summary>
    public int AddAcRequests(IEnumerable<AcRequestRow> rows)
    {
        int added = 0;
        // Under the inputs' lock: seq (the arrival order) is the greatest + 1, as SQLite's rowid.
        InTransaction((c, tx) =>
        {
            TakeInputLock(c, tx);
            added = c.Execute("""
                INSERT INTO ac_requests (seq, request_id, member_id, advantage, date, amount_paid_cents, evidence, source_file, known_at)
                VALUES ((SELECT COALESCE(MAX(seq), 0) + 1 FROM ac_requests), @RequestId, @MemberId, @Advantage, @Date::date, @AmountPaid,
                    @Evidence, @SourceFile, @KnownAt)
                ON CONFLICT (request_id) DO NOTHING
                """, rows, tx);
        });
        return added;
    }

    public IReadOnlyList<AcRequestRow> UndecidedAcRequests(Instant asOf)
    {
        using var c = Open();
        return c.Query<AcRequestRow>("""
            SELECT q.seq AS Seq, q.request_id AS RequestId, q.member_id AS MemberId, q.advantage AS Advantage, q.date AS Date,
                   q.amount_paid_cents AS AmountPaid, q.evidence AS Evidence, q.source_file AS SourceFile, q.known_at AS KnownAt
            FROM ac_requests q
            WHERE q.known_at <= @asOf AND NOT EXISTS (SELECT 1 FROM ac_decisions d WHERE d.request_id = q.request_id)
            ORDER BY q.date, q.seq
            """, new { asOf }).AsList();
    }

    public IReadOnlyList<AcMemberStateRow> LatestAcStates(IEnumerable<string> memberIds)
    {
        using var c = Open();
        return LatestStates(c, null, memberIds, "TRUE", null);
    }

    /// <summary>
    /// The latest allowances of each member among the rows <paramref name="filter"/> (on alias s) lets through, in the
    /// order the members are given (members without any left out).
    /// </summary>
    private static List<AcMemberStateRow> LatestStates(NpgsqlConnection c, NpgsqlTransaction? tx, IEnumerable<string> memberIds, string filter,
        object? parameters)
    {
        var members = memberIds.ToList();
        if (members.Count == 0) return [];
        var bag = new DynamicParameters(parameters);
        bag.Add("members", members.Distinct(StringComparer.Ordinal).ToArray());
        var latest = c.Query<AcMemberStateRow>($"""
            SELECT DISTINCT ON (s.member_id) s.run_id AS RunId, s.member_id AS MemberId, s.allowances AS Allowances, s.paid_requests AS PaidRequests
            FROM ac_member_states s WHERE s.member_id = ANY(@members) AND {filter}
            ORDER BY s.member_id, s.version DESC
            """, bag, tx).ToDictionary(s => s.MemberId, StringComparer.Ordinal);
        return members.Where(latest.ContainsKey).Select(m => latest[m]).ToList();
    }

    public IReadOnlyList<AcDecisionRow> AcDecisions(string runId)
    {
        using var c = Open();
        return c.Query<AcDecisionRow>($"SELECT {AcDecisionColumns} FROM ac_decisions WHERE run_id = @runId ORDER BY request_id", new { runId }).AsList();
    }
}
