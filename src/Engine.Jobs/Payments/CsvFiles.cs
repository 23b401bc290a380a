using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using NodaTime;
using NodaTime.Text;

namespace Engine.Jobs.Payments;

/// <summary>The CSV dialect of the payment reports: comma, "\n", UTF-8 without BOM, invariant culture, quotes only where needed.</summary>
internal static class CsvFiles
{
    public static byte[] Write(IReadOnlyList<string> header, IEnumerable<IEnumerable<string?>> rows)
    {
        using var stream = new MemoryStream();
        Write(stream, header, rows);
        return stream.ToArray();
    }

    /// <summary>The same bytes, streamed to <paramref name="output"/> (left open).</summary>
    public static void Write(Stream output, IReadOnlyList<string> header, IEnumerable<IEnumerable<string?>> rows)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\n" };
        using var text = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16, leaveOpen: true);
        using var csv = new CsvWriter(text, config);
        foreach (var h in header) csv.WriteField(h);
        csv.NextRecord();
        foreach (var row in rows)
        {
            foreach (var field in row) csv.WriteField(field ?? "");
            csv.NextRecord();
        }
    }

    public static string Date(LocalDate date) => LocalDatePattern.Iso.Format(date);

    public static string? Date(LocalDate? date) => date is { } d ? Date(d) : null;
}
