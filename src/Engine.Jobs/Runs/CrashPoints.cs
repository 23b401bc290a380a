using System.Diagnostics;

namespace Engine.Jobs.Runs;

/// <summary>
/// Named points of a run where a test can kill the process, to prove that a restart ends with every owed amount paid
/// exactly once. A point is armed by the environment variable ENGINE_CRASH_AT=&lt;name&gt;; reaching it kills the process
/// at once (SIGKILL to itself): no exception, no finally block, no flush, as a power cut would.
/// </summary>
public static class CrashPoints
{
    public const string Variable = "ENGINE_CRASH_AT";

    /// <summary>Prefix of "partition-done-N": partition N's results and items are committed.</summary>
    public const string PartitionDone = "partition-done-";
    /// <summary>Every partition is committed and the run is computed; nothing of the payment phases is.</summary>
    public const string ResultsSaved = "results-saved";
    /// <summary>The items held back by earlier runs and the recalculation complements are claimed; nothing is decided.</summary>
    public const string ItemsClaimed = "items-claimed";
    /// <summary>Every item is decided and the transfers are stored; no file is written.</summary>
    public const string ItemsDecided = "items-decided";
    public const string RemittanceWritten = "remittance-written";
    public const string HeldBackWritten = "held-back-written";
    /// <summary>The pain.001 is in its temporary file, flushed, not yet renamed to its name.</summary>
    public const string Pain001TempWritten = "pain001-temp-written";
    /// <summary>The pain.001 has its name; its .sha256 sidecar is not written.</summary>
    public const string Pain001Renamed = "pain001-renamed";
    /// <summary>The pain.001 and its sidecar are written; results.csv, summary.json and the completion are not.</summary>
    public const string Pain001Written = "pain001-written";
    /// <summary>summary.json is written; the run is not marked completed.</summary>
    public const string SummaryWritten = "summary-written";
    /// <summary>The run is marked completed with its payments.</summary>
    public const string Completed = "completed";

    /// <summary>A recalculation is stored (its differences committed); its report is not written.</summary>
    public const string RecalcSaved = "recalc-saved";

    public static string PartitionDoneOf(int partition) => PartitionDone + partition.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static void Reach(string name)
    {
        if (!string.Equals(Environment.GetEnvironmentVariable(Variable), name, StringComparison.Ordinal)) return;
        Console.Error.WriteLine($"crash point {name} reached: killing the process");
        Console.Error.Flush();
        Process.GetCurrentProcess().Kill();
        Thread.Sleep(Timeout.Infinite);
    }
}
