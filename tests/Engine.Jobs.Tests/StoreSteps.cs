using Engine.Jobs.Data;
using Engine.Jobs.Runs;

namespace Engine.Jobs.Tests;

/// <summary>The store steps of a run as the store tests take them: a run of one partition, computed in one commit.</summary>
internal static class StoreSteps
{
    /// <summary>Starts a run of one partition and no care lines in its work list.</summary>
    public static void StartRun(this IEngineStore store, RunRow run) => store.StartRun(run, _ => 1, null);

    /// <summary>
    /// Commits the run's only partition with these rows and no payable item, with the conflict rules of the runs, then
    /// moves the run to computed; refused whole (the run stays started) when another run stored the same meanwhile.
    /// </summary>
    public static void SaveResults(this IEngineStore store, string runId, IReadOnlyList<LineResultRow> results, IReadOnlyList<MafCounterRow> mafCounters,
        IReadOnlyList<IndemnityPaymentRow>? indemnities = null, IReadOnlyList<AcDecisionRow>? acDecisions = null,
        IReadOnlyList<AcMemberStateRow>? acStates = null, IReadOnlyList<RunItemRow>? items = null)
    {
        var commit = new PartitionCommit(runId, 0, results, mafCounters, indemnities ?? [], acDecisions ?? [], acStates ?? [],
            (_, _) => items ?? [], NodaTime.Instant.FromUtc(2024, 1, 1, 0, 0), "test");
        store.CommitPartition(commit, facts => RunConflicts.Find(commit, facts));
        store.Advance(runId, RunPhase.Started, RunPhase.Computed);
    }
}
