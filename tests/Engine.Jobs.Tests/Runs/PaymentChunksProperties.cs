using Engine.Core.Payments;
using Engine.Jobs.Runs;
using FsCheck;
using FsCheck.Fluent;

namespace Engine.Jobs.Tests.Runs;

public class PaymentChunksProperties
{
    [FsCheck.Xunit.Property(MaxTest = 300)]
    public Property Grouping_each_chunk_apart_decides_every_item_as_grouping_the_whole_run() =>
        Prop.ForAll(RunItemGenerators.Items(60).ToArbitrary(), Gen.Choose(1, 9).ToArbitrary(), (items, maxChunks) =>
        {
            var sorted = items.Order(ItemOrder.Instance).ToList();
            var (chunkOf, chunks) = PaymentChunks.Split(sorted, maxChunks);
            var whole = RunItemGenerators.Decisions(PaymentGrouping.Plan("run-1", sorted));
            var apart = new Dictionary<PayableItem, string>(ReferenceEqualityComparer.Instance);
            foreach (var chunk in chunks)
                foreach (var (item, decision) in RunItemGenerators.Decisions(
                             PaymentGrouping.Plan("run-1", sorted.Where((_, i) => chunkOf[i] == chunk.ChunkId).ToList())))
                    apart.Add(item, decision);

            var sameDecisions = sorted.All(i => apart[i] == whole[i]) && apart.Count == sorted.Count;
            var numbered = chunks.Select(c => c.ChunkId).SequenceEqual(Enumerable.Range(1, chunks.Count))
                           && chunks.Count <= Math.Max(1, maxChunks) && chunkOf.All(c => c >= 1 && c <= chunks.Count);
            var counted = sorted.Count == 0
                ? chunks.Count == 1 && chunks[0].Items == 0
                : chunks.All(c => c.Items > 0 && c.Items == chunkOf.Count(x => x == c.ChunkId));
            // A payee is in one chunk, except a copy of a repeated reference, which follows its first copy.
            var repeated = sorted.GroupBy(i => i.SourceRef).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
            var payeesWhole = sorted.Select((item, i) => (item, i)).Where(x => !repeated.Contains(x.item.SourceRef))
                .GroupBy(x => RunItems.PayeeKey(x.item)).All(g => g.Select(x => chunkOf[x.i]).Distinct().Count() == 1);
            var copiesTogether = sorted.Select((item, i) => (item, i)).Where(x => repeated.Contains(x.item.SourceRef))
                .GroupBy(x => x.item.SourceRef).All(g => g.Select(x => chunkOf[x.i]).Distinct().Count() == 1);

            return sameDecisions.Label("same decisions")
                .And(numbered.Label("chunks numbered 1..n, n <= max"))
                .And(counted.Label("chunk item counts"))
                .And(payeesWhole.Label("a payee is never split"))
                .And(copiesTogether.Label("copies of a repeated reference together"));
        });

    [FsCheck.Xunit.Property(MaxTest = 200)]
    public Property An_item_is_rebuilt_exactly_from_its_stored_row() =>
        Prop.ForAll(RunItemGenerators.Items(20).ToArbitrary(), items =>
            items.Select((item, i) => RunItems.Payable(RunItems.Row("run-1", i, 1, "run-0", item))).SequenceEqual(items));

    [Fact]
    public void Items_are_split_by_payee_ranges_of_about_the_same_size()
    {
        // 3 payees with 4, 1 and 3 items, 2 chunks: the second payee starts at item 4 of 8 = half way, so chunk 2.
        var items = new[] { ("A", 4), ("B", 1), ("C", 3) }
            .SelectMany(p => Enumerable.Range(0, p.Item2).Select(n => new PayableItem($"line:{p.Item1}{n}", PayeeKind.Member, p.Item1, p.Item1,
                "BE68539007547034", new Core.Money.Money(100), PaymentPurpose.DirectRefund, new NodaTime.LocalDate(2025, 3, 14))))
            .Order(ItemOrder.Instance).ToList();
        var (chunkOf, chunks) = PaymentChunks.Split(items, 2);
        Assert.Equal([1, 1, 1, 1, 2, 2, 2, 2], chunkOf);
        Assert.Equal([new PaymentChunk(1, "member:A", "member:A", 4), new PaymentChunk(2, "member:B", "member:C", 4)], chunks);
        // More chunks than payees: one payee per chunk, no empty chunk.
        Assert.Equal(3, PaymentChunks.Split(items, 9).Chunks.Count);
    }
}
