using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace Engine.Jobs;

/// <summary>
/// The CSV files the engine writes and the inbox CSV files it reads: comma, "\n" line ends, invariant culture, so the
/// same rows always give the same bytes. Outputs are written for Excel (<see cref="Writer"/> with excel true): a UTF-8
/// BOM, so a Belgian Excel shows accents, and CsvHelper's injection guard, so a cell that starts with =, +, -, @, tab or
/// CR is written with a leading apostrophe and never run as a formula (a plain number such as -12.50 is left as it is:
/// it cannot run anything, and amounts to recover must stay numbers). The files of runs recorded before this dialect
/// (file format 1) and the generated input files are written plain: no BOM, no guard.
/// </summary>
public static class CsvFile
{
    public static readonly CsvConfiguration Config = new(CultureInfo.InvariantCulture) { NewLine = "\n" };

    /// <summary>The output dialect for Excel: as <see cref="Config"/>, with the injection guard.</summary>
    public static readonly CsvConfiguration ExcelConfig = new(CultureInfo.InvariantCulture) { NewLine = "\n", InjectionOptions = InjectionOptions.Escape };

    /// <summary>
    /// Reading received files: a stray quote inside a field is kept as text, so the row is refused by the check of its
    /// column; CsvHelper's default throws on it, which TryGetField swallows, leaving that row and every row after it
    /// unreadable.
    /// </summary>
    public static readonly CsvConfiguration ReadConfig = new(CultureInfo.InvariantCulture) { NewLine = "\n", BadDataFound = null };

    /// <summary>A CSV writer on <paramref name="output"/> (left open): for Excel (BOM and guard) or plain.</summary>
    public static CsvWriter Writer(Stream output, bool excel) =>
        Writer(new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: excel), 1 << 16, leaveOpen: true), excel);

    /// <summary>A CSV writer on <paramref name="text"/> (closed with the writer); the BOM, if any, is the text writer's.</summary>
    public static CsvWriter Writer(TextWriter text, bool excel) => excel ? new GuardedCsvWriter(text) : new CsvWriter(text, Config);

    /// <summary>A file for Excel (<paramref name="excel"/> true) or plain.</summary>
    public static void Write(string path, IReadOnlyList<string> header, IEnumerable<IEnumerable<string?>> rows, bool excel)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        Write(stream, header, rows, excel);
    }

    /// <summary>The same bytes, streamed to <paramref name="output"/> (left open).</summary>
    public static void Write(Stream output, IReadOnlyList<string> header, IEnumerable<IEnumerable<string?>> rows, bool excel)
    {
        using var csv = new CsvRowWriter(output, excel);
        csv.Row(header);
        foreach (var row in rows) csv.Row(row);
    }

    /// <summary>Whether a received file starts with the given header line (byte order marks allowed), within its first
    /// 400 bytes, the names joined by commas or semicolons.</summary>
    /// <remarks>Every file received is asked this six times (once per CSV kind) before it is known for eFact or eAttest: the
    /// bytes are compared as they are, where decoding the 400 bytes to text each time cost 7 KB an eAttest message. The
    /// same answer: an ASCII name matches only the same ASCII bytes (any other byte decodes to a character above 127),
    /// and U+FEFF only from EF BB BF.</remarks>
    public static bool StartsWithHeader(byte[] content, IReadOnlyList<string> header, int columns)
    {
        ReadOnlySpan<byte> start = content.AsSpan(0, Math.Min(content.Length, 400));
        while (start.StartsWith("\uFEFF"u8)) start = start[3..];
        return Joined(start, header, columns, (byte)',') || Joined(start, header, columns, (byte)';');
    }

    private static bool Joined(ReadOnlySpan<byte> start, IReadOnlyList<string> header, int columns, byte separator)
    {
        var at = 0;
        for (var i = 0; i < columns && i < header.Count; i++)
        {
            if (i > 0)
            {
                if (at >= start.Length || start[at] != separator) return false;
                at++;
            }
            foreach (var c in header[i])
            {
                if (c > 127) throw new ArgumentException($"header name '{header[i]}' is not ASCII", nameof(header));
                if (at >= start.Length || start[at] != c) return false;
                at++;
            }
        }
        return true;
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

    /// <summary>CsvHelper's injection guard (escape), except for a plain decimal number: "-12.50" runs nothing.</summary>
    private sealed class GuardedCsvWriter(TextWriter text) : CsvWriter(text, ExcelConfig)
    {
        protected override string? SanitizeForInjection(string? field) => IsPlainNumber(field) ? field : base.SanitizeForInjection(field);
    }

    /// <summary>An optional minus, digits, and an optional dot followed by digits: nothing else.</summary>
    public static bool IsPlainNumber(string? field)
    {
        if (string.IsNullOrEmpty(field)) return false;
        var i = field[0] == '-' ? 1 : 0;
        var digits = 0;
        var dot = false;
        for (; i < field.Length; i++)
        {
            var c = field[i];
            if (char.IsAsciiDigit(c)) { digits++; continue; }
            if (c == '.' && !dot && digits > 0) { dot = true; digits = 0; continue; }
            return false;
        }
        return digits > 0;
    }
}
