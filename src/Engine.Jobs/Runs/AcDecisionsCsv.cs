using CsvHelper;
using Engine.Jobs.Data;
using Engine.Jobs.Registry;

namespace Engine.Jobs.Runs;

/// <summary>ac-decisions.csv of a run: the columns of `calc ac` (request_id,granted_amount,status,reason), then member, advantage, date.</summary>
public static class AcDecisionsCsv
{
    public static readonly string[] Header = ["request_id", "granted_amount", "status", "reason", "member_id", "advantage", "date"];

    public static void Write(string path, IReadOnlyList<AcDecisionRow> decisions)
    {
        using var writer = new StreamWriter(path, false, new System.Text.UTF8Encoding(false));
        using var csv = new CsvWriter(writer, RegistryCsv.Config);
        foreach (var h in Header) csv.WriteField(h);
        csv.NextRecord();
        foreach (var d in decisions)
        {
            csv.WriteField(d.RequestId);
            csv.WriteField(d.Granted.ToString());
            csv.WriteField(d.Status);
            csv.WriteField(d.Reason);
            csv.WriteField(d.MemberId);
            csv.WriteField(d.Advantage);
            csv.WriteField(d.Date.ToString("yyyy-MM-dd", null));
            csv.NextRecord();
        }
    }
}
