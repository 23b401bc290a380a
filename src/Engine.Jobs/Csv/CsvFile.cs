using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Engine.Jobs;

/// <summary>
/// The CSV files the engine writes and the inbox CSV files it reads: UTF-8 without BOM, comma, "\n" line ends,
/// invariant culture, so the same rows always give the same bytes.
/// </summary>
public static class CsvFile
{
    public static readonly CsvConfiguration Config = new(CultureInfo.InvariantCulture) { NewLine = "\n" };

    /// <summary>
    /// Reading received files: a stray quote inside a field is kept as text, so the row is refused by the check of its
    /// column; CsvHelper's default throws on it, which TryGetField swallows, leaving that row and every row after it
    /// unreadable.
    /// </summary>
    public static readonly CsvConfiguration ReadConfig = new(CultureInfo.InvariantCulture) { NewLine = "\n", BadDataFound = null };

    public static void Write(string path, IReadOnlyList<string> header, IEnumerable<IEnumerable<string>> rows)
    {
        using var writer = new StreamWriter(path, false, new System.Text.UTF8Encoding(false));
        using var csv = new CsvWriter(writer, Config);
        foreach (var h in header) csv.WriteField(h);
        csv.NextRecord();
        foreach (var row in rows)
        {
            foreach (var cell in row) csv.WriteField(cell);
            csv.NextRecord();
        }
    }

    /// <summary>Whether a received file starts with the given header line (a BOM allowed).</summary>
    public static bool StartsWithHeader(byte[] content, IReadOnlyList<string> header, int columns)
    {
        var start = System.Text.Encoding.UTF8.GetString(content, 0, Math.Min(content.Length, 400)).TrimStart('\uFEFF');
        return start.StartsWith(string.Join(',', header.Take(columns)), StringComparison.Ordinal)
               || start.StartsWith(string.Join(';', header.Take(columns)), StringComparison.Ordinal);
    }

    /// <summary>
    /// Reads a received CSV whose header must be exactly <paramref name="header"/>, handing each row to
    /// <paramref name="row"/>; a row that throws <see cref="InvalidDataException"/> is reported (file, line, column,
    /// reason) and the others go on. Returns the problems, or null with <paramref name="headerProblem"/> set when the
    /// header is wrong (the whole file is refused).
    /// </summary>
    public static List<string>? ReadRows(string fileName, byte[] content, IReadOnlyList<string> header, Action<CsvRow> row,
        out string? headerProblem)
    {
        var (reader, delimiter) = CsvDialect.Open(new StreamReader(new MemoryStream(content)));
        using var csv = new CsvReader(reader, CsvDialect.With(ReadConfig, delimiter));
        csv.Read();
        csv.ReadHeader();
        var found = csv.HeaderRecord!.Select(h => h.Trim()).ToArray();
        if (!found.SequenceEqual(header))
        {
            headerProblem = $"wrong header '{string.Join(delimiter, found)}': expected '{string.Join(',', header)}'" + CsvDialect.HeaderProblem(delimiter);
            return null;
        }
        headerProblem = null;
        var problems = new List<string>();
        while (csv.Read())
        {
            try { row(new CsvRow(fileName, csv)); }
            catch (InvalidDataException e) { problems.Add(e.Message); }
        }
        return problems;
    }
}
