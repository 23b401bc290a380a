using Engine.Core.Payers;
using Engine.Core.Payments;
using Engine.Jobs.Data;
using NodaTime;
using NodaTime.Text;

namespace Engine.Jobs.Runs;

/// <summary>A payable item and its stored row, both ways, exactly: the files are written from the rows.</summary>
public static class RunItems
{
    private static readonly YearMonthPattern Month = YearMonthPattern.CreateWithInvariantCulture("uuuu'-'MM");

    /// <param name="partition">The partition that computed the item; null for an item taken over.</param>
    public static RunItemRow Row(string runId, int? partition, string originRunId, PayableItem i, string? provisional = null) => new()
    {
        Provisional = string.IsNullOrEmpty(provisional) ? null : provisional,
        RunId = runId, SourceRef = i.SourceRef, Partition = partition, OriginRunId = originRunId,
        PayeeKind = Kind(i.PayeeKind), PayeeId = i.PayeeId, PayeeName = i.PayeeName, Iban = i.Iban, Amount = i.Amount,
        Purpose = i.Purpose.ToString(), PurposeRank = (int)i.Purpose, ExecutionDate = i.ExecutionDate, PeriodFrom = i.Period?.Start, PeriodTo = i.Period?.End,
        AdvantageId = i.AdvantageId, SendingNumber = i.Sending?.SendingNumber,
        SendingMonth = i.Sending is { } s ? Month.Format(s.InvoicedMonth) : null, SendingMutuality = i.Sending?.MutualityNumber,
        StructuredCommunication = i.StructuredCommunication, Payer = i.Payer.Code(),
    };

    public static PayableItem Payable(RunItemRow r) => new(
        r.SourceRef, Kind(r.PayeeKind), r.PayeeId, r.PayeeName, r.Iban, r.Amount, Enum.Parse<PaymentPurpose>(r.Purpose), r.ExecutionDate,
        r.PeriodFrom is { } from && r.PeriodTo is { } to ? new DateInterval(from, to) : null,
        r.AdvantageId,
        r.SendingNumber is { } n ? Sending(n, r.SendingMonth!, r.SendingMutuality!.Value) : null,
        r.StructuredCommunication, PayerCodes.Parse(r.Payer));

    /// <summary>The eFact sending a stored item settles: its number, invoiced month ('yyyy-MM') and mutuality.</summary>
    public static EfactSendingRef Sending(int number, string month, int mutuality) =>
        new(number, Month.Parse(month).GetValueOrThrow(), mutuality);

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

    /// <summary>
    /// The provisional rule values of what an item pays, by its source reference: a care line's insurer amount and MAF
    /// refund ('line:ID', 'maf:ID'), the MAF refund of a line an earlier run left pending ('maf:ID', settled by this
    /// run), an indemnity statement, an AC decision. Null when none.
    /// </summary>
    public static Func<string, string?> ProvisionalOf(IEnumerable<LineResultRow> results, IEnumerable<IndemnityPaymentRow> statements,
        IEnumerable<AcDecisionRow> decisions, IEnumerable<MafSettlementRow> settlements)
    {
        var bySource = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in results.Where(r => r.Provisional.Length > 0))
        {
            bySource[$"line:{r.LineId}"] = r.Provisional;
            bySource[$"maf:{r.LineId}"] = r.Provisional;
        }
        // A settled line was computed by an earlier run: this run has no result for it, so its 'maf:ID' is free.
        foreach (var s in settlements.Where(s => s.Provisional.Length > 0)) bySource[$"maf:{s.LineId}"] = s.Provisional;
        foreach (var p in statements.Where(p => p.Provisional.Length > 0)) bySource[$"indemnity:{p.IndemnityPaymentId}"] = p.Provisional;
        foreach (var d in decisions.Where(d => d.Provisional.Length > 0)) bySource[$"ac:{d.AcDecisionId}"] = d.Provisional;
        return source => bySource.GetValueOrDefault(source);
    }

    /// <summary>The origin recorded for a recalculation's complement: 'recalc-ID'.</summary>
    public static string RecalcOrigin(long recalcId) => $"recalc-{recalcId}";

    public static bool IsRecalcOrigin(string origin) => origin.StartsWith("recalc-", StringComparison.Ordinal);

    /// <summary>
    /// A recalculation's complement as the run pays it: the item 'adj:ID', to the payee of the corrected item (for a
    /// third-party payment, with the eFact sending the provider reconciles it with), to their name and IBAN as known
    /// at the run's as-of instant, on the run's date.
    /// </summary>
    public static PayableItem Complement(AdjustmentRow a, LocalDate runDate,
        IReadOnlyDictionary<string, BeneficiaryRow> beneficiaries, IReadOnlyDictionary<string, ProviderRow> providers)
    {
        var kind = Kind(a.PayeeKind);
        var (name, iban) = kind == PayeeKind.Provider
            ? providers.TryGetValue(a.PayeeId, out var p) ? (p.Name, p.Iban) : (a.PayeeId, null)
            : beneficiaries.TryGetValue(a.PayeeId, out var b) ? (b.Name, b.Iban) : (a.PayeeId, (string?)null);
        return new PayableItem(a.SourceRef, kind, a.PayeeId, name, iban, a.Amount, Enum.Parse<PaymentPurpose>(a.Purpose), runDate,
            a.PeriodFrom is { } from && a.PeriodTo is { } to ? new DateInterval(from, to) : null, null,
            a.SendingNumber is { } n ? new EfactSendingRef(n, Month.Parse(a.SendingMonth!).GetValueOrThrow(), a.SendingMutuality!.Value) : null,
            Payer: PayerCodes.Parse(a.Payer));
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
