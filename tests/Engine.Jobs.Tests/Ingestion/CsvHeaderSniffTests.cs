using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Engine.Jobs.Tests.Ingestion;

/// <summary>
/// <see cref="CsvFile.StartsWithHeader"/> compares bytes: the same answers as the text comparison it replaced (kept here as
/// the oracle: the first 400 bytes decoded, byte order marks trimmed, the names joined by commas or semicolons).
/// </summary>
public sealed class CsvHeaderSniffTests
{
    private static readonly string[] Header = ["member_niss", "from", "to", "reference"];

    private static bool Oracle(byte[] content, IReadOnlyList<string> header, int columns)
    {
        var start = Encoding.UTF8.GetString(content, 0, Math.Min(content.Length, 400)).TrimStart('\uFEFF');
        return start.StartsWith(string.Join(',', header.Take(columns)), StringComparison.Ordinal)
               || start.StartsWith(string.Join(';', header.Take(columns)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("member_niss,from,to\n1,2,3", 3, true)]
    [InlineData("member_niss;from;to;reference\n", 3, true)]
    [InlineData("\uFEFF\uFEFFmember_niss,from,to\n", 3, true)]
    [InlineData("member_niss,from;to\n", 3, false)]
    [InlineData("member_niss,fro", 3, false)]
    [InlineData(" member_niss,from,to", 3, false)]
    [InlineData("Member_niss,from,to", 3, false)]
    [InlineData("", 0, true)]
    [InlineData("", 1, false)]
    [InlineData("member_niss,from,to,reference,extra", 9, true)]
    public void Hand_worked_headers(string text, int columns, bool expected)
    {
        var content = Encoding.UTF8.GetBytes(text);
        Assert.Equal(expected, CsvFile.StartsWithHeader(content, Header, columns));
        Assert.Equal(expected, Oracle(content, Header, columns));
    }

    [Fact]
    public void A_header_past_the_first_400_bytes_is_not_seen()
    {
        var marks = string.Concat(Enumerable.Repeat("\uFEFF", 130)); // 390 bytes
        var content = Encoding.UTF8.GetBytes(marks + "member_niss,from,to\n");
        Assert.False(CsvFile.StartsWithHeader(content, Header, 3));
        Assert.False(Oracle(content, Header, 3));
        Assert.True(CsvFile.StartsWithHeader(content, Header, 1) == Oracle(content, Header, 1));
    }

    public static Arbitrary<byte[]> Contents()
    {
        // The header's own bytes, byte order marks, separators and anything else, spliced and damaged.
        var pieces = Gen.Elements(
            Encoding.UTF8.GetBytes("member_niss"), Encoding.UTF8.GetBytes("from"), Encoding.UTF8.GetBytes("to"),
            Encoding.UTF8.GetBytes("reference"), [0xEF, 0xBB, 0xBF], [0xEF, 0xBB], [(byte)','], [(byte)';'], [(byte)'\n'],
            [0xC3, 0xA9], [0xC3], [0xFF], [0x00], Encoding.UTF8.GetBytes("member_niss,from,to,reference"),
            Encoding.UTF8.GetBytes(new string('x', 150)));
        var gen = from count in Gen.Choose(0, 12)
                  from parts in Gen.ArrayOf(pieces, count)
                  from damage in Gen.Choose(-1, 60)
                  from value in Gen.Elements((byte)0, (byte)',', (byte)';', (byte)'m', (byte)0xBF, (byte)0x80)
                  select Damaged(parts.SelectMany(p => p).ToArray(), damage, value);
        return gen.ToArbitrary();
    }

    private static byte[] Damaged(byte[] bytes, int at, byte value)
    {
        if (at >= 0 && at < bytes.Length) bytes[at] = value;
        return bytes;
    }

    [Property(Arbitrary = [typeof(CsvHeaderSniffTests)], MaxTest = 2000)]
    public void Bytes_compared_answer_as_the_text_did(byte[] content, byte columns)
    {
        var c = columns % 6;
        Assert.Equal(Oracle(content, Header, c), CsvFile.StartsWithHeader(content, Header, c));
        Assert.Equal(Oracle(content, IndemnityColumns, c), CsvFile.StartsWithHeader(content, IndemnityColumns, c));
    }

    private static readonly string[] IndemnityColumns = Engine.Jobs.Ingestion.IndemnityDeclarationImport.Columns;
}
