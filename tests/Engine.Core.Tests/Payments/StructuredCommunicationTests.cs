using Engine.Core.Payments;
using NodaTime;

namespace Engine.Core.Tests.Payments;

public class StructuredCommunicationTests
{
    [Theory]
    // The sheet's example: 8680542730 = 97 x 89490131 + 23 (97 x 89490131 = 8680542707), check digits 23.
    [InlineData("+++868/0542/73023+++")]
    [InlineData("***868/0542/73023***")]
    [InlineData("868054273023")]
    [InlineData("+++ 868 / 0542 / 73023 +++")]
    public void Reads_the_sheet_example(string text)
    {
        Assert.True(StructuredCommunication.TryParse(text, out var ogm, out var problem), problem);
        Assert.Equal("868054273023", ogm.Digits);
        Assert.Equal("+++868/0542/73023+++", ogm.ToString());
    }

    [Theory]
    [InlineData("+++868/0542/73024+++", "check fails")]
    [InlineData("+++868/0542/7302+++", "12 digits")]
    [InlineData("+++868-0542-73023+++", "+++DDD/DDDD/DDDDD+++")]
    [InlineData("86805427302A", "12 digits")]
    [InlineData("", "missing")]
    public void Refuses_with_the_reason(string text, string reason)
    {
        Assert.False(StructuredCommunication.TryParse(text, out _, out var problem));
        Assert.Contains(reason, problem);
    }

    [Fact]
    public void Builds_the_sheet_example_from_its_base() =>
        Assert.Equal("+++868/0542/73023+++", StructuredCommunication.FromBase(8680542730).ToString());

    [Fact]
    public void Writes_97_when_the_base_is_a_multiple_of_97()
    {
        // 97 x 12345678 = 1234567800 - 37037034 = 1197530766: remainder 0, written 97.
        var ogm = StructuredCommunication.FromBase(1197530766);
        Assert.Equal("119753076697", ogm.Digits);
        Assert.Equal("+++119/7530/76697+++", ogm.ToString());
        Assert.True(StructuredCommunication.TryParse("+++119/7530/76697+++", out _, out _));
        Assert.False(StructuredCommunication.TryParse("+++119/7530/76600+++", out _, out _));
    }

    [Fact]
    public void Keeps_leading_zeros_of_the_base()
    {
        // 42 mod 97 = 42.
        Assert.Equal("+++000/0000/04242+++", StructuredCommunication.FromBase(42).ToString());
    }

    [Fact]
    public void Builds_the_third_party_communication_from_the_sending()
    {
        // Sending 713, invoiced February 2024, mutuality 900 -> base 713 2402 900 = 7132402900;
        // 97 x 73529926 = 7132402822, remainder 78.
        var ogm = StructuredCommunication.ForSending(new EfactSendingRef(713, new YearMonth(2024, 2), 900));
        Assert.Equal("+++713/2402/90078+++", ogm.ToString());
    }

    [Fact]
    public void Refuses_a_base_longer_than_ten_digits() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => StructuredCommunication.FromBase(10_000_000_000));
}
