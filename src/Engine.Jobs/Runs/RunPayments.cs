using System.Text;
using Engine.Core.Payments;
using Engine.Jobs.Data;
using Engine.Jobs.Payments;
using NodaTime;

namespace Engine.Jobs.Runs;

/// <summary>
/// The payment phase of a run, which pays every owed amount exactly once whatever happens to the machine:
/// <list type="number">
/// <item>Claim: in one transaction the run stores every item it owes (its own, those earlier runs held back that
/// no run has paid or claimed since, with the payee's IBAN as known now, and the complements of recalculations no
/// run has taken yet), split into chunks of payees. Done once per
/// run; a restart finds the claim and checks that the run still owes the same.</item>
/// <item>Chunks: each chunk groups its items into transfers and stores, in one transaction, what becomes of each item
/// (paid in transfer E, held and why, to recover, zero), unless it was already stored. The database refuses a
/// second 'paid' for an item, whatever the run. Chunks run here one after the other, or as Hangfire jobs.</item>
/// <item>Files: once every chunk is done, the payment files are written from the stored items in a fixed order, so
/// they do not depend on which worker did what; the decisions stored by the chunks must be those of the whole run.</item>
/// <item>Completion: summary.json, then the payments ledger and the run's completion in one transaction.</item>
/// </list>
/// </summary>
public sealed class RunPayments(IEngineStore store, EngineOptions options, IClock clock, Serilog.ILogger log)
{
    private readonly Serilog.ILogger _log = log.ForContext<RunPayments>();

    /// <summary>
    /// Claims the run's items, decides its chunks and writes its payment files. With <paramref name="fanOut"/>, pending
    /// chunks are handed to it (run id, chunk ids) instead and null is returned: the last chunk done starts the run again.
    /// </summary>
    public PaidRun? Pay(RunRow run, IReadOnlyList<PayableItem> owed, IReadOnlyDictionary<string, BeneficiaryRow> beneficiaries,
        IReadOnlyDictionary<string, ProviderRow> providers, Action<string, IReadOnlyList<int>>? fanOut = null)
    {
        CrashPoints.Reach(CrashPoints.ResultsSaved);
        Claim(run, owed, beneficiaries, providers);
        var pending = store.Chunks(run.RunId).Where(c => c.Status == "pending").Select(c => c.ChunkId).ToList();
        if (pending.Count > 0)
        {
            if (fanOut is not null)
            {
                _log.Information("Run {RunId}: {Count} payment chunks handed to the workers", run.RunId, pending.Count);
                fanOut(run.RunId, pending);
                return null;
            }
            foreach (var chunk in pending) DecideChunk(run.RunId, chunk);
        }
        return WriteFiles(run);
    }

    private void Claim(RunRow run, IReadOnlyList<PayableItem> owed,
        IReadOnlyDictionary<string, BeneficiaryRow> beneficiaries, IReadOnlyDictionary<string, ProviderRow> providers)
    {
        var runId = run.RunId;
        var claimed = store.ClaimRunItems(runId, run.AsOf, (held, adjustments) =>
        {
            if (run.Status == "completed")
                throw new InvalidOperationException($"run {runId} was completed before its items were stored (database older than migration 0002): it cannot be reproduced");
            var all = owed.Select(i => (Item: i, Origin: runId))
                .Concat(held.Select(h => (Item: RunItems.Carried(h, run.RunDate, beneficiaries, providers), Origin: h.OriginRunId)))
                .Concat(adjustments.Select(a => (Item: RunItems.Complement(a, run.RunDate, beneficiaries, providers), Origin: RunItems.RecalcOrigin(a.RecalcId))))
                .OrderBy(x => x.Item, ItemOrder.Instance).ToList();
            var (chunkOf, chunks) = PaymentChunks.Split(all.Select(x => x.Item).ToList(), options.Run.ChunkCount);
            return new RunClaim(
                all.Select((x, seq) => RunItems.Row(runId, seq, chunkOf[seq], x.Origin, x.Item)).ToList(),
                chunks.Select(c => new RunChunkRow { RunId = runId, ChunkId = c.ChunkId, FirstPayee = c.FirstPayee, LastPayee = c.LastPayee, Items = c.Items }).ToList());
        });
        if (claimed)
        {
            _log.Information("Run {RunId}: {Count} owed items claimed", runId, owed.Count);
            CrashPoints.Reach(CrashPoints.ItemsClaimed);
            return;
        }
        // Claimed by an earlier start: the run must still owe exactly what it claimed then.
        var stored = store.RunItems(runId).Where(r => r.OriginRunId == runId).Select(RunItems.Payable).Order(ItemOrder.Instance).ToList();
        if (!stored.SequenceEqual(owed.Order(ItemOrder.Instance)))
            throw new InvalidOperationException(
                $"run {runId} claimed {stored.Count} items but now owes {owed.Count} other ones: its results or registry changed since; nothing paid");
    }

    /// <summary>Decides one chunk and stores its decisions, unless already stored. Idempotent by run and chunk id.</summary>
    public ChunkCompletion DecideChunk(string runId, int chunkId)
    {
        var rows = store.RunItems(runId, chunkId);
        var done = store.Chunks(runId).FirstOrDefault(c => c.ChunkId == chunkId)
                   ?? throw new InvalidOperationException($"run {runId} has no payment chunk {chunkId}");
        List<RunItemOutcome> outcomes = [];
        if (done.Status != "done")
        {
            var items = rows.Select(RunItems.Payable).ToList();
            var seqOf = new Dictionary<PayableItem, int>(ReferenceEqualityComparer.Instance);
            for (int i = 0; i < rows.Count; i++) seqOf[items[i]] = rows[i].Seq;
            outcomes = Decisions(PaymentGrouping.Plan(runId, items))
                .Select(d => new RunItemOutcome(seqOf[d.Item], d.Outcome, d.EndToEndId, d.Reason)).ToList();
        }
        var completion = store.CompleteChunk(runId, chunkId, outcomes, clock.GetCurrentInstant(), Worker);
        if (completion.Stored)
        {
            _log.Information("Run {RunId}: chunk {Chunk} decided ({Items} items), {Pending} chunks left", runId, chunkId, rows.Count, completion.PendingChunks);
            CrashPoints.Reach(CrashPoints.ChunkDoneOf(chunkId));
        }
        return completion;
    }

    private PaidRun WriteFiles(RunRow run)
    {
        var runId = run.RunId;
        var rows = store.RunItems(runId);
        var items = rows.Select(RunItems.Payable).ToList();
        var plan = PaymentGrouping.Plan(runId, items);
        var decided = new Dictionary<PayableItem, (PayableItem Item, string Outcome, string? EndToEndId, string? Reason)>(ReferenceEqualityComparer.Instance);
        foreach (var d in Decisions(plan)) decided.Add(d.Item, d);
        for (int i = 0; i < rows.Count; i++)
        {
            var (r, d) = (rows[i], decided[items[i]]);
            if (r.Outcome != d.Outcome || r.EndToEndId != d.EndToEndId || r.HoldReason != d.Reason)
                throw new InvalidOperationException(
                    $"run {runId}: chunk {r.ChunkId} stored '{r.Outcome}' for {r.SourceRef} but the whole run decides '{d.Outcome}': files not written");
        }

        var folder = Path.Combine(options.OutputFolder, runId);
        Directory.CreateDirectory(folder);
        foreach (var leftover in Directory.EnumerateFiles(folder).Where(f => AtomicFile.IsLeftover(Path.GetFileName(f))))
            File.Delete(leftover);
        var payer = options.Payer;
        var debtor = new PaymentDebtor(payer.Name, payer.Iban, payer.Bic, payer.CompanyNumber);
        var files = PaymentRunFiles.Write(folder, plan, debtor, run.AsOf, CrashPoints.Reach);
        return new PaidRun(run, folder, plan, files, rows);
    }

    /// <summary>Writes summary.json, then records the payments and marks the run completed (or checks them if it already is).</summary>
    public void Complete(PaidRun paid, RunSummary summary)
    {
        var runId = paid.Run.RunId;
        var json = summary.ToJson();
        AtomicFile.Replace(Path.Combine(paid.Folder, "summary.json"), Encoding.UTF8.GetBytes(json));
        CrashPoints.Reach(CrashPoints.SummaryWritten);
        var (payments, items) = RunOutputs.PaymentRows(runId, paid.Plan, paid.Files.Pain001 is { } p ? Path.GetFileName(p.Path) : null);
        if (store.Run(runId)!.Status == "completed")
        {
            static IEnumerable<string> Ids(IEnumerable<PaymentRow> rows) =>
                rows.Select(r => $"{r.EndToEndId} {r.Status} {r.Amount}").Order(StringComparer.Ordinal);
            if (!Ids(store.Payments(runId)).SequenceEqual(Ids(payments)))
                throw new InvalidOperationException($"run {runId} is completed but its payments no longer match its stored items");
            return;
        }
        store.CompleteRun(runId, payments, items, clock.GetCurrentInstant(), json);
        CrashPoints.Reach(CrashPoints.Completed);
    }

    private static string Worker => $"{Environment.MachineName}:{Environment.ProcessId}:{Environment.CurrentManagedThreadId}";

    /// <summary>What the plan does with every item: each is in exactly one list of the plan.</summary>
    public static IEnumerable<(PayableItem Item, string Outcome, string? EndToEndId, string? Reason)> Decisions(PaymentPlan plan) =>
        plan.Transfers.SelectMany(t => t.Items.Select(i => (i, "paid", (string?)t.EndToEndId, (string?)null)))
            .Concat(plan.HeldBack.Select(h => (h.Item, "held", (string?)null, (string?)h.Reason)))
            .Concat(plan.Recoveries.Select(i => (i, "to_recover", (string?)null, (string?)null)))
            .Concat(plan.ZeroAmounts.Select(i => (i, "zero", (string?)null, (string?)null)));
}
