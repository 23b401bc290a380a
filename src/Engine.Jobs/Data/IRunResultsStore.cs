namespace Engine.Jobs.Data;

/// <summary>What runs computed: committed by partition, read back for the files, replay and recalculation.</summary>
public interface IRunResultsStore
{
    /// <summary>
    /// Commits a partition under the run lock (<see cref="IRunStateStore"/>), in one transaction: its line results, the
    /// MAF counters it moved, its indemnity statements, AC decisions and the allowances they leave, and the items it owes.
    /// <paramref name="conflicts"/> receives what other runs stored about the same lines, cases, household-years and
    /// members, and names what forbids the commit: then nothing is stored and the partition is computed again.
    /// </summary>
    /// <returns>False, writing nothing, when the partition had committed already.</returns>
    bool CommitPartition(PartitionCommit commit, Func<CommitFacts, IReadOnlyList<string>> conflicts);

    IReadOnlyList<LineResultRow> Results(string runId);

    /// <summary>The run's results with their care lines, in line order, streamed.</summary>
    IEnumerable<(LineResultRow Result, CareLineRow Line)> ResultLines(string runId);

    /// <summary>Every result a run stored for one care line, oldest first.</summary>
    IReadOnlyList<LineResultRow> ResultsOfLine(long lineId);

    /// <summary>The run's indemnity statements by case and first day.</summary>
    IReadOnlyList<IndemnityPaymentRow> IndemnityPayments(string runId);

    /// <summary>The run's AC decisions by request id.</summary>
    IReadOnlyList<AcDecisionRow> AcDecisions(string runId);
}
