using Engine.Core.Payments;

namespace Engine.Jobs.Runs;

/// <summary>A chunk of a run: consecutive payees (by <see cref="ItemOrder"/>), about the same number of items each.</summary>
public sealed record PaymentChunk(int ChunkId, string FirstPayee, string LastPayee, int Items);

/// <summary>
/// Splits a run's items into chunks of payees. Every transfer is one payee's, and every check of the grouping looks
/// at one payee's items, with one exception: a source reference repeated in the run holds every copy back. So the
/// copies of a repeated reference go to one chunk (that of the first copy), and then grouping each chunk apart gives
/// exactly the transfers and decisions of grouping the whole run at once, whatever the number of chunks.
/// </summary>
public static class PaymentChunks
{
    /// <param name="items">The run's items in <see cref="ItemOrder"/>.</param>
    /// <returns>
    /// The chunk id (from 1) of each item, by index, and the chunks, none of them empty, except the single chunk of a
    /// run that owes nothing: it still has one, so that its claim is recorded like any other.
    /// </returns>
    public static (int[] ChunkOf, IReadOnlyList<PaymentChunk> Chunks) Split(IReadOnlyList<PayableItem> items, int maxChunks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChunks, 1);
        var chunkOf = new int[items.Count];
        if (items.Count == 0) return (chunkOf, [new PaymentChunk(1, "-", "-", 0)]);

        // Payees are consecutive in item order. A payee starting after k/n of the items goes to chunk k.
        var slot = new int[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            var samePayee = i > 0 && items[i].PayeeKind == items[i - 1].PayeeKind && items[i].PayeeId == items[i - 1].PayeeId;
            slot[i] = samePayee ? slot[i - 1] : (int)Math.Min(maxChunks - 1, (long)i * maxChunks / items.Count);
        }
        var firstSlotOfRef = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < items.Count; i++)
        {
            var key = items[i].SourceRef ?? "";
            if (!firstSlotOfRef.TryAdd(key, slot[i])) slot[i] = firstSlotOfRef[key];
        }

        // Number the slots that hold items 1, 2, ... in order; a chunk's range runs from its first item's payee to its last's.
        var bySlot = new SortedDictionary<int, List<int>>();
        for (int i = 0; i < items.Count; i++)
        {
            if (!bySlot.TryGetValue(slot[i], out var list)) bySlot[slot[i]] = list = [];
            list.Add(i);
        }
        var chunks = new List<PaymentChunk>(bySlot.Count);
        foreach (var members in bySlot.Values)
        {
            var id = chunks.Count + 1;
            foreach (var i in members) chunkOf[i] = id;
            chunks.Add(new PaymentChunk(id, RunItems.PayeeKey(items[members[0]]), RunItems.PayeeKey(items[members[^1]]), members.Count));
        }
        return (chunkOf, chunks);
    }
}
