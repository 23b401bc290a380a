using Engine.Core.Rules;
using Engine.Jobs.Rules;
using Engine.Jobs.Rules.Authorisations;
using Engine.Jobs.Tests.Rules.Reimbursement;
using NodaTime;

namespace Engine.Jobs.Tests.Rules.Authorisations;

/// <summary>rules/authorisations/prior-authorisation.csv: the shipped flags, and a load that fails loudly on each defect.</summary>
public sealed class AuthorisationRuleFilesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("engine-authrules-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Load(string body)
    {
        Directory.CreateDirectory(Path.Combine(_dir, "authorisations"));
        File.WriteAllText(Path.Combine(_dir, "authorisations", "prior-authorisation.csv"), body);
        return Assert.Throws<RuleLoadException>(() => AuthorisationRuleFiles.Load(_dir)).Message;
    }

    private const string Header = "code,group,from,to,required,confidence,source,illustrative,note\n";

    [Fact]
    public void The_shipped_rules_flag_563010_from_2023_and_no_other_code()
    {
        var rules = RuleSetLoader.Load(RepoFiles.Rules).Authorisations;
        Assert.Equal([563010], rules.Codes);
        Assert.False(rules.Requires(563010, new LocalDate(2022, 12, 31)));
        Assert.True(rules.Requires(563010, new LocalDate(2023, 1, 1)));
        Assert.Equal("physio_heavy", rules.GroupOf(563010, new LocalDate(2026, 3, 1)));
        Assert.False(rules.Requires(560011, new LocalDate(2026, 3, 1)));
        Assert.True(rules.TryRequirement(563010, new LocalDate(2026, 3, 1), out var flag) && flag.Origin.Illustrative && flag.Origin.Confidence == Confidence.U);
    }

    [Fact]
    public void A_gap_an_overlap_an_unknown_column_and_a_bad_group_fail_the_load_naming_file_and_line()
    {
        Assert.Contains("rules/authorisations/prior-authorisation.csv:3: 'prior authorisation of code 563010' has a gap from 2025-01-01 to 2025-01-31",
            Load(Header + "563010,g,2023-01-01,2024-12-31,true,U,s,true,\n563010,g,2025-02-01,,true,U,s,true,\n"));
        Assert.Contains("overlaps", Load(Header + "563010,g,2023-01-01,2025-12-31,true,U,s,true,\n563010,g,2025-02-01,,false,U,s,true,\n"));
        Assert.Contains("rules/authorisations/prior-authorisation.csv:1: unknown column 'sessions'",
            Load("code,group,from,to,required,confidence,source,sessions\n563010,g,2023-01-01,,true,U,s,3\n"));
        Assert.Contains("column 'group' = '563010' must be a name", Load(Header + "563010,563010,2023-01-01,,true,U,s,true,\n"));
        Assert.Contains("column 'required' = 'yes' is not true or false", Load(Header + "563010,g,2023-01-01,,yes,U,s,true,\n"));
    }

    [Fact]
    public void Without_the_file_no_code_needs_an_authorisation() =>
        Assert.Empty(AuthorisationRuleFiles.Load(_dir).Codes);
}
