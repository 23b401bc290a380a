using System.Globalization;
using Engine.Core.Payers;
using Engine.Core.Payments;
using Engine.Jobs.Data;
using Engine.Jobs.Payments;
using Engine.Jobs.Runs;

namespace Engine.Jobs.Payers;

using Money = Engine.Core.Money.Money;

/// <summary>
/// The files of one payer other than the insurance (docs/payers.md), streamed from the run's stored plan like the
/// insurance's: named for the message id <c>{run id}-{payer code}</c>, its remittance report, held-back report, pain.001
/// (from the payer's own debtor account) with their sidecars, and its statement: one row per item paid from that
/// budget (the care line, member, care date, code, amount) and a last row with the total, the pain.001's control sum,
/// to claim the money back from that budget.
/// </summary>
public static class PayerFiles
{
    public static readonly IReadOnlyList<string> StatementColumns =
    [
        "payer", "source_ref", "line_id", "member_id", "care_date", "code", "payee_kind", "payee_id", "purpose", "end_to_end_id", "amount",
    ];

    /// <summary>The run id a payer's files are named and identified by (message id, payment-block ids): <c>{run id}-{code}</c>.</summary>
    public static string FileRunId(string runId, Payer payer) => $"{runId}-{payer.Code()}";

    public static string StatementName(string runId, Payer payer) => PaymentIds.MessageId(FileRunId(runId, payer)) + ".statement.csv";

    public sealed record Written(PayerSummary Summary, IReadOnlyList<string> Files, IReadOnlyList<PaymentFileSummary> PaymentFiles);

    public static PayerSummary Insurance(int transfers, int lines, Money paid, int held, Money heldTotal, int recover, Money recoverTotal, string? pain) =>
        new(Payer.Insurance.Code(), Payer.Insurance.Label(), transfers, lines, paid.ToString(), held, heldTotal.ToString(), recover,
            recoverTotal.ToString(), pain, null);

    /// <param name="lines">The care lines of the run that another payer pays, by line id (for the statement).</param>
    public static Written Write(RunRow run, string folder, IRunOutputSource source, Payer payer, PaymentDebtor debtor,
        IReadOnlyDictionary<long, CareLineRow> lines, bool excel)
    {
        debtor.EnsureValid();
        var code = payer.Code();
        var id = FileRunId(run.RunId, payer);
        var paid = new RunFiles.PaidTally(run.RunId);
        var statement = new List<IEnumerable<string?>>();
        var cells = new StoredItemCells();
        var remittance = AtomicFile.Write(Path.Combine(folder, PaymentRunFiles.RemittanceName(id)), s =>
            CsvFiles.Write(s, RemittanceReportWriter.Columns, excel, csv =>
            {
                foreach (var (transfer, item) in source.TransferItems(code))
                {
                    paid.Add(transfer, item);
                    statement.Add(StatementRow(code, transfer.EndToEndId, item, lines));
                    RemittanceReportWriter.Write(csv, cells, transfer, item);
                }
            }));
        var remittanceSha = Sha256Sidecar.Write(remittance);

        int held = 0, recover = 0, unpaidLines = 0;
        Money heldTotal = Money.Zero, recoverTotal = Money.Zero;
        var unpaidPayees = new HashSet<string>(StringComparer.Ordinal);
        var heldBack = AtomicFile.Write(Path.Combine(folder, PaymentRunFiles.HeldBackName(id)), s =>
            CsvFiles.Write(s, HeldBackReportWriter.Columns, excel, csv =>
            {
                foreach (var i in source.UnpaidItems(code))
                {
                    unpaidLines++;
                    unpaidPayees.Add(i.PayeeKind + ":" + i.PayeeId);
                    if (i.Outcome == "held") { held++; heldTotal += i.Amount; }
                    else if (i.Outcome == "to_recover") { recover++; recoverTotal += i.Amount; }
                    HeldBackReportWriter.Write(csv, cells, i);
                }
            }));
        var heldSha = Sha256Sidecar.Write(heldBack);

        WrittenFile? pain = null, painSha = null;
        if (paid.Transfers > 0)
        {
            var header = Pain001Builder.Header(id, debtor, run.AsOf, paid.Transfers, paid.Total);
            pain = AtomicFile.Write(Path.Combine(folder, PaymentRunFiles.Pain001Name(id)),
                s => Pain001Writer.Write(header, RunFiles.Blocks(id, source, paid, debtor, code), s));
            painSha = Sha256Sidecar.Write(pain);
        }

        statement.Add([code, "total", "", "", "", "", "", "", "", "", paid.Total.ToString()]);
        var statementFile = AtomicFile.Write(Path.Combine(folder, StatementName(run.RunId, payer)), s => CsvFiles.Write(s, StatementColumns, statement, excel));
        var statementSha = Sha256Sidecar.Write(statementFile);

        var paymentFiles = new List<PaymentFileSummary>();
        if (pain is not null)
            foreach (var (date, d) in paid.ByDate)
                paymentFiles.Add(new PaymentFileSummary(Path.GetFileName(pain.Path), DbTypes.Text(date), d.Transfers, d.Lines, d.Payees, d.Total.ToString(), pain.Sha256));
        paymentFiles.Add(new PaymentFileSummary(Path.GetFileName(remittance.Path), null, paid.Transfers, paid.Lines,
            source.Transfers(code).Select(t => t.PayeeKind + ":" + t.PayeeId).Distinct(StringComparer.Ordinal).Count(),
            paid.Total.ToString(), remittance.Sha256));
        paymentFiles.Add(new PaymentFileSummary(Path.GetFileName(heldBack.Path), null, 0, unpaidLines, unpaidPayees.Count, heldTotal.ToString(), heldBack.Sha256));
        paymentFiles.Add(new PaymentFileSummary(Path.GetFileName(statementFile.Path), null, paid.Transfers, paid.Lines, 0, paid.Total.ToString(), statementFile.Sha256));

        var files = new[] { pain, painSha, remittance, remittanceSha, heldBack, heldSha, statementFile, statementSha }
            .Where(f => f is not null).Select(f => Path.GetFileName(f!.Path)).ToList();
        var summary = new PayerSummary(code, payer.Label(), paid.Transfers, paid.Lines, paid.Total.ToString(), held, heldTotal.ToString(), recover,
            recoverTotal.ToString(), pain is null ? null : Path.GetFileName(pain.Path), Path.GetFileName(statementFile.Path));
        return new Written(summary, files, paymentFiles);
    }

    /// <summary>An item paid: the care line it pays ('line:ID', 'share:ID'), its member, care date and code when it is one.</summary>
    private static IEnumerable<string?> StatementRow(string payer, string endToEndId, RunItemRow i, IReadOnlyDictionary<long, CareLineRow> lines)
    {
        var colon = i.SourceRef.IndexOf(':');
        CareLineRow? line = null;
        if (colon > 0 && i.SourceRef[..colon] is "line" or "share" && long.TryParse(i.SourceRef[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var lineId))
            lines.TryGetValue(lineId, out line);
        return
        [
            payer, i.SourceRef, line?.LineId.ToString(CultureInfo.InvariantCulture), line?.BeneficiaryId,
            line is null ? CsvFiles.Date(i.PeriodFrom) : CsvFiles.Date(line.ServiceDate),
            line?.Code.ToString("0000000", CultureInfo.InvariantCulture), i.PayeeKind, i.PayeeId, i.Purpose, endToEndId, i.Amount.ToString(),
        ];
    }
}
