using Engine.Core.Payments;
using Engine.Jobs.Runs;
using FsCheck;
using FsCheck.Fluent;

namespace Engine.Jobs.Tests.Runs;

public class RunDecisionsProperties
{
    [FsCheck.Xunit.Property(MaxTest = 300)]
    public Property Deciding_payee_by_payee_decides_every_item_as_grouping_the_whole_run() =>
        Prop.ForAll(RunItemGenerators.Items(60).ToArbitrary(), items =>
        {
            // A source reference is unique in a run (the store keys a run's items by it).
            var unique = items.GroupBy(i => i.SourceRef).Select(g => g.First()).Order(ItemOrder.Instance).ToList();
            var whole = PaymentGrouping.Plan("run-1", unique);
            var expected = RunItemGenerators.Decisions(whole).ToDictionary(d => d.Key.SourceRef, d => d.Value);
            var transfers = new List<string>();
            var apart = new Dictionary<string, string>();
            foreach (var payee in unique.GroupBy(RunItems.PayeeKey))
            {
                var decided = RunDecisions.Decide("run-1", payee.Select(i => RunItems.Row("run-1", 0, "run-1", i)).ToList());
                var byId = decided.Transfers.ToDictionary(t => t.EndToEndId);
                foreach (var o in decided.Outcomes)
                    apart.Add(o.SourceRef, o.Outcome switch
                    {
                        "paid" => $"paid {o.EndToEndId} {byId[o.EndToEndId!].Amount} {byId[o.EndToEndId!].CreditorName} {byId[o.EndToEndId!].Remittance}",
                        "held" => "held " + o.HoldReason,
                        _ => o.Outcome,
                    });
                transfers.AddRange(decided.Transfers.Select(t => t.EndToEndId));
            }
            var sameDecisions = apart.Count == expected.Count && expected.All(e => apart[e.Key] == e.Value);
            // The files' order: by execution date, then in the order the payees were decided.
            var order = transfers.Select((id, seq) => (id, seq)).OrderBy(x => whole.Transfers.First(t => t.EndToEndId == x.id).ExecutionDate)
                .ThenBy(x => x.seq).Select(x => x.id);
            var sameOrder = order.SequenceEqual(whole.Transfers.Select(t => t.EndToEndId));
            return sameDecisions.Label("same decisions").And(sameOrder.Label("transfers in the whole plan's order"));
        });

    [FsCheck.Xunit.Property(MaxTest = 200)]
    public Property An_item_is_rebuilt_exactly_from_its_stored_row() =>
        Prop.ForAll(RunItemGenerators.Items(20).ToArbitrary(), items =>
            items.Select(item => RunItems.Payable(RunItems.Row("run-1", 1, "run-0", item))).SequenceEqual(items));
}
