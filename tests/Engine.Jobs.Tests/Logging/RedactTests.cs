using Engine.Jobs.Logging;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Engine.Jobs.Tests.Logging;

public class RedactTests
{
    [Theory]
    [InlineData("member 85073003328 paid", "member ********328 paid")]
    [InlineData("niss 85.07.30-033.28", "niss ********328")]
    [InlineData("to BE68539007547034 now", "to BE**********7034 now")]
    [InlineData("to BE68 5390 0754 7034 now", "to BE**********7034 now")]
    [InlineData("invoice 000000000123 sent", "invoice 000000000123 sent")]
    public void Masks_niss_and_iban_in_text(string text, string expected) => Assert.Equal(expected, Redact.Text(text));

    [Fact]
    public void The_enricher_masks_properties_before_any_sink_sees_them()
    {
        var sink = new ListSink();
        var log = new LoggerConfiguration().Enrich.With<RedactingEnricher>().WriteTo.Sink(sink).CreateLogger();
        log.Information("Paying {Member} on {Iban}", "85073003328", "BE68539007547034");
        var rendered = sink.Events.Single().RenderMessage();
        Assert.DoesNotContain("85073003328", rendered);
        Assert.DoesNotContain("BE68539007547034", rendered);
        Assert.Contains("7034", rendered);
    }

    private sealed class ListSink : ILogEventSink
    {
        public List<LogEvent> Events { get; } = [];
        public void Emit(LogEvent logEvent) => Events.Add(logEvent);
    }
}
