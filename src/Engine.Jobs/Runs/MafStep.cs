using System.Text.Json;
using Engine.Core.Ceilings;
using Engine.Core.Money;
using Engine.Core.Rules;
using Engine.Jobs.Data;

namespace Engine.Jobs.Runs;

/// <summary>
/// The maximum à facturer inside the nightly run: the personal shares of the run's accepted lines go to their
/// household's counter for the year of care (restored from the store), in service-date then line order; what passes
/// the ceiling becomes the line's MAF refund, paid to the member. A line counted once is never counted again
/// (the counter keeps its line ids), and a late line for an earlier year moves that year's counter.
/// A household-year the rules do not cover (2025 and later today) gets no refund and a note, never a guess.
/// <paramref name="earlierCounters"/> gives the counters as earlier runs left them (the latest ones, or for a replay those
/// before the replayed run).
/// </summary>
public sealed class MafStep(Func<IEnumerable<(string HouseholdId, int Year)>, IReadOnlyList<MafCounterRow>> earlierCounters, RuleSet rules)
{
    public sealed record Outcome(IReadOnlyList<LineResultRow> Results, IReadOnlyList<MafCounterRow> Counters, IReadOnlyList<string> Notes);

    public Outcome Apply(string runId, IReadOnlyList<LineResultRow> results, IReadOnlyDictionary<long, CareLineRow> lines,
        IReadOnlyDictionary<string, BeneficiaryRow> beneficiaries, IReadOnlyList<HouseholdRow> households,
        IReadOnlyList<HouseholdMemberRow> members)
    {
        var householdOf = members.ToDictionary(m => (m.BeneficiaryId, m.Year), m => m.HouseholdId);
        var batch = new List<MafBatchLine>();
        var index = new List<int>();
        for (int i = 0; i < results.Count; i++)
        {
            var r = results[i];
            if (r.Status != "accepted" || r.Share.Cents <= 0) continue;
            var line = lines[r.LineId];
            householdOf.TryGetValue((line.BeneficiaryId, line.ServiceDate.Year), out var household);
            beneficiaries.TryGetValue(line.BeneficiaryId, out var b);
            batch.Add(new MafBatchLine(r.LineId.ToString(), line.BeneficiaryId, household, line.ServiceDate, r.Share, b?.BirthDate,
                ThirdPartyPayment: line.Channel == "efact", Code: line.Code));
            index.Add(i);
        }
        var householdRows = households.ToDictionary(h => new MafCounterKey(h.HouseholdId, h.Year),
            h => new MafHousehold(h.HouseholdId, h.Year, h.ReferenceIncome, h.BimHousehold, h.Chronic));
        var keys = batch.Where(l => l.HouseholdId is not null).Select(l => (l.HouseholdId!, l.ServiceDate.Year)).Distinct().ToList();
        var restored = new Dictionary<MafCounterKey, MafCounterState>();
        foreach (var row in earlierCounters(keys))
        {
            var key = new MafCounterKey(row.HouseholdId, row.Year);
            if (!householdRows.TryGetValue(key, out var h)) continue;
            var children = JsonSerializer.Deserialize<Dictionary<string, long>>(row.ChildCounted)!
                .Select(kv => new KeyValuePair<string, Money>(kv.Key, new Money(kv.Value)));
            restored[key] = MafCounterState.Restore(MafCeilings.For(rules, h), new Money(row.CountedCents), new Money(row.RefundedCents),
                children, JsonSerializer.Deserialize<List<string>>(row.LineIds)!);
        }

        var outcome = MafBatch.Run(rules, batch, householdRows, restored);
        var updated = results.ToArray();
        var notes = new SortedSet<string>(StringComparer.Ordinal);
        for (int j = 0; j < batch.Count; j++)
        {
            var o = outcome.Lines[j];
            if (o.Error is not null)
            {
                notes.Add(o.Error.Contains("MAF not computed") ? o.Error[(o.Error.IndexOf("MAF not computed", StringComparison.Ordinal))..] : o.Error);
                continue;
            }
            if (o.Refund is { Cents: > 0 } refund) updated[index[j]] = With(updated[index[j]], refund, o.Payee);
        }
        var touched = keys.Select(k => new MafCounterKey(k.Item1, k.Item2)).ToHashSet();
        var counters = outcome.Counters.Where(kv => touched.Contains(kv.Key)).OrderBy(kv => kv.Key.HouseholdId, StringComparer.Ordinal)
            .ThenBy(kv => kv.Key.Year)
            .Select(kv => new MafCounterRow
            {
                RunId = runId, HouseholdId = kv.Key.HouseholdId, Year = kv.Key.Year, CountedCents = kv.Value.Counted.Cents,
                RefundedCents = kv.Value.Refunded.Cents,
                ChildCounted = JsonSerializer.Serialize(kv.Value.ChildCounted.ToDictionary(c => c.Key, c => c.Value.Cents)),
                LineIds = JsonSerializer.Serialize(kv.Value.LineIds.ToList()),
            }).ToList();
        return new Outcome(updated, counters, notes.Take(20).ToList());
    }

    /// <summary>The rule id names who gets the refund: maf.refund (the member) or maf.refund.provider (third-party payment, when the rules say so).</summary>
    public const string RefundToProvider = "maf.refund.provider";

    /// <summary>Whether the line's MAF refund goes to the provider (<see cref="RefundToProvider"/> in its rules).</summary>
    public static bool PaidToProvider(LineResultRow r) => r.Rules.Split('|').Contains(RefundToProvider);

    private static LineResultRow With(LineResultRow r, Money refund, MafPayee payee) => new()
    {
        RunId = r.RunId, LineId = r.LineId, RuleSetVersion = r.RuleSetVersion, InputKnownAt = r.InputKnownAt, Fee = r.Fee,
        Insurer = r.Insurer, Share = r.Share, Supplement = r.Supplement, MafRefund = refund, Payee = r.Payee, Status = r.Status,
        Reason = r.Reason, Rules = r.Rules + (payee == MafPayee.Provider ? "|" + RefundToProvider : "|maf.refund"),
    };
}
