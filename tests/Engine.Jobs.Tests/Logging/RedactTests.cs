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
    // A NISS of someone born from 2000: 97 - (2 000 000 000 + 050101123) mod 97 = 97 - 12 = 85.
    [InlineData("member 05010112385 paid", "member ********385 paid")]
    // INAMI/RIZIV provider numbers (NIHII) of the real eFact samples (TFAC1SC09.509E record 10 zone 14, record 50 zone 15):
    // 183347800 mod 97 = 49, 97 - 49 = 48 (not 04), and 2183347800 mod 97 = 20, 97 - 20 = 77: not a NISS, left in clear.
    [InlineData("sending of provider 18334780004 read", "sending of provider 18334780004 read")]
    [InlineData("provider 11020249000, 10840808415", "provider 11020249000, 10840808415")]
    // The same NIHII in its 12-digit eFact zone (leading 0) is not a NISS either.
    [InlineData("zone 018334780004", "zone 018334780004")]
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
