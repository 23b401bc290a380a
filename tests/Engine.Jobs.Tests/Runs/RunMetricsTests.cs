using System.Diagnostics.Metrics;
using Engine.Core.Money;
using Engine.Jobs.Efact;
using Engine.Jobs.Generation;
using Engine.Jobs.Ingestion;
using Engine.Jobs.Runs;
using Engine.Jobs.Tests.Ingestion.Fuzz;
using Engine.Jobs.Time;

namespace Engine.Jobs.Tests.Runs;

/// <summary>
/// The meter "Engine" (what `serve` exports by OpenTelemetry) says what the run's summary says: a small night, listened to
/// with a MeterListener. Alone in the process: the meter is static, and a run of another test would add to the counts.
/// </summary>
[Collection(AloneInTheProcess.Name)]
public sealed class RunMetricsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("engine-metrics-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private sealed class Recorded : IDisposable
    {
        private readonly MeterListener _listener = new();
        public List<(string Instrument, long Value, Dictionary<string, object?> Tags)> Longs { get; } = [];
        public List<(string Instrument, double Value, Dictionary<string, object?> Tags)> Doubles { get; } = [];

        public Recorded()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == RunMetrics.MeterName) listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((i, v, tags, _) =>
            {
                lock (Longs) Longs.Add((i.Name, v, Tags(tags)));
            });
            _listener.SetMeasurementEventCallback<double>((i, v, tags, _) =>
            {
                lock (Doubles) Doubles.Add((i.Name, v, Tags(tags)));
            });
            _listener.Start();
        }

        private static Dictionary<string, object?> Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var d = new Dictionary<string, object?>();
            foreach (var t in tags) d[t.Key] = t.Value;
            return d;
        }

        public long Sum(string instrument) => Longs.Where(m => m.Instrument == instrument).Sum(m => m.Value);

        public void Dispose() => _listener.Dispose();
    }

    [Fact]
    public void A_run_records_its_lines_euros_held_back_and_phase_durations_once()
    {
        using var night = SmallNight.Create(_root, new GeneratorOptions { Members = 200, Lines = 300, Seed = 5 });
        // Every tenth care dated after the day it is received (rejected: service after receipt), and every third provider
        // known without an account by the night (what is owed to them held back), so that the night rejects and holds as
        // well as pays.
        var events = night.Events().Select((e, i) => i % 10 == 0 ? e with { Date = night.Generator.RunDate.PlusDays(3) } : e).ToList();
        night.Store.AddProviders(night.Registry.Providers.Where((_, i) => i % 3 == 0).Select(p => new Engine.Jobs.Data.ProviderRow
        {
            ProviderId = p.ProviderId, Nihii = p.Nihii, Name = p.Name, Kind = p.Kind, Conventioned = p.Conventioned, Iban = null,
            KnownAt = night.Clock.GetCurrentInstant().Plus(NodaTime.Duration.FromHours(1)),
        }).ToList());
        var paths = new List<string>();
        foreach (var (name, sending) in night.Sendings().Build(events, night.Generator.RunDate.PlusDays(-1)))
        {
            paths.Add(Path.Combine(_root, name));
            File.WriteAllBytes(paths[^1], EfactWriter.WriteBytes(sending));
        }
        night.Clock.Set(Brussels.At(night.Generator.RunDate, 1));
        new InboxImport(night.Store, night.Rules, night.Options, night.Clock, Serilog.Core.Logger.None).ImportFiles(paths);
        night.Clock.Set(Brussels.At(night.Generator.RunDate, 2));

        using var recorded = new Recorded();
        var pipeline = new RunPipeline(night.Store, night.Rules, night.Options, night.Clock, Serilog.Core.Logger.None);
        var summary = pipeline.Execute(night.Generator.RunDate);
        // A night that pays, holds and refuses something, or the comparison below would prove little.
        Assert.True(summary.Lines > 0 && summary.Rejected > 0 && summary.Transfers > 0 && summary.HeldBack > 0, summary.ToJson());

        Assert.Equal(1, recorded.Sum("engine.runs.completed"));
        Assert.Equal(summary.Lines, recorded.Sum("engine.run.lines"));
        Assert.Equal(summary.Rejected, recorded.Sum("engine.run.rejections"));
        Assert.Equal(summary.RejectionsByReason.ToDictionary(r => r.Key, r => (long)r.Value),
            recorded.Longs.Where(m => m.Instrument == "engine.run.rejections").ToDictionary(m => (string)m.Tags["reason"]!, m => m.Value));
        // The euros by payer: the insurance's are the summary's own totals, each other budget's its line of `payers`
        // (this night has members under another payer's status: the demo registry gives about one in 89 each).
        Assert.NotNull(summary.Payers);
        long Of(string instrument, string payer) =>
            recorded.Longs.Where(m => m.Instrument == instrument && (string)m.Tags["payer"]! == payer).Sum(m => m.Value);
        Assert.Equal(Money.Parse(summary.PaidTotal).Cents, Of("engine.payments.paid", "insurance"));
        Assert.Equal(summary.Transfers, Of("engine.payments.transfers", "insurance"));
        Assert.Equal(summary.HeldBack, Of("engine.payments.held_back.items", "insurance"));
        Assert.Equal(Money.Parse(summary.HeldBackTotal).Cents, Of("engine.payments.held_back", "insurance"));
        foreach (var p in summary.Payers!)
        {
            Assert.Equal(Money.Parse(p.PaidTotal).Cents, Of("engine.payments.paid", p.Payer));
            Assert.Equal(p.Transfers, Of("engine.payments.transfers", p.Payer));
        }
        Assert.True(summary.Payers!.Count > 1, "a night with one payer only proves nothing of the payer tag");
        // The cents are the store's own: the items the run paid and held, added up in cents.
        var items = night.Store.RunItems("nightly-2024-03-05");
        Assert.Equal(items.Where(i => i.Outcome == "paid").Sum(i => i.Amount.Cents), recorded.Sum("engine.payments.paid"));
        Assert.Equal(items.Where(i => i.Outcome == "held").Sum(i => i.Amount.Cents), recorded.Sum("engine.payments.held_back"));
        Assert.All(recorded.Longs, m => Assert.Equal("nightly", m.Tags["run.kind"]));

        // One duration per partition (8 by default) and one per phase, in seconds.
        var phases = recorded.Doubles.Where(m => m.Instrument == "engine.run.phase.duration").Select(m => (string)m.Tags["phase"]!).ToList();
        Assert.Equal(Enumerable.Repeat("partition", night.Options.Run.Partitions).Concat(["computed", "claimed", "decided", "files_written", "completed"]), phases);
        Assert.All(recorded.Doubles, m => Assert.True(m.Value is >= 0 and < 600, $"{m.Tags["phase"]}: {m.Value} s"));

        // The run asked again: completed already, nothing recorded a second time.
        var before = (recorded.Longs.Count, recorded.Doubles.Count);
        pipeline.Execute(night.Generator.RunDate);
        Assert.Equal(before, (recorded.Longs.Count, recorded.Doubles.Count));
    }
}
