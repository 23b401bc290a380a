using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;
using static Engine.Jobs.Data.StoreSql;

namespace Engine.Jobs.Data.Sqlite;

public sealed partial class SqliteStore
{
    /// <summary>Adds requests not received before (by request id); returns how many were new.</summary>
    public int AddAcRequests(IEnumerable<AcRequestRow> rows)
    {
        int added = 0;
        InTransaction((c, tx) => added = c.Execute("""
            INSERT INTO ac_requests (request_id, member_id, advantage, date, amount_paid_cents, evidence, source_file, known_at)
            VALUES (@RequestId, @MemberId, @Advantage, @Date, @AmountPaid, @Evidence, @SourceFile, @KnownAt)
            ON CONFLICT (request_id) DO NOTHING
            """, rows, tx));
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
        return LatestAcStates(c, null, memberIds, exceptRun: null);
    }

    /// <summary>
    /// The latest AC allowances of each member (those <paramref name="exceptRun"/> stored left aside), in the members'
    /// order: one statement prepared once and run for each member through its index, read by column position.
    /// </summary>
    private static List<AcMemberStateRow> LatestAcStates(SqliteConnection c, SqliteTransaction? tx, IEnumerable<string> memberIds, string? exceptRun)
    {
        var list = new List<AcMemberStateRow>();
        using var command = c.CreateCommand();
        command.Transaction = tx;
        command.CommandText = """
            SELECT s.run_id, s.member_id, s.allowances, s.paid_requests
            FROM ac_member_states s WHERE s.member_id = $member AND ($except IS NULL OR s.run_id <> $except) ORDER BY s.version DESC LIMIT 1
            """;
        var member = command.Parameters.Add("$member", SqliteType.Text);
        command.Parameters.AddWithValue("$except", (object?)exceptRun ?? DBNull.Value);
        foreach (var id in memberIds)
        {
            member.Value = id;
            using var reader = command.ExecuteReader();
            if (reader.Read())
                list.Add(new AcMemberStateRow { RunId = reader.GetString(0), MemberId = reader.GetString(1), Allowances = reader.GetString(2), PaidRequests = reader.GetString(3) });
        }
        return list;
    }

    public IReadOnlyList<AcDecisionRow> AcDecisions(string runId)
    {
        using var c = Open();
        return c.Query<AcDecisionRow>($"SELECT {AcDecisionColumns} FROM ac_decisions WHERE run_id = @runId ORDER BY request_id", new { runId }).AsList();
    }
}
