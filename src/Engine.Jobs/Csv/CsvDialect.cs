using CsvHelper.Configuration;

namespace Engine.Jobs;

/// <summary>
/// Input CSVs as a Belgian Excel saves them: "CSV (séparateur: point-virgule)" puts a ';' between fields (the comma is
/// the decimal separator there), may start the file with a UTF-8 byte-order mark, and writes booleans as TRUE/FALSE
/// (VRAI/FAUX, WAAR/ONWAAR in a French or Dutch Excel). The separator is the header's: ';' when the header line holds
/// a ';' and no ',', else ','. Every input reader (registry files, indemnity declarations, family changes, AC
/// requests, the calculators' inputs) opens its text through <see cref="Open"/> and names the separator when a header
/// does not match (<see cref="HeaderProblem"/>).
/// </summary>
public static class CsvDialect
{
    /// <summary>The text from its first line on (byte-order mark removed) and the separator its header uses.</summary>
    public static (TextReader Text, string Delimiter) Open(TextReader text)
    {
        var first = text.ReadLine();
        if (first is null) return (new StringReader(""), ",");
        first = first.TrimStart('\uFEFF');
        return (new HeaderFirstReader(first + "\n", text), Of(first));
    }

    /// <summary>The separator of a header line: ';' when it holds a ';' and no ','; else ','.</summary>
    public static string Of(string headerLine) =>
        headerLine.Contains(';', StringComparison.Ordinal) && !headerLine.Contains(',', StringComparison.Ordinal) ? ";" : ",";

    /// <summary>A reading configuration with the separator found.</summary>
    public static CsvConfiguration With(CsvConfiguration config, string delimiter) => config with { Delimiter = delimiter };

    /// <summary>The end of a wrong-header message: which separator the header was read with, and which are accepted.</summary>
    public static string HeaderProblem(string delimiter) =>
        $" (read with the separator '{delimiter}' found in the header line; a file saved by Excel with ';' or written with ',' is accepted, the same in the header and the rows)";

    /// <summary>true/false in any case (TRUE/FALSE as Excel writes them), VRAI/FAUX and WAAR/ONWAAR (a French or Dutch Excel).</summary>
    public static bool? Bool(string text) => text.Trim().ToLowerInvariant() switch
    {
        "true" or "vrai" or "waar" => true,
        "false" or "faux" or "onwaar" => false,
        _ => null,
    };

    /// <summary>Hands out the header line already read, then the rest of the text.</summary>
    private sealed class HeaderFirstReader(string head, TextReader rest) : TextReader
    {
        private int _at;

        public override int Peek() => _at < head.Length ? head[_at] : rest.Peek();

        public override int Read() => _at < head.Length ? head[_at++] : rest.Read();

        public override int Read(char[] buffer, int index, int count)
        {
            if (_at >= head.Length) return rest.Read(buffer, index, count);
            var n = Math.Min(count, head.Length - _at);
            head.CopyTo(_at, buffer, index, n);
            _at += n;
            return n;
        }

        public override int Read(Span<char> buffer)
        {
            if (_at >= head.Length) return rest.Read(buffer);
            var n = Math.Min(buffer.Length, head.Length - _at);
            head.AsSpan(_at, n).CopyTo(buffer);
            _at += n;
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) rest.Dispose();
            base.Dispose(disposing);
        }
    }
}
