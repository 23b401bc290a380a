using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Engine.Core.Rules;
using NodaTime;
using NodaTime.Text;

namespace Engine.Jobs.Rules;

/// <summary>One data row of a rule file, with its file and line so every error can point at it.</summary>
public sealed class RuleRow(string file, int line, IReadOnlyDictionary<string, string> cells)
{
    public string File { get; } = file;
    public int Line { get; } = line;

    public string Where => $"{File}:{Line}";

    public string Text(string column) =>
        cells.TryGetValue(column, out var v) ? v.Trim() : throw new RuleLoadException($"{Where}: column '{column}' is missing");

    public string? Optional(string column) =>
        cells.TryGetValue(column, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    public string Required(string column) =>
        Optional(column) ?? throw new RuleLoadException($"{Where}: column '{column}' is empty");

    public LocalDate Date(string column) => ParseDate(Required(column), column);

    public LocalDate? OptionalDate(string column) => Optional(column) is { } s ? ParseDate(s, column) : null;

    private LocalDate ParseDate(string s, string column)
    {
        var r = LocalDatePattern.Iso.Parse(s);
        return r.Success ? r.Value : throw new RuleLoadException($"{Where}: column '{column}' = '{s}' is not a date yyyy-MM-dd");
    }

    /// <summary>An exact decimal; text that is not a plain number with a dot is refused (no thousands separators).</summary>
    public decimal Decimal(string column)
    {
        var s = Required(column);
        if (!decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d))
            throw new RuleLoadException($"{Where}: column '{column}' = '{s}' is not a number written with a dot");
        return d;
    }

    public decimal? OptionalDecimal(string column) => Optional(column) is null ? null : Decimal(column);

    public int Int(string column)
    {
        var s = Required(column);
        return int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i)
            ? i : throw new RuleLoadException($"{Where}: column '{column}' = '{s}' is not a whole number");
    }

    public bool Bool(string column)
    {
        var s = Required(column);
        return s switch
        {
            "true" => true,
            "false" => false,
            _ => throw new RuleLoadException($"{Where}: column '{column}' = '{s}' is not true or false")
        };
    }

    public Confidence Confidence()
    {
        var s = Required("confidence");
        return Enum.TryParse<Confidence>(s, ignoreCase: false, out var c) && Enum.IsDefined(c)
            ? c : throw new RuleLoadException($"{Where}: confidence '{s}' is not S, I or U");
    }

    /// <summary>The origin of this row: source text, confidence letter, and the illustrative flag when the table has one.</summary>
    public RuleOrigin Origin() =>
        new(File, Line, Required("source"), Confidence(), Optional("illustrative") is { } i && i == "true");
}

/// <summary>
/// Reads a rule CSV file. Lines starting with '#' are comments. The header must hold every required column and
/// nothing outside the required and optional ones: an unknown column is a typo that would silently be ignored.
/// </summary>
public static class RuleTable
{
    public static IReadOnlyList<RuleRow> Read(string path, string displayName, IReadOnlyCollection<string> required,
        IReadOnlyCollection<string>? optional = null)
    {
        if (!System.IO.File.Exists(path)) throw new RuleLoadException($"{displayName}: rule file is missing");
        using var reader = new StreamReader(path);
        return Read(reader, displayName, required, optional);
    }

    public static IReadOnlyList<RuleRow> Read(TextReader text, string displayName, IReadOnlyCollection<string> required,
        IReadOnlyCollection<string>? optional = null)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            AllowComments = true, Comment = '#', IgnoreBlankLines = true, TrimOptions = TrimOptions.None,
            BadDataFound = null, DetectColumnCountChanges = false,
        };
        using var csv = new CsvReader(text, config);
        if (!csv.Read() || !csv.ReadHeader())
            throw new RuleLoadException($"{displayName}: the file has no header line");
        var header = csv.HeaderRecord!.Select(h => h.Trim()).ToArray();
        var allowed = new HashSet<string>(required.Concat(optional ?? []), StringComparer.Ordinal);
        var headerLine = csv.Parser.RawRow;
        foreach (var h in header)
            if (!allowed.Contains(h))
                throw new RuleLoadException($"{displayName}:{headerLine}: unknown column '{h}' (expected {string.Join(", ", required.Concat(optional ?? []))})");
        foreach (var r in required)
            if (!header.Contains(r))
                throw new RuleLoadException($"{displayName}:{headerLine}: required column '{r}' is missing");
        var rows = new List<RuleRow>();
        while (csv.Read())
        {
            var line = csv.Parser.RawRow;
            var record = csv.Parser.Record!;
            if (record.Length != header.Length)
                throw new RuleLoadException($"{displayName}:{line}: {record.Length} fields where the header has {header.Length}");
            var cells = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int i = 0; i < header.Length; i++) cells[header[i]] = record[i];
            rows.Add(new RuleRow(displayName, line, cells));
        }
        return rows;
    }
}
