using System.Globalization;
using Engine.Jobs.Data;

namespace Engine.Jobs.Runs;

/// <summary>ac-decisions.csv of a run: the columns of `calc ac` (request_id,granted_amount,status,reason), then member, advantage, date.</summary>
public static class AcDecisionsCsv
{
    public static readonly string[] Header = ["request_id", "granted_amount", "status", "reason", "member_id", "advantage", "date", "provisional"];

    public static void Write(string path, IReadOnlyList<AcDecisionRow> decisions, bool excel = true) =>
        CsvFile.Write(path, Header, decisions.Select(d => new[]
        {
            d.RequestId, d.Granted.ToString(), d.Status, d.Reason, d.MemberId, d.Advantage,
            d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d.Provisional,
        }), excel);
}
