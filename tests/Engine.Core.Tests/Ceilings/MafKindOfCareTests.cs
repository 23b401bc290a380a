using Engine.Core.Ceilings;
using Engine.Core.Rules;
using Engine.Core.Tests.Reimbursement;
using static Engine.Core.Tests.Ceilings.MafFixture;

namespace Engine.Core.Tests.Ceilings;

/// <summary>
/// belgian-rules.md §2: "Only legal personal shares count (consultations, hospital day shares, medicines A/B/C, ...)".
/// Medicines of categories Cs and Cx (§1) are not among them: their personal share never counts for the MAF.
/// </summary>
public class MafKindOfCareTests
{
    // 9990044 = medicine Cs, 9990055 = medicine Cx, 9990033 = medicine C, 101076 = GP consultation (rules/reimbursement/codes.csv).
    private const int Cs = 9990044, Cx = 9990055, C = 9990033, Gp = 101076;

    private static readonly Dictionary<MafCounterKey, MafHousehold> Households = new[]
    {
        new MafHousehold("H1", 2024, M("15000.00"), false, false), // 2024 bracket 2 (12,681.18 < 15,000 <= 22,687.05): 516.92
    }.ToDictionary(h => h.Key);

    private static MafBatchLine L(string id, NodaTime.LocalDate date, string share, int code) =>
        new(id, "p", "H1", date, M(share), D(1970, 1, 1), Code: code);

    private static RuleSet ShippedRuleSet() =>
        Engine.Jobs.Rules.RuleSetLoader.Load(Path.Combine(ShippedRules.RepositoryRoot, "rules"));

    [Fact]
    public void Medicines_Cs_and_Cx_do_not_count_and_A_B_C_do()
    {
        // H1 2024, ceiling 516.92. Cs 560.00 (Feb) and Cx 300.00 (Mar): not counted, refund 0.00, counter 0.00.
        // GP 4.00 (Apr): counter 4.00. C 600.00 (May): counter 604.00 -> 604.00 - 516.92 = 87.08 refunded.
        // (Counting Cs/Cx too would refund 560.00 - 516.92 = 43.08 on the Cs line and every later share in full.)
        var rules = ShippedRuleSet();
        var r = MafBatch.Run(rules,
            [L("CS", D(2024, 2, 1), "560.00", Cs), L("CX", D(2024, 3, 1), "300.00", Cx), L("GP", D(2024, 4, 1), "4.00", Gp), L("C", D(2024, 5, 1), "600.00", C)],
            Households);
        Assert.Equal(["0.00", "0.00", "0.00", "87.08"], r.Lines.Select(l => l.Cell));
        Assert.All(r.Lines, l => Assert.Null(l.Error));
        Assert.Equal(M("604.00"), r.Counters[new("H1", 2024)].Counted);
        Assert.DoesNotContain("CS", r.Counters[new("H1", 2024)].LineIds);
        var why = Assert.Single(r.Lines[0].Explanation);
        Assert.Contains("medicine_Cs", why.Text);
        Assert.Contains("does not count for the MAF", why.Text);
        Assert.Equal("rules/ceilings/parameters-maf.csv", why.Origin!.File);
    }

    [Fact]
    public void From_2026_medicines_Cs_and_Cx_count_for_the_MAF()
    {
        // belgian-rules.md §9.5 (S, cbip.be). Cs on 2025-12-31: not counted, 0.00. Cs and Cx in 2026: counted, so they
        // reach the household's 2026 counter, whose MAF figures are not in rules/ yet: no refund computed, the line
        // carries the missing figure and year (to be held as pending), never a 0.00 that would hide it.
        var rules = ShippedRuleSet();
        var households = new[]
        {
            new MafHousehold("H1", 2025, M("15000.00"), false, false), new MafHousehold("H1", 2026, M("15000.00"), false, false),
        }.ToDictionary(h => h.Key);
        var r = MafBatch.Run(rules, [L("CS25", D(2025, 12, 31), "50.00", Cs), L("CS26", D(2026, 1, 1), "50.00", Cs), L("CX26", D(2026, 2, 1), "50.00", Cx)], households);
        Assert.Equal("0.00", r.Lines[0].Cell);
        Assert.Contains("does not count for the MAF", r.Lines[0].Explanation[0].Text);
        Assert.All(r.Lines.Skip(1), l => Assert.Equal((MafRules.BracketsName, 2026), (l.Missing!.Parameter, l.Missing.Year)));
        Assert.Equal([new MafCounterKey("H1", 2026)], r.Pending.Keys);
    }

    [Fact]
    public void Every_excluded_kind_in_the_rules_is_a_kind_of_the_nomenclature()
    {
        // A misspelt kind would exclude nothing, silently.
        var rules = ShippedRuleSet();
        var excluded = rules.Parameters.All.Select(s => s.Name).Where(n => n.StartsWith(MafRules.ExcludedKindPrefix, StringComparison.Ordinal)).ToList();
        Assert.Equal(["maf.excluded_kind.medicine_Cs", "maf.excluded_kind.medicine_Cx"], excluded.OrderBy(n => n, StringComparer.Ordinal));
        foreach (var name in excluded)
            Assert.NotEmpty(rules.Reimbursement.CodesOfKind(name[MafRules.ExcludedKindPrefix.Length..]));
    }

    [Fact]
    public void A_Cs_line_needs_no_household_it_does_not_count_anyway()
    {
        var r = MafBatch.Run(ShippedRuleSet(), [L("CS", D(2024, 2, 1), "560.00", Cs) with { HouseholdId = null }], Households);
        Assert.Equal("0.00", r.Lines[0].Cell);
        Assert.Null(r.Lines[0].Error);
        Assert.Empty(r.Counters);
    }

    [Fact]
    public void A_line_without_a_code_counts_as_before()
    {
        // No code given (a caller that does not know it): counted. 560.00 - 516.92 = 43.08.
        var r = MafBatch.Run(ShippedRuleSet(), [new MafBatchLine("X", "p", "H1", D(2024, 2, 1), M("560.00"), D(1970, 1, 1))], Households);
        Assert.Equal(["43.08"], r.Lines.Select(l => l.Cell));
    }
}
