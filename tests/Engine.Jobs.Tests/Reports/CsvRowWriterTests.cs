using System.Text;
using NodaTime;
using Money = Engine.Core.Money.Money;

namespace Engine.Jobs.Tests.Reports;

/// <summary>The run's CSV files are written by <see cref="CsvRowWriter"/>: the bytes CsvHelper writes, field for field.</summary>
public sealed class CsvRowWriterTests
{
    private static readonly string?[] Awkward =
    [
        null, "", "plain", "Liège", "Ödön 😀", "with,comma", "with \"quote\"", " leading", "trailing ", "new\nline", "carriage\rreturn",
        "tab\tinside", "\tleading tab", "=1+2", "+32 2 123", "@SUM(A1)", "-12.50", "-0.05", "-12.5.0", "-cmd|' /C calc'!A0", "-", "+++118/2402/13167+++",
        "=\"quoted\",formula", "\u007f", "\u0001", "a\u2028b", "\ud800", "é,\"x\"",
    ];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Text_fields_are_written_as_csvhelper_writes_them(bool excel)
    {
        using var expected = new MemoryStream();
        using (var csv = CsvFile.Writer(expected, excel))
        {
            foreach (var row in Awkward.Chunk(5))
            {
                foreach (var field in row) csv.WriteField(field ?? "");
                csv.NextRecord();
            }
        }
        using var actual = new MemoryStream();
        using (var csv = new CsvRowWriter(actual, excel))
            foreach (var row in Awkward.Chunk(5)) csv.Row(row);
        Assert.Equal(Encoding.UTF8.GetString(expected.ToArray()), Encoding.UTF8.GetString(actual.ToArray()));
        Assert.Equal(expected.ToArray(), actual.ToArray());
    }

    [Fact]
    public void Amounts_dates_and_numbers_are_written_as_their_text()
    {
        Money[] amounts = [Money.Zero, new(5), new(-5), new(100), new(-12345), new(long.MaxValue), new(long.MinValue + 1)];
        LocalDate?[] dates = [new LocalDate(2024, 3, 5), new LocalDate(1, 1, 1), new LocalDate(9999, 12, 31), new LocalDate(-5, 6, 7), new LocalDate(-9998, 1, 1), null];
        long[] numbers = [0, 7, -7, 123456789012, long.MinValue];
        using var typed = new MemoryStream();
        using (var csv = new CsvRowWriter(typed, excel: true))
        {
            foreach (var a in amounts) csv.Field(a);
            foreach (var d in dates) csv.Field(d);
            foreach (var n in numbers) csv.Field(n);
            foreach (var n in numbers) csv.Field(n, digits: 7);
            csv.EndRow();
        }
        using var text = new MemoryStream();
        using (var csv = new CsvRowWriter(text, excel: true))
            csv.Row(amounts.Select(a => a.ToString()).Concat(dates.Select(d => d is { } x ? NodaTime.Text.LocalDatePattern.Iso.Format(x) : null))
                .Concat(numbers.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                .Concat(numbers.Select(n => n.ToString("0000000", System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal(Encoding.UTF8.GetString(text.ToArray()), Encoding.UTF8.GetString(typed.ToArray()));
    }
}
