using System.Text.RegularExpressions;
using Serilog.Core;
using Serilog.Events;

namespace Engine.Jobs.Logging;

/// <summary>
/// NISS and IBAN never reach a log in clear, and only those are masked. Code logs <see cref="Niss"/> / <see cref="Iban"/>
/// forms; the enricher is the safety net that masks every NISS and IBAN in every string property and in the message
/// template. A NISS written with its separators (85.07.30-033.28) is masked by its shape; eleven digits alone are
/// masked only when they carry a NISS's check digits (97 - the first nine digits modulo 97, or the same with a 2 in
/// front for those born from 2000): an INAMI/RIZIV provider number (NIHII, 11 digits too, e.g. 18334780004) and
/// other identifiers stay readable in the logs, where they are needed to follow a sending.
/// </summary>
public static partial class Redact
{
    public static string Niss(string? niss) =>
        string.IsNullOrEmpty(niss) ? "" : niss.Length <= 4 ? "***" : new string('*', niss.Length - 3) + niss[^3..];

    public static string Iban(string? iban) =>
        string.IsNullOrEmpty(iban) ? "" : iban.Length <= 6 ? "****" : iban[..2] + new string('*', iban.Length - 6) + iban[^4..];

    /// <summary>Masks every IBAN-shaped run and every NISS (separated NISS shape, or 11 digits with a NISS's check digits) in a text.</summary>
    public static string Text(string text)
    {
        text = IbanPattern().Replace(text, m => Iban(m.Value.Replace(" ", "")));
        return NissPattern().Replace(text, m =>
        {
            var digits = new string(m.Value.Where(char.IsDigit).ToArray());
            var separated = digits.Length != m.Value.Length;
            return separated || IsNiss(digits[^11..]) ? Niss(digits) : m.Value;
        });
    }

    /// <summary>Whether 11 digits carry a NISS's (or a BIS number's) check digits, for a birth before 2000 or from 2000.</summary>
    public static bool IsNiss(string digits)
    {
        if (digits.Length != 11 || !digits.All(char.IsAsciiDigit)) return false;
        var body = long.Parse(digits[..9], System.Globalization.CultureInfo.InvariantCulture);
        var check = int.Parse(digits[9..], System.Globalization.CultureInfo.InvariantCulture);
        return 97 - body % 97 == check || 97 - (2_000_000_000 + body) % 97 == check;
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
