using System.Text.RegularExpressions;
using Serilog.Core;
using Serilog.Events;

namespace Engine.Jobs.Logging;

/// <summary>
/// NISS and IBAN never reach a log in clear. Code logs <see cref="Niss"/> / <see cref="Iban"/> forms; the enricher
/// is the safety net that masks anything shaped like one in every string property and in the message template.
/// </summary>
public static partial class Redact
{
    public static string Niss(string? niss) =>
        string.IsNullOrEmpty(niss) ? "" : niss.Length <= 4 ? "***" : new string('*', niss.Length - 3) + niss[^3..];

    public static string Iban(string? iban) =>
        string.IsNullOrEmpty(iban) ? "" : iban.Length <= 6 ? "****" : iban[..2] + new string('*', iban.Length - 6) + iban[^4..];

    /// <summary>Masks every NISS-shaped (11 digits, with or without separators) and IBAN-shaped run in a text.</summary>
    public static string Text(string text)
    {
        text = IbanPattern().Replace(text, m => Iban(m.Value.Replace(" ", "")));
        return NissPattern().Replace(text, m => Niss(new string(m.Value.Where(char.IsDigit).ToArray())));
    }

    [GeneratedRegex(@"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b")]
    private static partial Regex IbanPattern();

    [GeneratedRegex(@"(?<!\d)(?:\d{2}[.\-]?\d{2}[.\-]?\d{2}[.\-]?\d{3}[.\-]?\d{2}|00\d{11})(?!\d)")]
    private static partial Regex NissPattern();
}

public sealed class RedactingEnricher : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        foreach (var (name, value) in logEvent.Properties.ToList())
        {
            if (value is ScalarValue { Value: string s })
            {
                var masked = Redact.Text(s);
                if (!ReferenceEquals(masked, s) && masked != s)
                    logEvent.AddOrUpdateProperty(new LogEventProperty(name, new ScalarValue(masked)));
            }
        }
    }
}
