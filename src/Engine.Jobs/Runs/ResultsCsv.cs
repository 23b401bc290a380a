using System.Globalization;
using Engine.Jobs.Data;

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
        "provisional",
    ];

    /// <param name="results">Each result with its care line, in line order.</param>
    /// <summary>The columns with the payer (file format 3, docs/payers.md): the same, then payer.</summary>
    public static readonly string[] HeaderWithPayer = [.. Header, "payer"];

    /// <returns>The SHA-256 of the bytes written (lower-case hex), hashed on the way.</returns>
    public static string Write(string path, IEnumerable<(LineResultRow Result, CareLineRow Line)> results, bool excel = true, bool payer = false)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var hashing = new Payments.AtomicFile.HashingStream(stream);
        using (var csv = new CsvRowWriter(hashing, excel)) Rows(csv, results, payer);
        return hashing.Sha256Hex();
    }

    private static void Rows(CsvRowWriter csv, IEnumerable<(LineResultRow Result, CareLineRow Line)> results, bool payer)
    {
        csv.Row(payer ? HeaderWithPayer : Header);
        foreach (var (r, l) in results)
        {
            csv.Field(r.LineId);
            csv.Field(r.Fee);
            csv.Field(r.Insurer);
            csv.Field(r.Share);
            csv.Field(r.Supplement);
            csv.Field(r.Payee);
            csv.Field(r.Status);
            csv.Field(r.Reason);
            csv.Field(r.Rules);
            csv.Field(r.MafRefund);
            csv.Field(l.BeneficiaryId);
            csv.Field(l.ProviderId);
            csv.Field(l.Code, digits: 7);
            // "yyyy-MM-dd" is the year of era: the ISO year for years 1 to 9999.
            if (l.ServiceDate.Year is >= 1 and <= 9999) csv.Field(l.ServiceDate);
            else csv.Field(l.ServiceDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            csv.Field(l.Quantity);
            csv.Field(l.Channel);
            csv.Field(l.SendingId);
            csv.Field(l.InvoiceNumber);
            csv.Field(r.RuleSetVersion);
            csv.Field(r.Provisional);
            if (payer) csv.Field(r.Payer);
            csv.EndRow();
        }
    }
}
