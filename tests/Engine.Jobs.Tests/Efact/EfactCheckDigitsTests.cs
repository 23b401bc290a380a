using Engine.Jobs.Efact;
using Engine.Tests.Shared;

namespace Engine.Jobs.Tests.Efact;

public class EfactCheckDigitsTests
{
    [Theory]
    // §5.1 worked example: 1839 = 18 x 97 + 93.
    [InlineData(1839, 93)]
    // §5.2: 101032 + 101032 = 202064 = 2083 x 97 + 13.
    [InlineData(202064, 13)]
    // §5.2: 101032 = 1041 x 97 + 55.
    [InlineData(101032, 55)]
    // §5.2: 101074 = 1042 x 97 + 0, a remainder of 0 is written 97.
    [InlineData(101074, 97)]
    [InlineData(97, 97)]
    [InlineData(98, 1)]
    public void A_sum_reduces_modulo_97_with_0_written_97(long sum, int expected) =>
        Assert.Equal(expected, EfactCheckDigits.FromSum(sum));

    [Fact]
    public void Control_digits_sum_the_codes_as_integers()
    {
        Assert.Equal(13, EfactCheckDigits.ForCodes([101032, 101032]));
        Assert.Equal(55, EfactCheckDigits.ForCodes([101032]));
        Assert.Equal(97, EfactCheckDigits.ForCodes([101074]));
        // §5.2, replies msg19/msg22: 567011 + 567011 = 1134022 = 11690 x 97 + 92.
        Assert.Equal(92, EfactCheckDigits.ForCodes([567011, 567011]));
    }

    [Fact]
    public void Character_values_follow_the_layout()
    {
        // digit = value, space = 10, A = 11 ... Z = 36, lower case as upper case, anything else 37.
        Assert.Equal(7, EfactCheckDigits.CharacterValue('7'));
        Assert.Equal(10, EfactCheckDigits.CharacterValue(' '));
        Assert.Equal(11, EfactCheckDigits.CharacterValue('A'));
        Assert.Equal(36, EfactCheckDigits.CharacterValue('z'));
        Assert.Equal(37, EfactCheckDigits.CharacterValue('+'));
        Assert.Equal(37, EfactCheckDigits.CharacterValue('é'));
    }

    [Fact]
    public void The_amount_zone_of_the_worked_example_weighs_53()
    {
        // "+00000001942": 37 + 1 + 9 + 4 + 2 = 53; padded to 348 with zeros it sums 53, 53 mod 97 = 53.
        Assert.Equal(53, EfactCheckDigits.ForRecord("+00000001942".PadRight(348, '0')));
    }

    [SkippableFact]
    public void The_CIN_record_50_sums_1839_and_stores_the_result_plus_10()
    {
        var file = File.ReadAllText(SharedFolder.File("efact-samples/efact/cin-reference-920000/TFAC1SC09.509E"));
        var record50 = file.Substring(227 + 2 * 350, 350);
        Assert.StartsWith("50", record50);
        Assert.Equal(93, EfactCheckDigits.ForRecord(record50));
        // The CIN files store (sum + 10) mod 97 = 1849 mod 97 = 6 (§5.1).
        Assert.Equal("06", record50[348..]);
    }
}
