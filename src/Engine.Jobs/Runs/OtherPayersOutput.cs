using Engine.Jobs.Data;

namespace Engine.Jobs.Runs;

/// <summary>
/// A run's outputs with the plan's rows of the payers other than the insurance kept in memory, as
/// <see cref="RunFiles"/> meets them in its one pass over the whole plan for the insurance's files: each payer's own
/// files then read them from here, in the store's order (its rows are a subsequence of the whole plan's), instead of
/// reading the plan again once per payer. Those payers' items are few (their budgets pay a small share of a night);
/// everything else is read from <paramref name="source"/>.
/// </summary>
internal sealed class OtherPayersOutput(IRunOutputSource source) : IRunOutputSource
{
    private readonly Dictionary<string, List<(RunTransferRow Transfer, RunItemRow Item)>> _paid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<RunItemRow>> _unpaid = new(StringComparer.Ordinal);

    /// <summary>Keeps a paid item of another payer, met in transfer order.</summary>
    public void Paid(RunTransferRow transfer, RunItemRow item)
    {
        if (!_paid.TryGetValue(transfer.Payer, out var rows)) _paid[transfer.Payer] = rows = [];
        rows.Add((transfer, item));
    }

    /// <summary>Keeps an item of another payer not paid, met in the order of <see cref="IRunOutputSource.UnpaidItems"/>.</summary>
    public void Unpaid(RunItemRow item)
    {
        if (!_unpaid.TryGetValue(item.Payer, out var rows)) _unpaid[item.Payer] = rows = [];
        rows.Add(item);
    }

    public IEnumerable<(RunTransferRow Transfer, RunItemRow Item)> TransferItems(string? payer = null) =>
        payer is null ? source.TransferItems() : _paid.GetValueOrDefault(payer) ?? [];

    /// <summary>A payer's transfers: those of its paid items, each once, in transfer order (every transfer pays items).</summary>
    public IEnumerable<RunTransferRow> Transfers(string? payer = null)
    {
        if (payer is null)
        {
            foreach (var t in source.Transfers()) yield return t;
            yield break;
        }
        string? last = null;
        foreach (var (t, _) in _paid.GetValueOrDefault(payer) ?? [])
        {
            if (t.EndToEndId == last) continue;
            last = t.EndToEndId;
            yield return t;
        }
    }

    public IEnumerable<RunItemRow> UnpaidItems(string? payer = null) => payer is null ? source.UnpaidItems() : _unpaid.GetValueOrDefault(payer) ?? [];

    public IEnumerable<(LineResultRow Result, CareLineRow Line)> ResultLines() => source.ResultLines();
    public IReadOnlyList<IndemnityPaymentRow> IndemnityPayments() => source.IndemnityPayments();
    public IReadOnlyList<AcDecisionRow> AcDecisions() => source.AcDecisions();
    public IReadOnlyList<MafSettlementRow> MafSettlements() => source.MafSettlements();
    public IReadOnlyList<MafCounterRow> MafPending() => source.MafPending();
    public IReadOnlyList<IndemnityHeldRow> IndemnitiesHeld() => source.IndemnitiesHeld();
}
