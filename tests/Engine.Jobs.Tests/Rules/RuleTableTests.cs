using Engine.Core.Rules;
using Engine.Jobs.Rules;

namespace Engine.Jobs.Tests.Rules;

public class RuleTableTests
{
    private static readonly string[] Required = ["parameter", "from", "to", "value", "confidence", "source"];

    [Fact]
    public void An_unknown_column_is_refused_naming_file_and_line()
    {
        var text = "# comment\nparameter,from,to,valeu,confidence,source\n";
        var e = Assert.Throws<RuleLoadException>(() => RuleTable.Read(new StringReader(text), "rules/p.csv", Required));
        Assert.Contains("rules/p.csv:2", e.Message);
        Assert.Contains("unknown column 'valeu'", e.Message);
    }

    [Fact]
    public void A_bad_number_is_refused_naming_file_line_and_column()
    {
        var text = "parameter,from,to,value,confidence,source\nfee,2024-01-01,,31,82,S,x\n";
        var e = Assert.Throws<RuleLoadException>(() => RuleTable.Read(new StringReader(text), "rules/p.csv", Required));
        Assert.Contains("rules/p.csv:2", e.Message);
    }

    [Fact]
    public void Rows_keep_their_line_numbers()
    {
        var text = "parameter,from,to,value,confidence,source\n# note\nfee,2024-01-01,,31.82,I,\"Absym, accord\"\n";
        var rows = RuleTable.Read(new StringReader(text), "rules/p.csv", Required);
        var row = Assert.Single(rows);
        Assert.Equal(3, row.Line);
        Assert.Equal(31.82m, row.Decimal("value"));
        Assert.Equal(Confidence.I, row.Confidence());
        Assert.Equal("Absym, accord", row.Required("source"));
    }
}
