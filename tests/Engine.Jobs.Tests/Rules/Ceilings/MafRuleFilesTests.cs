using Engine.Core.Ceilings;
using Engine.Core.Rules;
using Engine.Jobs.Rules.Ceilings;

namespace Engine.Jobs.Tests.Rules.Ceilings;

public sealed class MafRuleFilesTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "maf-rules-" + Guid.NewGuid().ToString("N"));

    public MafRuleFilesTests() => Directory.CreateDirectory(Path.Combine(_dir, "ceilings"));
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private MafRules Load(string body)
    {
        File.WriteAllText(Path.Combine(_dir, "ceilings", "maf-revenus.csv"), "from,to,bracket,income_up_to,ceiling,confidence,source\n" + body);
        return MafRuleFiles.Load(_dir);
    }

    [Fact]
    public void No_file_means_every_year_is_refused()
    {
        Assert.Null(MafRuleFiles.Load(_dir).Brackets);
    }

    [Fact]
    public void A_table_is_read_per_period()
    {
        var rules = Load("2024-01-01,2024-12-31,1,100.00,10.00,S,x\n2024-01-01,2024-12-31,2,,20.00,S,x\n");
        Assert.Equal(2, rules.Brackets!.At(new NodaTime.LocalDate(2024, 3, 3)).Value.Brackets.Count);
    }

    [Theory]
    [InlineData("2024-01-01,2024-12-31,1,100.00,10.00,S,x\n2024-01-01,2024-12-31,2,200.00,20.00,S,x\n", ":3: only the last bracket")]
    [InlineData("2024-01-01,2024-12-31,1,100.00,10.00,S,x\n2024-01-01,2024-12-31,3,,20.00,S,x\n", ":3: bracket 3")]
    [InlineData("2024-01-01,2024-12-31,1,100.00,30.00,S,x\n2024-01-01,2024-12-31,2,,20.00,S,x\n", ":3: ceiling must rise")]
    [InlineData("2024-01-01,2024-12-31,1,100.00,10.00,S,x\n2024-01-01,2024-12-31,2,50.00,20.00,S,x\n2024-01-01,2024-12-31,3,,30.00,S,x\n", ":3: income_up_to must rise")]
    [InlineData("2024-01-01,2024-12-31,1,,10.001,S,x\n", ":2: column 'ceiling'")]
    [InlineData("2023-01-01,2023-12-31,1,,10.00,S,x\n2024-02-01,2024-12-31,1,,10.00,S,x\n", "has a gap")]
    public void A_defective_table_is_refused_naming_file_and_line(string body, string expected)
    {
        var e = Assert.Throws<RuleLoadException>(() => Load(body));
        Assert.Contains("rules/ceilings/maf-revenus.csv", e.Message);
        Assert.Contains(expected, e.Message);
    }
}
