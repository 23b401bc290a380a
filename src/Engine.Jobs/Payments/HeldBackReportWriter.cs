using Engine.Core.Payments;
using Engine.Jobs.Data;

namespace Engine.Jobs.Payments;

/// <summary>
/// Every item of the run that is not paid, and why: status held_back (with the reason: bad or missing IBAN, ...),
/// to_recover (negative amount, never netted) or zero. With the remittance report it accounts for every item.
/// The IBAN column holds the account as recorded, in full, so finance can correct it.
/// </summary>
public static class HeldBackReportWriter
{
    public const string RecoveryReason = "negative amount: to recover, never netted against a payment";
    public const string ZeroReason = "zero amount: nothing to pay";

    public static readonly IReadOnlyList<string> Columns =
    [
        "status", "payee_kind", "payee_id", "payee_name", "iban", "purpose", "execution_date", "source_ref", "amount",
        "period_from", "period_to", "advantage_id", "efact_sending", "reason",
    ];

    public static byte[] ToBytes(PaymentPlan plan) =>
        CsvFiles.Write(Columns,
            plan.HeldBack.Select(h => Row("held_back", h.Item, h.Reason))
                .Concat(plan.Recoveries.Select(i => Row("to_recover", i, RecoveryReason)))
                .Concat(plan.ZeroAmounts.Select(i => Row("zero", i, ZeroReason))));

    /// <summary>The row of an item not paid: outcome held (with its reason), to_recover or zero, as stored.</summary>
    public static IEnumerable<string?> Row(string outcome, string? holdReason, PayableItem i) => outcome switch
    {
        "held" => Row("held_back", i, holdReason ?? ""),
        "to_recover" => Row("to_recover", i, RecoveryReason),
        "zero" => Row("zero", i, ZeroReason),
        _ => throw new InvalidDataException($"{i.SourceRef}: outcome '{outcome}' is not an unpaid outcome"),
    };

    /// <summary>The same row as <see cref="Row(string, string?, PayableItem)"/> for a stored item, written straight to <paramref name="csv"/>.</summary>
    public static void Write(CsvRowWriter csv, StoredItemCells cells, RunItemRow i)
    {
        var (status, reason) = i.Outcome switch
        {
            "held" => ("held_back", i.HoldReason ?? ""),
            "to_recover" => ("to_recover", RecoveryReason),
            "zero" => ("zero", ZeroReason),
            _ => throw new InvalidDataException($"{i.SourceRef}: outcome '{i.Outcome}' is not an unpaid outcome"),
        };
        csv.Field(status);
        csv.Field(cells.Kind(i.PayeeKind));
        csv.Field(i.PayeeId);
        csv.Field(i.PayeeName);
        csv.Field(i.Iban);
        csv.Field(cells.Purpose(i.Purpose).ToString());
        csv.Field(i.ExecutionDate);
        csv.Field(i.SourceRef);
        csv.Field(i.Amount);
        StoredItemCells.Period(csv, i);
        csv.Field(i.AdvantageId);
        csv.Field(cells.Sending(i));
        csv.Field(reason);
        csv.EndRow();
    }

    private static IEnumerable<string?> Row(string status, PayableItem i, string reason) =>
    [
        status, i.PayeeKind.ToString(), i.PayeeId, i.PayeeName, i.Iban, i.Purpose.ToString(), CsvFiles.Date(i.ExecutionDate),
        i.SourceRef, i.Amount.ToString(), CsvFiles.Date(i.Period?.Start), CsvFiles.Date(i.Period?.End), i.AdvantageId,
        i.Sending?.ToString(), reason,
    ];
}
