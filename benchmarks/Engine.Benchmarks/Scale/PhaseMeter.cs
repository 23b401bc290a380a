using System.Diagnostics;

namespace Engine.Benchmarks.Scale;

/// <summary>What one phase cost: wall time, the process's peak resident memory during it, and the bytes it allocated.</summary>
/// <param name="Cpu">The process's processor time (user and system, all threads) during the phase: on a machine shared
/// with other work the wall time swells with the load, the processor time much less.</param>
public sealed record PhaseCost(string Name, long Items, TimeSpan Elapsed, long PeakBytes, long AllocatedBytes, TimeSpan Cpu)
{
    public double PerSecond => Items / Math.Max(Elapsed.TotalSeconds, 1e-9);
}

/// <summary>
/// Measures a phase. Before it, a full collection drops what earlier phases left; on Linux the peak resident set
/// (VmHWM) is reset through /proc/self/clear_refs so that the peak read after the phase is the phase's own.
/// Elsewhere the peak is the process's peak working set so far.
/// </summary>
public static class PhaseMeter
{
    public static PhaseCost Measure(string name, Func<long> phase)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        ResetPeak();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var items = phase();
        var elapsed = clock.Elapsed;
        return new PhaseCost(name, items, elapsed, Peak(), GC.GetTotalAllocatedBytes(precise: true) - allocated,
            Process.GetCurrentProcess().TotalProcessorTime - cpu);
    }

    private static void ResetPeak()
    {
        try
        {
            if (OperatingSystem.IsLinux()) File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>VmHWM from /proc/self/status on Linux (kB), else the process's peak working set.</summary>
    public static long Peak()
    {
        if (OperatingSystem.IsLinux())
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0]) * 1024;
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64;
    }
}
