using System.Diagnostics.Metrics;
using Engine.Core.Money;

namespace Engine.Jobs.Runs;

/// <summary>
/// What the runs tell operations, as .NET metrics of the meter "Engine" (System.Diagnostics.Metrics: `serve` exports them
/// by OpenTelemetry when a collector is configured, docs/operations.md; nothing listens otherwise and recording costs
/// nothing). Money is counted in whole cents (long), straight from the run's exact summary: never a double.
/// A run's counts are recorded once, by the step that completes it; durations by each step that did its work.
/// </summary>
public static class RunMetrics
{
    public const string MeterName = "Engine";

    private static readonly Meter Meter = new(MeterName, EngineBuild.Version);

    public static readonly Counter<long> RunsCompleted = Meter.CreateCounter<long>("engine.runs.completed", "{run}", "Runs completed (ledger written)");
    public static readonly Counter<long> Lines = Meter.CreateCounter<long>("engine.run.lines", "{line}", "Care lines computed by completed runs");
    public static readonly Counter<long> Rejections = Meter.CreateCounter<long>("engine.run.rejections", "{line}",
        "Care lines refused by completed runs, by reason");
    public static readonly Counter<long> Transfers = Meter.CreateCounter<long>("engine.payments.transfers", "{transfer}", "Transfers paid");
    public static readonly Counter<long> PaidCents = Meter.CreateCounter<long>("engine.payments.paid", "{cent}",
        "Euros paid in transfers, in euro cents (EUR 1 = 100)");
    public static readonly Counter<long> HeldBackItems = Meter.CreateCounter<long>("engine.payments.held_back.items", "{item}",
        "Items held back for a later run (bad or missing account, provisional figure...)");
    public static readonly Counter<long> HeldBackCents = Meter.CreateCounter<long>("engine.payments.held_back", "{cent}",
        "Euros held back for a later run, in euro cents");
    public static readonly Histogram<double> PhaseDuration = Meter.CreateHistogram<double>("engine.run.phase.duration", "s",
        "How long one step of a run took: a partition's compute and commit, or one phase");

    /// <summary>One step of a run done: <paramref name="phase"/> is `partition` or the phase reached (`computed`, ..., `completed`).</summary>
    public static void StepDone(string kind, string phase, TimeSpan elapsed) =>
        PhaseDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("run.kind", kind), new KeyValuePair<string, object?>("phase", phase));

    /// <summary>A run completed: its summary's counts and euros (exact strings, turned into cents).</summary>
    public static void Completed(string kind, RunSummary summary)
    {
        var tag = new KeyValuePair<string, object?>("run.kind", kind);
        RunsCompleted.Add(1, tag);
        Lines.Add(summary.Lines, tag);
        foreach (var (reason, count) in summary.RejectionsByReason)
            Rejections.Add(count, tag, new KeyValuePair<string, object?>("reason", reason));
        // Per payer (docs/payers.md): the summary's own totals are the insurance's; each other budget has its line.
        var payers = summary.Payers ?? [new PayerSummary("insurance", "", summary.Transfers, 0, summary.PaidTotal, summary.HeldBack,
            summary.HeldBackTotal, 0, "0.00", null, null)];
        foreach (var p in payers)
        {
            var payer = new KeyValuePair<string, object?>("payer", p.Payer);
            Transfers.Add(p.Transfers, tag, payer);
            PaidCents.Add(Money.Parse(p.PaidTotal).Cents, tag, payer);
            HeldBackItems.Add(p.HeldItems, tag, payer);
            HeldBackCents.Add(Money.Parse(p.HeldTotal).Cents, tag, payer);
        }
    }
}
