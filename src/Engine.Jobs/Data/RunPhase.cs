namespace Engine.Jobs.Data;

/// <summary>
/// Where a run stands. Each phase is reached by one idempotent transaction of the store and never left backwards:
/// <list type="bullet">
/// <item><see cref="Started"/>: the run exists with its as-of instant, rule set and work list split into partitions;
/// partitions commit one by one.</item>
/// <item><see cref="Computed"/>: every partition committed its results, counters, statements, decisions and payable items.</item>
/// <item><see cref="Claimed"/>: the run took over, under the run lock, the items earlier runs held back and the
/// recalculation complements no run has taken.</item>
/// <item><see cref="Decided"/>: every item has its outcome (paid in a transfer, held, to recover, zero) and the
/// transfers are stored: this is the payment plan.</item>
/// <item><see cref="FilesWritten"/>: the payment files, the results files and summary.json are written.</item>
/// <item><see cref="Completed"/>: the payments ledger is written.</item>
/// </list>
/// </summary>
public enum RunPhase
{
    Started,
    Computed,
    Claimed,
    Decided,
    FilesWritten,
    Completed,
}

/// <summary>The one spelling of a phase in a store.</summary>
public static class RunPhases
{
    public static string Name(RunPhase phase) => phase switch
    {
        RunPhase.Started => "started",
        RunPhase.Computed => "computed",
        RunPhase.Claimed => "claimed",
        RunPhase.Decided => "decided",
        RunPhase.FilesWritten => "files_written",
        RunPhase.Completed => "completed",
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, null),
    };

    public static RunPhase Parse(string name) => name switch
    {
        "started" => RunPhase.Started,
        "computed" => RunPhase.Computed,
        "claimed" => RunPhase.Claimed,
        "decided" => RunPhase.Decided,
        "files_written" => RunPhase.FilesWritten,
        "completed" => RunPhase.Completed,
        _ => throw new InvalidDataException($"run phase '{name}' is not one of the phases"),
    };
}
