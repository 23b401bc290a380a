using System.Globalization;
using Engine.Jobs.Data;

namespace Engine.Jobs.Runs;

/// <summary>
/// indemnities.csv of a run: one statement per case and period paid, with the columns of `calc indemnity`
/// (case_id,paid_days,daily_amount,gross,withholding,net,rules) then the member and the period.
/// </summary>
public static class IndemnityCsv
{
    public static readonly string[] Header =
        ["case_id", "paid_days", "daily_amount", "gross", "withholding", "net", "rules", "beneficiary_id", "period_start", "period_end", "provisional"];

    public static void Write(string path, IReadOnlyList<IndemnityPaymentRow> payments, bool excel = true) =>
        CsvFile.Write(path, Header, payments.Select(p => new[]
        {
            p.CaseId, p.PaidDays.ToString(CultureInfo.InvariantCulture), p.Daily.ToString(), p.Gross.ToString(), p.Withholding.ToString(),
            p.Net.ToString(), p.Rules, p.BeneficiaryId, p.PeriodStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            p.PeriodEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), p.Provisional,
        }), excel);
}
