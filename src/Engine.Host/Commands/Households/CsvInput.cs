using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Engine.Jobs;

namespace Engine.Host.Commands.Households;

/// <summary>One data row of an input CSV with its line number, for error messages.</summary>
public sealed class CsvInputRow(string file, int line, IReadOnlyList<string> header, string[] fields)
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public string[] Fields { get; } = fields;

    /// <summary>Null when the row has as many fields as the header; otherwise why not.</summary>
    public string? ShapeError => Fields.Length == header.Count ? null : $"{File}:{Line}: {Fields.Length} fields where the header has {header.Count}";

    public bool Has(string column) => Index(column) is { } i && i < Fields.Length;

    /// <summary>The trimmed cell, or "" when the row is too short or the column absent from the header.</summary>
    public string this[string column] => Index(column) is { } i && i < Fields.Length ? Fields[i].Trim() : "";

    public string Where(string column) => $"{File}:{Line}: column '{column}'";

    private int? Index(string column)
    {
        for (int i = 0; i < header.Count; i++) if (header[i] == column) return i;
        return null;
    }
}

/// <summary>
/// Reads an input CSV of the calculators: the header must be exactly the required columns, in their order, possibly
/// followed by some of the optional ones. A missing file or a wrong header is a <see cref="CliError"/> (exit 2); a bad
/// row is returned with its line number for the caller to report, never dropped.
/// </summary>
public static class CsvInput
{
    public static (IReadOnlyList<string> Header, IReadOnlyList<CsvInputRow> Rows) Read(string path, string display,
        IReadOnlyList<string> required, IReadOnlyCollection<string>? optional = null)
    {
        if (!File.Exists(path)) throw new CliError($"{display}: file not found ({path})");
        using var reader = new StreamReader(path);
        return Read(reader, display, required, optional);
    }

    public static (IReadOnlyList<string> Header, IReadOnlyList<CsvInputRow> Rows) Read(TextReader text, string display,
        IReadOnlyList<string> required, IReadOnlyCollection<string>? optional = null)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            IgnoreBlankLines = true, BadDataFound = null, DetectColumnCountChanges = false, TrimOptions = TrimOptions.None,
        };
        var (reader, delimiter) = CsvDialect.Open(text);
        using var parser = new CsvParser(reader, CsvDialect.With(config, delimiter));
        var expected = string.Join(",", required) + (optional is { Count: > 0 } ? $"[,{string.Join(",", optional)}]" : "");
        if (!parser.Read()) throw new CliError($"{display}: empty file, expected the header {expected}");
        var header = parser.Record!.Select(h => h.Trim()).ToArray();
        bool ok = header.Length >= required.Count
                  && required.Select((c, i) => header[i] == c).All(x => x)
                  && header.Skip(required.Count).All(h => optional?.Contains(h) == true)
                  && header.Distinct().Count() == header.Length;
        if (!ok) throw new CliError($"{display}:1: wrong header '{string.Join(delimiter, header)}', expected {expected}" + CsvDialect.HeaderProblem(delimiter));

        var rows = new List<CsvInputRow>();
        while (parser.Read())
            rows.Add(new CsvInputRow(display, parser.RawRow, header, parser.Record!));
        return (header, rows);
    }

    /// <summary>true/false (also 1/0, yes/no, and Excel's VRAI/FAUX, WAAR/ONWAAR), any case.</summary>
    public static bool TryBool(string text, out bool value)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "1" or "yes": value = true; return true;
            case "0" or "no": value = false; return true;
            default:
                var b = CsvDialect.Bool(text);
                value = b ?? false;
                return b is not null;
        }
    }
}
