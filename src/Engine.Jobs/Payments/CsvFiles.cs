using NodaTime;
using NodaTime.Text;

namespace Engine.Jobs.Payments;

/// <summary>The CSV dialect of the payment reports: that of <see cref="CsvFile"/> (for Excel, or plain for a run of file format 1).</summary>
internal static class CsvFiles
{
    public static byte[] Write(IReadOnlyList<string> header, IEnumerable<IEnumerable<string?>> rows, bool excel = true)
    {
        using var stream = new MemoryStream();
        Write(stream, header, rows, excel);
        return stream.ToArray();
    }

    /// <summary>The same bytes, streamed to <paramref name="output"/> (left open).</summary>
    public static void Write(Stream output, IReadOnlyList<string> header, IEnumerable<IEnumerable<string?>> rows, bool excel) =>
        CsvFile.Write(output, header, rows, excel);

    /// <summary>The header, then the rows <paramref name="rows"/> writes, streamed to <paramref name="output"/> (left open).</summary>
    public static void Write(Stream output, IReadOnlyList<string> header, bool excel, Action<CsvRowWriter> rows)
    {
        using var csv = new CsvRowWriter(output, excel);
        csv.Row(header);
        rows(csv);
    }

    public static string Date(LocalDate date) => LocalDatePattern.Iso.Format(date);

    public static string? Date(LocalDate? date) => date is { } d ? Date(d) : null;
}
