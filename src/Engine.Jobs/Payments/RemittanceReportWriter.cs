using Engine.Core.Payments;
using Engine.Jobs.Data;
using NodaTime;
using Money = Engine.Core.Money.Money;

namespace Engine.Jobs.Payments;

/// <summary>
/// The finance file that says what each transfer pays: one row per transfer and item it pays, in the payment file's
/// order. The IBAN is in full: this is a finance file, not a log.
/// </summary>
public static class RemittanceReportWriter
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "end_to_end_id", "execution_date", "payee_kind", "payee_id", "creditor_name", "iban", "transfer_amount",
        "remittance", "purpose", "source_ref", "item_amount", "period_from", "period_to", "advantage_id", "efact_sending",
    ];

    public static byte[] ToBytes(PaymentPlan plan) =>
        CsvFiles.Write(Columns, plan.Transfers.SelectMany(t => t.Items.Select(i => Row(t, i))));

    /// <summary>One row from a stored transfer (its fields as the plan gave them) and one item it pays.</summary>
    public static IEnumerable<string?> Row(LocalDate executionDate, PayeeKind payeeKind, string endToEndId, string payeeId, string creditorName,
        string creditorIban, Money transferAmount, string remittance, PaymentPurpose purpose, PayableItem i) =>
    [
        endToEndId, CsvFiles.Date(executionDate), payeeKind.ToString(), payeeId, creditorName,
        creditorIban, transferAmount.ToString(), remittance, purpose.ToString(), i.SourceRef,
        i.Amount.ToString(), CsvFiles.Date(i.Period?.Start), CsvFiles.Date(i.Period?.End), i.AdvantageId,
        i.Sending?.ToString(),
    ];

    /// <summary>The same row as <see cref="Row(LocalDate, PayeeKind, string, string, string, string, Money, string, PaymentPurpose, PayableItem)"/>
    /// for a stored transfer and an item it pays, written straight to <paramref name="csv"/>.</summary>
    public static void Write(CsvRowWriter csv, StoredItemCells cells, RunTransferRow t, RunItemRow i)
    {
        csv.Field(t.EndToEndId);
        csv.Field(t.ExecutionDate);
        csv.Field(cells.Kind(t.PayeeKind));
        csv.Field(t.PayeeId);
        csv.Field(t.CreditorName);
        csv.Field(t.CreditorIban);
        csv.Field(t.Amount);
        csv.Field(t.Remittance);
        csv.Field(cells.Purpose(t.Purpose).ToString());
        csv.Field(i.SourceRef);
        csv.Field(i.Amount);
        StoredItemCells.Period(csv, i);
        csv.Field(i.AdvantageId);
        csv.Field(cells.Sending(i));
        csv.EndRow();
    }

    private static IEnumerable<string?> Row(Transfer t, PayableItem i) =>
    [
        t.EndToEndId, CsvFiles.Date(t.ExecutionDate), t.PayeeKind.ToString(), t.PayeeId, t.CreditorName,
        t.CreditorIban.Value, t.Amount.ToString(), t.Remittance.ToString(), t.Purpose.ToString(), i.SourceRef,
        i.Amount.ToString(), CsvFiles.Date(i.Period?.Start), CsvFiles.Date(i.Period?.End), i.AdvantageId,
        i.Sending?.ToString(),
    ];
}
