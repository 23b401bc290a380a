using Engine.Core.Payments;

namespace Engine.Core.Tests.Payments;

public class IbanTests
{
    [Theory]
    // BE68539007547034: BBAN 539007547034; 5390075470 = 97 x 55567788 + 34, and the BBAN ends in 34.
    // ISO 13616: 539007547034 + "BE68" -> 539007547034 11 14 68, mod 97 = 1.
    [InlineData("BE68539007547034")]
    [InlineData("be68 5390 0754 7034")]
    [InlineData("NL91ABNA0417164300")]
    [InlineData("DE89370400440532013000")]
    [InlineData("FR1420041010050500013M02606")]
    [InlineData("LU280019400644750000")]
    public void Accepts_valid_ibans(string text)
    {
        var check = Iban.Check(text);
        Assert.True(check.IsValid, check.Problem);
        Assert.Equal(text.Replace(" ", "").ToUpperInvariant(), check.Iban!.Value.Value);
    }

    [Theory]
    // Last digit changed: 539007547035 11 14 68 mod 97 = 28, not 1.
    [InlineData("BE68539007547035", "ISO 13616")]
    // BE41539007547035 passes ISO 13616 (41 = 98 - (539007547035111400 mod 97)) but 5390075470 mod 97 = 34, not 35.
    [InlineData("BE41539007547035", "Belgian account number check")]
    [InlineData("BE6853900754703", "must have 16 characters, has 15")]
    [InlineData("NL91ABNA041716430", "must have 18 characters, has 17")]
    [InlineData("US64SVBKUS6S3300958879", "country 'US' is not a SEPA country")]
    [InlineData("BE68-5390-0754-7034", "characters other than letters and digits")]
    [InlineData("1268539007547034", "two-letter country code")]
    [InlineData("BE00539007547034", "between 02 and 98")]
    [InlineData("BE99539007547034", "between 02 and 98")]
    [InlineData("BEAB539007547034", "check digits (positions 3-4) must be digits")]
    [InlineData("", "IBAN missing")]
    [InlineData("   ", "IBAN missing")]
    public void Refuses_with_the_reason(string text, string reason)
    {
        var check = Iban.Check(text);
        Assert.False(check.IsValid);
        Assert.Contains(reason, check.Problem);
    }

    [Fact]
    public void Refuses_a_missing_iban() => Assert.Equal("IBAN missing", Iban.Check(null).Problem);

    [Fact]
    public void Never_prints_the_full_iban()
    {
        var iban = Iban.Parse("BE68539007547034");
        Assert.Equal("************7034", iban.ToString());
        Assert.Equal("************7034", $"{iban}");
        Assert.Equal("************7034", Iban.Mask("BE68 5390 0754 7034"));
        Assert.DoesNotContain("5390", Iban.Check("BE68539007547035").ToString());
    }

    [Fact]
    public void Reasons_never_carry_the_iban() =>
        Assert.DoesNotContain("539007547035", Iban.Check("BE41539007547035").Problem);
}

public class LoggingTests
{
    [Fact]
    public void An_item_prints_its_iban_masked()
    {
        var item = new PayableItem("L1", PayeeKind.Member, "M1", "Hélène Dupont", "BE68539007547034",
            Core.Money.Money.Parse("12.30"), PaymentPurpose.DirectRefund, new NodaTime.LocalDate(2025, 3, 14));
        Assert.Equal("L1 Member M1 DirectRefund 12.30 on 2025-03-14 to ************7034", item.ToString());
        Assert.DoesNotContain("53900754", new HeldBackItem(item, "x").ToString());
    }
}
