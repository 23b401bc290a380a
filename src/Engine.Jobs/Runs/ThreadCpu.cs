using System.Runtime.InteropServices;

namespace Engine.Jobs.Runs;

/// <summary>
/// The processor time of the calling thread (Linux: <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>), for the log of a
/// partition computed on a thread of its own beside the commit of the one before; zero where it cannot be read.
/// </summary>
internal static class ThreadCpu
{
    private const int ClockThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec { public long Seconds; public long Nanoseconds; }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    public static TimeSpan Now()
    {
        if (!OperatingSystem.IsLinux()) return TimeSpan.Zero;
        try
        {
            return ClockGetTime(ClockThreadCpuTimeId, out var t) == 0
                ? TimeSpan.FromTicks(t.Seconds * TimeSpan.TicksPerSecond + t.Nanoseconds / 100) : TimeSpan.Zero;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return TimeSpan.Zero;
        }
    }
}
