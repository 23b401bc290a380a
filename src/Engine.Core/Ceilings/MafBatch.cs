using Engine.Core.Rules;
using NodaTime;

namespace Engine.Core.Ceilings;

using Money = Engine.Core.Money.Money;

/// <summary>
/// A line of a `calc reimbursement` file as the MAF needs it, with the household of its beneficiary.
/// <see cref="Code"/> is the line's nomenclature code: its kind of care decides whether its personal share counts
/// for the MAF at all (see <see cref="MafRules.ExcludedKindPrefix"/>); null = counted.
/// </summary>
public sealed record MafBatchLine(
    string LineId, string BeneficiaryId, string? HouseholdId, LocalDate ServiceDate, Money PersonalShare,
    LocalDate? BirthDate, bool ThirdPartyPayment = false, int? Code = null);

/// <summary>
/// The MAF outcome of one line: <see cref="Refund"/> (0.00 when the line stays under the ceilings) or, when the MAF
/// cannot be computed for it, null and an <see cref="Error"/> naming the household, the year and the reason.
/// </summary>
public sealed record MafLineOutcome(string LineId, Money? Refund, MafPayee Payee, string? Error, IReadOnlyList<ExplanationStep> Explanation)
{
    /// <summary>The maf_refund cell: "12.34", or empty when the MAF could not be computed for the line.</summary>
    public string Cell => Refund?.ToString() ?? "";
}

/// <summary>The outcomes in the input order, and every counter as it stands after the batch (for storage).</summary>
public sealed record MafBatchResult(IReadOnlyList<MafLineOutcome> Lines, IReadOnlyDictionary<MafCounterKey, MafCounterState> Counters);

/// <summary>
/// The MAF over a batch of lines: each line goes to the counter of its beneficiary's household and its year of care,
/// unless its kind of care does not count for the MAF (medicines Cs and Cx): then 0.00 and the counter is untouched;
/// lines are counted in service-date order, then batch order; outcomes come back in the input order.
/// A line whose household-year has no household row, or a year the rules do not cover, gets an error, and the
/// other lines go through.
/// </summary>
public static class MafBatch
{
    public static MafBatchResult Run(RuleSet rules, IReadOnlyList<MafBatchLine> lines,
        IReadOnlyDictionary<MafCounterKey, MafHousehold> households,
        IReadOnlyDictionary<MafCounterKey, MafCounterState>? counters = null)
    {
        var state = counters is null ? new Dictionary<MafCounterKey, MafCounterState>() : new Dictionary<MafCounterKey, MafCounterState>(counters);
        var refused = new Dictionary<MafCounterKey, string>();
        var outcomes = new MafLineOutcome[lines.Count];

        var order = MafCounter.InCountingOrder(Enumerable.Range(0, lines.Count), i => lines[i].ServiceDate);
        foreach (var i in order)
        {
            var l = lines[i];
            if (l.Code is { } code)
            {
                ExplanationStep? excluded;
                try { excluded = MafRules.NotCounted(rules, code, l.ServiceDate, l.LineId); }
                catch (Exception e) when (e is RuleCoverageException or RuleLoadException)
                {
                    outcomes[i] = Failed(l, $"line {l.LineId}: MAF not computed: {e.Message}");
                    continue;
                }
                if (excluded is not null)
                {
                    outcomes[i] = new MafLineOutcome(l.LineId, Money.Zero, MafPayee.Member, null, [excluded]);
                    continue;
                }
            }
            if (string.IsNullOrWhiteSpace(l.HouseholdId))
            {
                outcomes[i] = Failed(l, $"line {l.LineId}: beneficiary {l.BeneficiaryId} has no household, so no MAF counter");
                continue;
            }
            if (l.PersonalShare < Money.Zero)
            {
                outcomes[i] = Failed(l, $"line {l.LineId}: a negative personal share ({l.PersonalShare}) cannot be counted for the MAF");
                continue;
            }
            var key = new MafCounterKey(l.HouseholdId, l.ServiceDate.Year);
            if (!state.TryGetValue(key, out var counter))
            {
                if (!refused.TryGetValue(key, out var why))
                {
                    try
                    {
                        if (!households.TryGetValue(key, out var household))
                            throw new ArgumentException($"no household row for household {key.HouseholdId}, year {key.Year}");
                        state[key] = counter = MafCounterState.Open(MafCeilings.For(rules, household));
                    }
                    catch (Exception e) when (e is ArgumentException or RuleCoverageException)
                    {
                        refused[key] = why = e.Message;
                    }
                }
                if (why is not null)
                {
                    outcomes[i] = Failed(l, $"line {l.LineId}: MAF not computed: {why}");
                    continue;
                }
            }
            var applied = MafCounter.Apply(counter!, new MafLine(l.LineId, l.BeneficiaryId, l.ServiceDate, l.PersonalShare, l.BirthDate, l.ThirdPartyPayment));
            state[key] = applied.State;
            outcomes[i] = new MafLineOutcome(l.LineId, applied.Refund, applied.Payee, null, applied.Explanation);
        }
        return new MafBatchResult(outcomes, state);
    }

    private static MafLineOutcome Failed(MafBatchLine l, string error) =>
        new(l.LineId, null, MafPayee.Member, error, [new ExplanationStep("maf.error", error)]);
}
