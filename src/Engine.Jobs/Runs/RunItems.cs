using Engine.Core.Payments;
using Engine.Jobs.Data;
using NodaTime;
using NodaTime.Text;

namespace Engine.Jobs.Runs;

/// <summary>A payable item and its stored row, both ways, exactly: the files are written from the rows.</summary>
public static class RunItems
{
    private static readonly YearMonthPattern Month = YearMonthPattern.CreateWithInvariantCulture("uuuu'-'MM");

    public static RunItemRow Row(string runId, int seq, int chunkId, string originRunId, PayableItem i) => new()
    {
        RunId = runId, Seq = seq, SourceRef = i.SourceRef, ChunkId = chunkId, OriginRunId = originRunId,
        PayeeKind = Kind(i.PayeeKind), PayeeId = i.PayeeId, PayeeName = i.PayeeName, Iban = i.Iban, Amount = i.Amount,
        Purpose = i.Purpose.ToString(), ExecutionDate = i.ExecutionDate, PeriodFrom = i.Period?.Start, PeriodTo = i.Period?.End,
        AdvantageId = i.AdvantageId, SendingNumber = i.Sending?.SendingNumber,
        SendingMonth = i.Sending is { } s ? Month.Format(s.InvoicedMonth) : null, SendingMutuality = i.Sending?.MutualityNumber,
        StructuredCommunication = i.StructuredCommunication,
    };

    public static PayableItem Payable(RunItemRow r) => new(
        r.SourceRef, Kind(r.PayeeKind), r.PayeeId, r.PayeeName, r.Iban, r.Amount, Enum.Parse<PaymentPurpose>(r.Purpose), r.ExecutionDate,
        r.PeriodFrom is { } from && r.PeriodTo is { } to ? new DateInterval(from, to) : null,
        r.AdvantageId,
        r.SendingNumber is { } n ? new EfactSendingRef(n, Month.Parse(r.SendingMonth!).GetValueOrThrow(), r.SendingMutuality!.Value) : null,
        r.StructuredCommunication);

    /// <summary>
    /// An item an earlier run held back, as this run owes it: to the payee's name and IBAN as known at this run's
    /// as-of instant (a corrected IBAN is a new registry row), on this run's date at the earliest. Everything else (the
    /// amount, what it pays, the sending it settles) is as it was computed.
    /// </summary>
    public static PayableItem Carried(RunItemRow held, LocalDate runDate,
        IReadOnlyDictionary<string, BeneficiaryRow> beneficiaries, IReadOnlyDictionary<string, ProviderRow> providers)
    {
        var item = Payable(held);
        var (name, iban) = item.PayeeKind == PayeeKind.Provider
            ? providers.TryGetValue(item.PayeeId, out var p) ? (p.Name, p.Iban) : (item.PayeeId, null)
            : beneficiaries.TryGetValue(item.PayeeId, out var b) ? (b.Name, b.Iban) : (item.PayeeId, (string?)null);
        return item with { PayeeName = name, Iban = iban, ExecutionDate = item.ExecutionDate > runDate ? item.ExecutionDate : runDate };
    }

    /// <summary>"provider:ID" or "member:ID": the order of payees is the order of these keys (ordinal).</summary>
    public static string PayeeKey(PayableItem i) => Kind(i.PayeeKind) + ":" + i.PayeeId;

    public static string Kind(PayeeKind k) => k == PayeeKind.Provider ? "provider" : "member";

    public static PayeeKind Kind(string k) => k switch
    {
        "provider" => PayeeKind.Provider,
        "member" => PayeeKind.Member,
        _ => throw new InvalidDataException($"payee kind '{k}' is neither provider nor member"),
    };
}
