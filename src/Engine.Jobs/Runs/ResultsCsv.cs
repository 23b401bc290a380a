using System.Globalization;
using CsvHelper;
using Engine.Jobs.Data;
using Engine.Jobs.Registry;

namespace Engine.Jobs.Runs;

/// <summary>
/// results.csv of a run: one row per care line, in line order. The first columns are those of
/// `calc reimbursement` (and its maf_refund), so the run and the calculator can be compared column for column;
/// the trace columns after them say where each line came from.
/// </summary>
public static class ResultsCsv
{
    public static readonly string[] Header =
    [
        "line_id", "fee", "insurer_amount", "personal_share", "supplement", "payee", "status", "reason", "rules", "maf_refund",
        "beneficiary_id", "provider_id", "code", "service_date", "quantity", "channel", "sending_id", "invoice_number", "rule_set_version",
    ];

    public static void Write(string path, IReadOnlyList<LineResultRow> results, IReadOnlyDictionary<long, CareLineRow> lines)
    {
        using var writer = new StreamWriter(path, false, new System.Text.UTF8Encoding(false));
        using var csv = new CsvWriter(writer, RegistryCsv.Config);
        foreach (var h in Header) csv.WriteField(h);
        csv.NextRecord();
        foreach (var r in results)
        {
            var l = lines[r.LineId];
            csv.WriteField(r.LineId.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(r.Fee.ToString());
            csv.WriteField(r.Insurer.ToString());
            csv.WriteField(r.Share.ToString());
            csv.WriteField(r.Supplement.ToString());
            csv.WriteField(r.Payee);
            csv.WriteField(r.Status);
            csv.WriteField(r.Reason);
            csv.WriteField(r.Rules);
            csv.WriteField(r.MafRefund.ToString());
            csv.WriteField(l.BeneficiaryId);
            csv.WriteField(l.ProviderId);
            csv.WriteField(l.Code.ToString("0000000", CultureInfo.InvariantCulture));
            csv.WriteField(l.ServiceDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            csv.WriteField(l.Quantity.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(l.Channel);
            csv.WriteField(l.SendingId.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(l.InvoiceNumber);
            csv.WriteField(r.RuleSetVersion);
            csv.NextRecord();
        }
    }
}
