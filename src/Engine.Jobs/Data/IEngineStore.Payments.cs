using NodaTime;

namespace Engine.Jobs.Data;

/// <summary>The payment phase of a run: claims, chunks and their decisions. Every write is idempotent by run and chunk id.</summary>
public partial interface IEngineStore
{
    /// <summary>
    /// Claims the items a run pays, in one transaction that no other claim can interleave with:
    /// <paramref name="decide"/> receives the items earlier runs held back and no run has paid or claimed since (the
    /// latest copy of each), and returns every item of the run with its chunk. Refused, naming it, when an item of
    /// the run's own is already claimed or paid by another run.
    /// </summary>
    /// <returns>False, writing nothing, when the run had already claimed its items.</returns>
    bool ClaimRunItems(string runId, Func<IReadOnlyList<RunItemRow>, RunClaim> decide);

    /// <summary>
    /// As <see cref="ClaimRunItems(string, Func{IReadOnlyList{RunItemRow}, RunClaim})"/>, and <paramref name="decide"/> also
    /// receives the complements of recalculations recorded by <paramref name="asOf"/> that no run has claimed yet
    /// (each is paid as the item 'adj:ID').
    /// </summary>
    bool ClaimRunItems(string runId, Instant asOf, Func<IReadOnlyList<RunItemRow>, IReadOnlyList<AdjustmentRow>, RunClaim> decide);

    IReadOnlyList<RunChunkRow> Chunks(string runId);

    /// <summary>The run's items in their order; only those of one chunk when <paramref name="chunkId"/> is given.</summary>
    IReadOnlyList<RunItemRow> RunItems(string runId, int? chunkId = null);

    /// <summary>
    /// Stores what a chunk decided for each of its items and marks it done, in one transaction, unless it is done
    /// already (then nothing is written). A second 'paid' for an item is refused by the database.
    /// </summary>
    ChunkCompletion CompleteChunk(string runId, int chunkId, IReadOnlyList<RunItemOutcome> outcomes, Instant at, string worker);
}
