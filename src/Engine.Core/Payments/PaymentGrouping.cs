
namespace Engine.Core.Payments;

using Money = Engine.Core.Money.Money;

/// <summary>
/// Turns the run's owed items into transfers. Rules, in order:
/// <list type="number">
/// <item>Negative items are amounts to recover and zero items owe nothing: both are listed apart, never paid and
/// never netted against anything (not against other kinds, not even inside a group). Recovering is a decision with
/// its own notice to the payee, not something a payment file may do silently.</item>
/// <item>An item whose own data is unusable (source reference missing or repeated in the run, payee id missing,
/// third-party payment to a member or without its eFact sending, bad structured communication) is held back with
/// the reason.</item>
/// <item>The others are grouped by <see cref="PaymentGroupKey"/>: providers under third-party payment per provider
/// and eFact sending; everything else per payee and purpose (so a member gets one transfer for care refunds and
/// another for an AC advantage, each with its own remittance); always per execution date.</item>
/// <item>A whole group is held back when its IBAN is missing, fails the check, or differs between its items, when
/// the payee name is empty in the SEPA character set, or when the sum exceeds the SEPA maximum.</item>
/// </list>
/// Output order never depends on input order: items sort by payee, purpose, date and source reference; transfers by
/// execution date then group key.
/// </summary>
public static class PaymentGrouping
{
    /// <summary>The largest amount a SEPA credit transfer may carry: 999 999 999.99 EUR.</summary>
    public static readonly Money MaxTransferAmount = new(99_999_999_999);

    public static PaymentPlan Plan(string runId, IEnumerable<PayableItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var all = items.ToList();
        if (all.Any(i => i is null)) throw new ArgumentException("an item is null", nameof(items));
        all.Sort(ItemOrder.Instance);

        var refCounts = all.GroupBy(i => i.SourceRef ?? "", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var held = new List<HeldBackItem>();
        var recoveries = new List<PayableItem>();
        var zeros = new List<PayableItem>();
        var groups = new SortedDictionary<PaymentGroupKey, List<PayableItem>>();

        foreach (var item in all)
        {
            if (item.Amount.Cents < 0) { recoveries.Add(item); continue; }
            if (item.Amount.Cents == 0) { zeros.Add(item); continue; }
            var (key, problem) = KeyOf(item, refCounts);
            if (problem is not null) { held.Add(new HeldBackItem(item, problem)); continue; }
            if (!groups.TryGetValue(key!, out var list)) groups[key!] = list = [];
            list.Add(item);
        }

        var transfers = new List<Transfer>();
        var endToEndIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, groupItems) in groups)
        {
            var amount = groupItems.Aggregate(Money.Zero, (s, i) => s + i.Amount);
            var name = SepaText.Name(groupItems[0].PayeeName);
            var ibanCheck = GroupIban(groupItems);
            var problem = ibanCheck.Problem
                          ?? (name.Length == 0 ? "payee name is empty once written in the SEPA character set" : null)
                          ?? (amount > MaxTransferAmount ? $"transfer of {amount} exceeds the SEPA maximum of {MaxTransferAmount}" : null);
            if (problem is not null)
            {
                held.AddRange(groupItems.Select(i => new HeldBackItem(i, problem)));
                continue;
            }
            var e2e = PaymentIds.EndToEndId(runId, key);
            if (!endToEndIds.Add(e2e))
                throw new InvalidOperationException($"end-to-end id {e2e} computed twice in run {runId}: hash collision");
            transfers.Add(new Transfer(e2e, key, name, ibanCheck.Iban!.Value, amount, RemittanceOf(key, groupItems), groupItems));
        }

        held.Sort((a, b) => ItemOrder.Instance.Compare(a.Item, b.Item));
        return new PaymentPlan(runId, transfers, held, recoveries, zeros);
    }

    private static (PaymentGroupKey? Key, string? Problem) KeyOf(PayableItem item, Dictionary<string, int> refCounts)
    {
        if (string.IsNullOrWhiteSpace(item.SourceRef)) return (null, "source reference missing");
        if (refCounts[item.SourceRef] > 1)
            return (null, $"source reference '{item.SourceRef}' appears {refCounts[item.SourceRef]} times in the run: none is paid");
        if (string.IsNullOrWhiteSpace(item.PayeeId)) return (null, "payee id missing");

        string? ogm = null;
        if (!string.IsNullOrWhiteSpace(item.StructuredCommunication))
        {
            if (!StructuredCommunication.TryParse(item.StructuredCommunication, out var parsed, out var ogmProblem))
                return (null, ogmProblem);
            ogm = parsed.Digits;
        }

        EfactSendingRef? sending = null;
        if (item.Purpose == PaymentPurpose.ThirdPartyCare)
        {
            if (item.PayeeKind != PayeeKind.Provider) return (null, "third-party payment must be paid to a provider");
            if (item.Sending is null && ogm is null) return (null, "third-party payment without its eFact sending reference");
            if (item.Sending?.Problem is { } sendingProblem) return (null, sendingProblem);
            sending = item.Sending;
        }
        return (new PaymentGroupKey(item.PayeeKind, item.PayeeId, item.Purpose, item.ExecutionDate, sending, ogm, item.Payer), null);
    }

    private static IbanCheck GroupIban(List<PayableItem> items)
    {
        // Nearly always the same text on every item: nothing to normalise then.
        var first = items[0].Iban;
        if (items.TrueForAll(i => string.Equals(i.Iban, first, StringComparison.Ordinal))) return Iban.Check(first);
        var distinct = items.Select(i => (i.Iban ?? "").Replace(" ", "").ToUpperInvariant()).Distinct(StringComparer.Ordinal).Count();
        return distinct > 1
            ? new IbanCheck(null, "the items of this payee group carry different IBANs")
            : Iban.Check(items[0].Iban);
    }

    private static Remittance RemittanceOf(PaymentGroupKey key, List<PayableItem> items)
    {
        if (key.StructuredDigits is not null) return Remittance.Of(StructuredCommunication.Parse(key.StructuredDigits));
        if (key.Purpose == PaymentPurpose.ThirdPartyCare) return Remittance.Of(StructuredCommunication.ForSending(key.Sending!));
        return Remittance.Of(RemittanceText.For(key.Purpose, items));
    }
}
