using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Engine.Benchmarks.Scale;

/// <summary>The runtime's allocation samples (one event about every 100 KB allocated) summed by type: which types a
/// stage allocates, roughly.</summary>
internal sealed class AllocationSampler : EventListener
{
    private readonly ConcurrentDictionary<string, long> _bytes = new();
    public bool On { get; set; }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!On || e.EventName is null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.PayloadNames is null) return;
        var type = e.Payload![e.PayloadNames.IndexOf("TypeName")] as string ?? "?";
        var amount = Convert.ToInt64(e.Payload[e.PayloadNames.IndexOf("AllocationAmount64")]);
        _bytes.AddOrUpdate(type, amount, (_, v) => v + amount);
    }

    public void Print(TextWriter output, int top = 25)
    {
        foreach (var (type, bytes) in _bytes.OrderByDescending(p => p.Value).Take(top)) output.WriteLine($"    {bytes / 1e6,8:0.0} MB  {type}");
        _bytes.Clear();
    }
}
