using Engine.Core.Rules;
using NodaTime;

namespace Engine.Core.Ceilings;

using Money = Engine.Core.Money.Money;

/// <summary>
/// A line of a `calc reimbursement` file (or of a run) as the MAF needs it, with the household of its beneficiary.
/// <see cref="Code"/> is the line's nomenclature code: its kind of care decides whether its personal share counts
/// for the MAF at all (see <see cref="MafRules.ExcludedKindPrefix"/>); null = counted. <see cref="Relation"/> is the
/// beneficiary's relation in the household (unknown = the whole address household, as before the registry said it).
/// <see cref="Where"/> names the line's row for an error ("claims.csv:4"); null = its position in the batch.
/// </summary>
public sealed record MafBatchLine(
    string LineId, string BeneficiaryId, string? HouseholdId, LocalDate ServiceDate, Money PersonalShare,
    LocalDate? BirthDate, bool ThirdPartyPayment = false, int? Code = null,
    HouseholdRelation Relation = HouseholdRelation.Unknown, string? Where = null);

/// <summary>
/// The MAF outcome of one line: <see cref="Refund"/> (0.00 when the line stays under the ceilings) or, when the MAF
/// cannot be computed for it, null and an <see cref="Error"/> naming the household, the year and the reason.
/// <see cref="Missing"/> is set when the reason is a year of care without MAF figures in rules/ (the line can be held
/// as pending for that year); <see cref="Counter"/> is the counter the line went to (or would have gone to).
/// </summary>
public sealed record MafLineOutcome(string LineId, Money? Refund, MafPayee Payee, string? Error, IReadOnlyList<ExplanationStep> Explanation,
    MafFiguresMissing? Missing = null, MafCounterKey? Counter = null)
{
    /// <summary>The maf_refund cell: "12.34", or empty when the MAF could not be computed for the line.</summary>
    public string Cell => Refund?.ToString() ?? "";
}

/// <summary>The outcomes in the input order, and every counter as it stands after the batch (for storage).
/// <see cref="Pending"/>: each household-year refused for want of MAF figures, with the missing parameter.</summary>
public sealed record MafBatchResult(IReadOnlyList<MafLineOutcome> Lines, IReadOnlyDictionary<MafCounterKey, MafCounterState> Counters)
{
    public IReadOnlyDictionary<MafCounterKey, MafFiguresMissing> Pending { get; init; } = new Dictionary<MafCounterKey, MafFiguresMissing>();
}

/// <summary>
/// The MAF over a batch of lines: each line goes to the counter of its beneficiary's household and its year of care,
/// unless its kind of care does not count for the MAF (medicines Cs and Cx until 2025): then 0.00 and the counter is
/// untouched; lines are counted in service-date order, then batch order; outcomes come back in the input order.
/// In a household under the MAF social, a co-resident who is not the BIM beneficiary's partner or dependant
/// (<see cref="HouseholdRelation.Other"/>) goes to the household's "…:others" counter, under the MAF revenus.
/// A line id found twice in the batch is an error on every row carrying it (which one is right is not ours to guess);
/// a line whose household-year has no household row, or a year the rules do not cover, gets an error; the other
/// lines go through.
/// </summary>
public static class MafBatch
{
    /// <param name="explain">False: each line's explanation keeps only its steps that name a rule origin (see
    /// <see cref="MafCounter.Apply"/>); its error, if any, is still told in full.</param>
    public static MafBatchResult Run(RuleSet rules, IReadOnlyList<MafBatchLine> lines,
        IReadOnlyDictionary<MafCounterKey, MafHousehold> households,
        IReadOnlyDictionary<MafCounterKey, MafCounterState>? counters = null, bool explain = true)
    {
        var state = counters is null ? new Dictionary<MafCounterKey, MafCounterState>() : new Dictionary<MafCounterKey, MafCounterState>(counters);
        var ceilings = new Dictionary<MafCounterKey, MafCeiling>();
        var refused = new Dictionary<MafCounterKey, (string Why, MafFiguresMissing? Missing)>();
        var outcomes = new MafLineOutcome[lines.Count];
        var repeated = Repeated(lines);

        // The ceiling of a counter: that of its stored state, or computed once from the household row.
        bool TryCeiling(MafCounterKey key, out MafCeiling ceiling, out (string Why, MafFiguresMissing? Missing) why)
        {
            why = default;
            if (state.TryGetValue(key, out var open)) { ceiling = open.Ceiling; return true; }
            if (ceilings.TryGetValue(key, out ceiling!)) return true;
            if (refused.TryGetValue(key, out why)) return false;
            try
            {
                var household = MafHousehold.Of(key, households)
                    ?? throw new ArgumentException($"no household row for household {key.Address.HouseholdId}, year {key.Year}");
                ceilings[key] = ceiling = MafCeilings.For(rules, household, explain);
                return true;
            }
            catch (MafYearNotCoveredException e) { why = (e.Message, e.Missing); }
            catch (Exception e) when (e is ArgumentException or RuleCoverageException)
            {
                why = (key.IsOthers
                    ? $"household {key.Address.HouseholdId} year {key.Year}: the co-residents outside the BIM beneficiary's family (relation other) are not covered by the MAF social, and their MAF revenus cannot be chosen: {e.Message}"
                    : e.Message, null);
            }
            refused[key] = why;
            return false;
        }

        var order = MafCounter.InCountingOrder(Enumerable.Range(0, lines.Count), i => lines[i].ServiceDate);
        foreach (var i in order)
        {
            var l = lines[i];
            if (repeated.TryGetValue(i, out var twice))
            {
                outcomes[i] = Failed(l, twice);
                continue;
            }
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
            if (!TryCeiling(key, out var ceiling, out var why))
            {
                outcomes[i] = Failed(l, $"line {l.LineId}: MAF not computed: {why.Why}", why.Missing, key);
                continue;
            }
            ExplanationStep? apart = null;
            if (l.Relation == HouseholdRelation.Other && ceiling.Social)
            {
                key = MafCounterKey.OthersOf(key);
                if (explain) apart = new ExplanationStep("maf.household",
                    $"beneficiary {l.BeneficiaryId} lives at the address of household {l.HouseholdId} without being the BIM beneficiary, the partner or a dependant: the MAF social does not cover them; counted apart in {key} under the MAF revenus");
                if (!TryCeiling(key, out ceiling, out why))
                {
                    outcomes[i] = Failed(l, $"line {l.LineId}: MAF not computed: {why.Why}", why.Missing, key);
                    continue;
                }
            }
            var counter = state.TryGetValue(key, out var open) ? open : MafCounterState.Open(ceiling);
            var applied = MafCounter.Apply(counter, new MafLine(l.LineId, l.BeneficiaryId, l.ServiceDate, l.PersonalShare, l.BirthDate, l.ThirdPartyPayment), explain);
            state[key] = applied.State;
            outcomes[i] = new MafLineOutcome(l.LineId, applied.Refund, applied.Payee, null,
                apart is null ? applied.Explanation : [apart, .. applied.Explanation], Counter: key);
        }
        var pending = refused.Where(r => r.Value.Missing is not null).ToDictionary(r => r.Key, r => r.Value.Missing!);
        return new MafBatchResult(outcomes, state) { Pending = pending };
    }

    /// <summary>Every row whose line id is carried by another row of the batch too, with the error naming the id and
    /// all its rows.</summary>
    private static Dictionary<int, string> Repeated(IReadOnlyList<MafBatchLine> lines)
    {
        var errors = new Dictionary<int, string>();
        foreach (var group in Enumerable.Range(0, lines.Count).GroupBy(i => lines[i].LineId, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var rows = group.Select(i => lines[i].Where ?? $"batch row {i + 1}").ToList();
            var text = $"line id {group.Key} is repeated in the batch ({string.Join(" and ", rows)}): no row of it is counted for the MAF; send it once";
            foreach (var i in group) errors[i] = text;
        }
        return errors;
    }

    private static MafLineOutcome Failed(MafBatchLine l, string error, MafFiguresMissing? missing = null, MafCounterKey? counter = null) =>
        new(l.LineId, null, MafPayee.Member, error, [new ExplanationStep("maf.error", error)], missing, counter);
}
