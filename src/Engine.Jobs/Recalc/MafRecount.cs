using Engine.Core.Money;
using Engine.Core.Rules;
using Engine.Jobs.Data;
using Engine.Jobs.Runs;

namespace Engine.Jobs.Recalc;

/// <summary>
/// The MAF of whole household-years counted again: from an empty counter, run by run in the order the runs computed
/// (each run's lines in the run's own order, by the same <see cref="MafStep"/>), with the lines' results recomputed.
/// With unchanged inputs this gives back exactly the refunds the runs computed; with a changed share it gives what
/// they would have computed.
/// </summary>
public static class MafRecount
{
    /// <param name="lines">Every computed line of the household-years, whichever run computed it.</param>
    /// <returns>The MAF refund of each line, and whether the rules send it to the provider (third-party payment).</returns>
    public static IReadOnlyDictionary<long, (Money Refund, bool ToProvider)> Run(RuleSet rules, IReadOnlyList<ComputedLine> lines, Func<CareLineRow, LineResultRow> recompute,
        IReadOnlyDictionary<string, BeneficiaryRow> beneficiaries, IReadOnlyList<HouseholdRow> households, IReadOnlyList<HouseholdMemberRow> members,
        ISet<string> notes)
    {
        var chain = new Dictionary<(string, int), MafCounterRow>();
        var refunds = new Dictionary<long, (Money, bool)>();
        foreach (var run in lines.GroupBy(l => l.ComputedSeq).OrderBy(g => g.Key))
        {
            var ordered = run.OrderBy(l => l.Line.LineId).ToList();
            var results = ordered.Select(l => recompute(l.Line)).ToList();
            var step = new MafStep(keys => keys.Where(chain.ContainsKey).Select(k => chain[k]).ToList(), rules);
            var outcome = step.Apply("recalc", results, ordered.ToDictionary(l => l.Line.LineId, l => l.Line), beneficiaries, households, members);
            foreach (var c in outcome.Counters) chain[(c.HouseholdId, c.Year)] = c;
            for (int i = 0; i < ordered.Count; i++)
                refunds[ordered[i].Line.LineId] = (outcome.Results[i].MafRefund, MafStep.PaidToProvider(outcome.Results[i]));
            foreach (var note in outcome.Notes) notes.Add(note);
        }
        return refunds;
    }
}
