using Engine.Jobs.Payments;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace Engine.Jobs.Tests.Payments;

using Money = Engine.Core.Money.Money;

/// <summary>
/// The streamed pain.001 (the run's files: <see cref="Pain001Writer.Write(Pain001GroupHeader, IEnumerable{ValueTuple{Pain001PaymentBlock, IEnumerable{Pain001Transaction}}}, Stream)"/>,
/// written straight to bytes) against the message writer, whose XmlWriter is the oracle: the same bytes for any text.
/// </summary>
public class Pain001StreamedWriterTests
{
    private static byte[] Streamed(Pain001Message m)
    {
        using var stream = new MemoryStream();
        Pain001Writer.Write(m.Header, m.Blocks.Select(b => (b, (IEnumerable<Pain001Transaction>)b.Transactions)), stream);
        return stream.ToArray();
    }

    private static Pain001Message Message(string name, string? remittance, string? reference, long cents, string debtor = "Debtor") =>
        new(new Pain001GroupHeader("msg-1", new LocalDateTime(2025, 3, 14, 2, 30).WithOffset(Offset.FromHours(1)), 1, new Money(cents), debtor, "0411766483"),
        [
            new Pain001PaymentBlock("B1", new LocalDate(2025, 3, 14), 1, new Money(cents), debtor, "BE71096123456769", "GKCCBEBB",
                [new Pain001Transaction("T1", new Money(cents), name, "BE93068262592767", remittance, reference)]),
        ]);

    [Fact]
    public void Writes_the_hand_written_file_as_the_message_writer_does()
    {
        var message = Pain001Builder.Build(SmallRun.Plan(), SmallRun.Debtor, SmallRun.CreatedAt);
        Assert.Equal(File.ReadAllBytes(SmallRun.Expected("small.pain001.xml")), Streamed(message));
    }

    [Fact]
    public void Escapes_text_and_writes_line_ends_as_new_lines()
    {
        // & < > escaped, " and ' kept; "\r\n", a lone "\r" and "\n" each one "\n"; a tab kept; é and € in UTF-8;
        // an empty name an empty element; a negative amount with its sign and two digits.
        var xml = System.Text.Encoding.UTF8.GetString(Streamed(Message("", "A & B <x> \"q\" 'a'\r\nC\rD\nE\tF é€", null, -5)));
        Assert.Contains("\n          <Nm />\n", xml);
        Assert.Contains("<Ustrd>A &amp; B &lt;x&gt; \"q\" 'a'\nC\nD\nE\tF é€</Ustrd>", xml);
        Assert.Contains("<InstdAmt Ccy=\"EUR\">-0.05</InstdAmt>", xml);
        Assert.Equal(Pain001Writer.ToBytes(Message("", "A & B <x> \"q\" 'a'\r\nC\rD\nE\tF é€", null, -5)),
            Streamed(Message("", "A & B <x> \"q\" 'a'\r\nC\rD\nE\tF é€", null, -5)));
    }

    [Fact]
    public void Refuses_a_character_XML_forbids_as_the_message_writer_does()
    {
        var bad = Message("Name \u0001", "text", null, 100);
        Assert.Throws<ArgumentException>(() => Pain001Writer.ToBytes(bad));
        Assert.Throws<ArgumentException>(() => Streamed(bad));
    }

    private static readonly char[] Pool =
        ['a', 'Z', '0', ' ', '&', '<', '>', '"', '\'', '\t', '\n', '\r', 'é', '€', '\u0085', '\u2028', '\u0001', '\u001f', '\uD83D', '\uDE00', '\uFFFD', '\uFFFE', ']'];

    private static Gen<string> Text() =>
        Gen.Choose(0, 8).SelectMany(n => Gen.ArrayOf(Gen.Elements(Pool), n)).Select(cs => new string(cs));

    [FsCheck.Xunit.Property(MaxTest = 500)]
    public Property Streamed_bytes_are_the_message_writers_for_any_text() =>
        Prop.ForAll(
            (from name in Text()
             from text in Text()
             from structured in Gen.Elements(true, false)
             from cents in Gen.Choose(-1_000_000, 1_000_000)
             from debtor in Text()
             select Message(name, structured ? null : text, structured ? text : null, cents * 997L, debtor)).ToArbitrary(),
            m =>
            {
                byte[]? expected = null, actual = null;
                Type? expectedError = null, actualError = null;
                try { expected = Pain001Writer.ToBytes(m); } catch (Exception e) { expectedError = e.GetType(); }
                try { actual = Streamed(m); } catch (Exception e) { actualError = e.GetType(); }
                return (expectedError == actualError && (expected is null ? actual is null : actual is not null && expected.AsSpan().SequenceEqual(actual)))
                    .Label($"oracle {expectedError?.Name ?? "bytes"}, streamed {actualError?.Name ?? "bytes"}");
            });
}
