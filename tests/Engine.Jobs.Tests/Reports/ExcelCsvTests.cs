using System.Globalization;
using System.Text;
using CsvHelper;

namespace Engine.Jobs.Tests.Reports;

/// <summary>The CSV outputs for Excel: a UTF-8 BOM and CsvHelper's injection guard; plain for runs of file format 1.</summary>
public sealed class ExcelCsvTests
{
    private static readonly string[] Header = ["code", "amount", "communication", "name"];

    private static byte[] Write(bool excel, params string?[][] rows)
    {
        using var stream = new MemoryStream();
        CsvFile.Write(stream, Header, rows, excel);
        return stream.ToArray();
    }

    [Fact]
    public void Excel_csv_has_a_bom_escapes_what_excel_would_run_and_leaves_numbers_as_numbers()
    {
        var bytes = Write(true, ["=1+2", "-12.50", "+++118/2402/13167+++", "Liège"], ["-cmd|' /C calc'!A0", "0.00", "@SUM(A1)", "Ödön"]);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        using var csv = new CsvReader(new StreamReader(new MemoryStream(bytes)), CultureInfo.InvariantCulture);
        var rows = csv.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToList();
        // Formula starters get a leading apostrophe (Excel shows the text, never runs it); -12.50 is a plain number, kept.
        Assert.Equal("'=1+2", rows[0]["code"]);
        Assert.Equal("-12.50", rows[0]["amount"]);
        Assert.Equal("'+++118/2402/13167+++", rows[0]["communication"]);
        Assert.Equal("Liège", rows[0]["name"]);
        Assert.Equal("'-cmd|' /C calc'!A0", rows[1]["code"]);
        Assert.Equal("0.00", rows[1]["amount"]);
        Assert.Equal("'@SUM(A1)", rows[1]["communication"]);
        Assert.Equal("Ödön", rows[1]["name"]);
    }

    [Fact]
    public void Plain_csv_is_the_dialect_of_file_format_1_byte_for_byte()
    {
        var bytes = Write(false, ["=1+2", "-12.50", "+++118/2402/13167+++", "Liège"]);
        Assert.Equal("code,amount,communication,name\n=1+2,-12.50,+++118/2402/13167+++,Liège\n", Encoding.UTF8.GetString(bytes));
        Assert.NotEqual(0xEF, bytes[0]);
    }

    [Theory]
    [InlineData("12", true)]
    [InlineData("-12.50", true)]
    [InlineData("0.5", true)]
    [InlineData("-", false)]
    [InlineData("-.5", false)]
    [InlineData("1.", false)]
    [InlineData("-1+2", false)]
    [InlineData("1.2.3", false)]
    [InlineData("", false)]
    public void Only_plain_decimal_numbers_pass_the_guard_unchanged(string field, bool plain) => Assert.Equal(plain, CsvFile.IsPlainNumber(field));
}
