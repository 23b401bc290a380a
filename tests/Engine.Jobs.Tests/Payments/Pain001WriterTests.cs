using Engine.Core.Payments;
using Engine.Jobs.Payments;
using NodaTime;

namespace Engine.Jobs.Tests.Payments;

using Money = Engine.Core.Money.Money;

public class Pain001WriterTests
{
    [Fact]
    public void Writes_the_expected_file_byte_for_byte()
    {
        // Expected/small.pain001.xml was written by hand: 3 transfers, 15.50 (10.00 + 5.50) + 20.00 (12.30 + 7.70)
        // + 1234.56 = 1270.06; block 2025-03-14 holds 2 for 35.50, block 2025-03-17 holds 1 for 1234.56.
        // The provider's OGM: base 012 2501 900 = 122501900 = 97 x 1262906 + 18 -> 012250190018.
        // The ids are SHA-256 values computed outside .NET (Python hashlib) from the documented inputs.
        var bytes = Pain001Writer.ToBytes(SmallRun.Plan(), SmallRun.Debtor, SmallRun.CreatedAt);
        var expected = File.ReadAllBytes(SmallRun.Expected("small.pain001.xml"));
        Assert.Equal(System.Text.Encoding.UTF8.GetString(expected), System.Text.Encoding.UTF8.GetString(bytes));
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void Writes_the_same_bytes_twice_whatever_the_input_order()
    {
        var a = Pain001Writer.ToBytes(SmallRun.Plan(), SmallRun.Debtor, SmallRun.CreatedAt);
        var b = Pain001Writer.ToBytes(PaymentGrouping.Plan(SmallRun.RunId, SmallRun.Items.Reverse()), SmallRun.Debtor, SmallRun.CreatedAt);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Has_no_byte_order_mark_and_only_newline_line_ends()
    {
        var bytes = Pain001Writer.ToBytes(SmallRun.Plan(), SmallRun.Debtor, SmallRun.CreatedAt);
        Assert.Equal((byte)'<', bytes[0]);
        Assert.DoesNotContain((byte)'\r', bytes);
        Assert.Equal((byte)'\n', bytes[^1]);
    }

    [Fact]
    public void Writes_summer_time_with_its_offset()
    {
        // 2025-07-01T00:00:00Z is 02:00 in Brussels under CEST (+02:00); fractions of a second are dropped.
        var message = Pain001Builder.Build(SmallRun.Plan(), SmallRun.Debtor, Instant.FromUtc(2025, 7, 1, 0, 0).PlusNanoseconds(999_000_000));
        var xml = System.Text.Encoding.UTF8.GetString(Pain001Writer.ToBytes(message));
        Assert.Contains("<CreDtTm>2025-07-01T02:00:00+02:00</CreDtTm>", xml);
    }

    [Fact]
    public void Refuses_a_plan_without_transfers_and_a_bad_debtor()
    {
        var empty = PaymentGrouping.Plan("r", []);
        Assert.Throws<ArgumentException>(() => Pain001Builder.Build(empty, SmallRun.Debtor, SmallRun.CreatedAt));
        var bad = SmallRun.Debtor with { Iban = "BE71096123456768", Bic = "GKCC", EnterpriseNumber = "0403170702" };
        var ex = Assert.Throws<ArgumentException>(() => Pain001Builder.Build(SmallRun.Plan(), bad, SmallRun.CreatedAt));
        Assert.Contains("ISO 13616", ex.Message);
        Assert.Contains("BIC", ex.Message);
        Assert.Contains("enterprise number", ex.Message);
        Assert.DoesNotContain("096123456768", ex.Message);
    }

    [Fact]
    public void Reads_back_what_it_wrote()
    {
        var message = Pain001Builder.Build(SmallRun.Plan(), SmallRun.Debtor, SmallRun.CreatedAt);
        var read = Pain001Reader.Read(Pain001Writer.ToBytes(message));
        Assert.Equal(message.Header, read.Header);
        Assert.Equal(message.Blocks.Count, read.Blocks.Count);
        for (var i = 0; i < message.Blocks.Count; i++)
        {
            Assert.Equal(message.Blocks[i] with { Transactions = [] }, read.Blocks[i] with { Transactions = [] });
            Assert.Equal(message.Blocks[i].Transactions, read.Blocks[i].Transactions);
        }
        Assert.Equal(new Money(127006), read.Header.ControlSum);
        Assert.Equal("012250190018", read.Blocks[0].Transactions[0].StructuredReference);
        Assert.Equal("T20250314-D4078E4904FD94DE0D30BD3D 15.50 to **************4300", read.Blocks[0].Transactions[0].ToString());
        Assert.DoesNotContain("096123456769", read.Blocks[0].ToString() + SmallRun.Debtor);
    }
}
