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

    public static void Write(string path, IEnumerable<(LineResultRow Result, CareLineRow Line)> results, bool excel = true, bool payer = false) =>
        CsvFile.Write(path, payer ? HeaderWithPayer : Header, results.Select(x =>
        {
            var (r, l) = x;
            string[] row =
            [
                r.LineId.ToString(CultureInfo.InvariantCulture), r.Fee.ToString(), r.Insurer.ToString(), r.Share.ToString(),
                r.Supplement.ToString(), r.Payee, r.Status, r.Reason, r.Rules, r.MafRefund.ToString(), l.BeneficiaryId, l.ProviderId,
                l.Code.ToString("0000000", CultureInfo.InvariantCulture), l.ServiceDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                l.Quantity.ToString(CultureInfo.InvariantCulture), l.Channel, l.SendingId.ToString(CultureInfo.InvariantCulture),
                l.InvoiceNumber, r.RuleSetVersion, r.Provisional,
            ];
            return payer ? [.. row, r.Payer] : row;
        }), excel);
}
