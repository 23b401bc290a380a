using System.Globalization;
using CsvHelper;
using Engine.Jobs.Data;
using Engine.Jobs.Registry;

namespace Engine.Jobs.Runs;

/// <summary>
/// indemnities.csv of a run: one statement per case and period paid, with the columns of `calc indemnity`
/// (case_id,paid_days,daily_amount,gross,withholding,net,rules) then the member and the period.
/// </summary>
public static class IndemnityCsv
{
    public static readonly string[] Header =
        ["case_id", "paid_days", "daily_amount", "gross", "withholding", "net", "rules", "beneficiary_id", "period_start", "period_end"];

    public static void Write(string path, IReadOnlyList<IndemnityPaymentRow> payments)
    {
        using var writer = new StreamWriter(path, false, new System.Text.UTF8Encoding(false));
        using var csv = new CsvWriter(writer, RegistryCsv.Config);
        foreach (var h in Header) csv.WriteField(h);
        csv.NextRecord();
        foreach (var p in payments)
        {
            csv.WriteField(p.CaseId);
            csv.WriteField(p.PaidDays.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(p.Daily.ToString());
            csv.WriteField(p.Gross.ToString());
            csv.WriteField(p.Withholding.ToString());
            csv.WriteField(p.Net.ToString());
            csv.WriteField(p.Rules);
            csv.WriteField(p.BeneficiaryId);
            csv.WriteField(p.PeriodStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            csv.WriteField(p.PeriodEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            csv.NextRecord();
        }
    }
}
