using Engine.Core.Payments;

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

    private static IEnumerable<string?> Row(string status, PayableItem i, string reason) =>
    [
        status, i.PayeeKind.ToString(), i.PayeeId, i.PayeeName, i.Iban, i.Purpose.ToString(), CsvFiles.Date(i.ExecutionDate),
        i.SourceRef, i.Amount.ToString(), CsvFiles.Date(i.Period?.Start), CsvFiles.Date(i.Period?.End), i.AdvantageId,
        i.Sending?.ToString(), reason,
    ];
}
