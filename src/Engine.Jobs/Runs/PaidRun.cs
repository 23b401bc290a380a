using Engine.Core.Payments;
using Engine.Jobs.Data;
using Engine.Jobs.Payments;

namespace Engine.Jobs.Runs;

using Money = Engine.Core.Money.Money;

/// <summary>A run whose payment files are written: its plan (rebuilt from the stored items), the files and the items.</summary>
public sealed record PaidRun(RunRow Run, string Folder, PaymentPlan Plan, PaymentRunOutput Files, IReadOnlyList<RunItemRow> Items)
{
    /// <summary>The summary with what was paid, held back (by reason), carried over, and what went into each file.</summary>
    public RunSummary AddTo(RunSummary summary)
    {
        var carried = Items.Where(i => i.OriginRunId != Run.RunId && !RunItems.IsRecalcOrigin(i.OriginRunId)).ToList();
        var complements = Items.Where(i => RunItems.IsRecalcOrigin(i.OriginRunId)).ToList();
        var byReason = new SortedDictionary<string, HeldBackGroup>(StringComparer.Ordinal);
        foreach (var g in Plan.HeldBack.GroupBy(h => h.Reason))
            byReason[g.Key] = new HeldBackGroup(g.Count(), Payees(g.Select(h => h.Item)), Sum(g.Select(h => h.Item)).ToString());
        return summary with
        {
            Transfers = Plan.Transfers.Count, PaidTotal = Plan.Total.ToString(),
            HeldBack = Plan.HeldBack.Count, HeldBackTotal = Sum(Plan.HeldBack.Select(h => h.Item)).ToString(),
            HeldBackByReason = byReason,
            ToRecover = Plan.Recoveries.Count, ToRecoverTotal = Sum(Plan.Recoveries).ToString(), ZeroAmounts = Plan.ZeroAmounts.Count,
            CarriedOver = carried.Count, CarriedOverPaid = carried.Count(i => i.Outcome == "paid"),
            CarriedOverPaidTotal = carried.Where(i => i.Outcome == "paid").Aggregate(Money.Zero, (s, i) => s + i.Amount).ToString(),
            Complements = complements.Count, ComplementsPaid = complements.Count(i => i.Outcome == "paid"),
            ComplementsPaidTotal = complements.Where(i => i.Outcome == "paid").Aggregate(Money.Zero, (s, i) => s + i.Amount).ToString(),
            PaymentFiles = FileSummaries().ToList(),
            Outputs = RunOutputs.Names(Files).Concat(summary.Outputs).ToList(),
        };
    }

    private IEnumerable<PaymentFileSummary> FileSummaries()
    {
        if (Files.Pain001 is { } pain)
            foreach (var date in Plan.ExecutionDates)
            {
                var transfers = Plan.Transfers.Where(t => t.ExecutionDate == date).ToList();
                yield return Entry(pain, date.ToString("yyyy-MM-dd", null), transfers);
            }
        yield return Entry(Files.Remittance, null, Plan.Transfers);
        var unpaid = Plan.HeldBack.Select(h => h.Item).Concat(Plan.Recoveries).Concat(Plan.ZeroAmounts).ToList();
        yield return new PaymentFileSummary(Path.GetFileName(Files.HeldBack.Path), null, 0, unpaid.Count, Payees(unpaid),
            Sum(Plan.HeldBack.Select(h => h.Item)).ToString(), Files.HeldBack.Sha256);
    }

    private static PaymentFileSummary Entry(WrittenFile file, string? date, IReadOnlyCollection<Transfer> transfers) =>
        new(Path.GetFileName(file.Path), date, transfers.Count, transfers.Sum(t => t.Items.Count),
            Payees(transfers.SelectMany(t => t.Items)), transfers.Aggregate(Money.Zero, (s, t) => s + t.Amount).ToString(), file.Sha256);

    private static int Payees(IEnumerable<PayableItem> items) => items.Select(RunItems.PayeeKey).Distinct(StringComparer.Ordinal).Count();

    private static Money Sum(IEnumerable<PayableItem> items) => items.Aggregate(Money.Zero, (s, i) => s + i.Amount);
}
