using Engine.Core.Payments;

namespace Engine.Core.Tests.Payments;

public class EnterpriseNumberTests
{
    [Theory]
    // 04031707 mod 97: 97 x 41563 = 4031611, 4031707 - 4031611 = 96; 97 - 96 = 01.
    [InlineData("0403.170.701", "0403170701")]
    [InlineData("BE 0403 170 701", "0403170701")]
    public void Accepts_a_valid_number(string text, string expected)
    {
        Assert.Equal(expected, EnterpriseNumber.Normalize(text, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("0403.170.702", "check fails")]
    [InlineData("403170701", "10 digits")]
    [InlineData("2403170701", "starting with 0 or 1")]
    public void Refuses_with_the_reason(string text, string reason)
    {
        Assert.Null(EnterpriseNumber.Normalize(text, out var problem));
        Assert.Contains(reason, problem);
    }
}
