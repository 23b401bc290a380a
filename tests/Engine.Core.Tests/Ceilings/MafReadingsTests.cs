using Engine.Core.Ceilings;
using static Engine.Core.Tests.Ceilings.MafFixture;

namespace Engine.Core.Tests.Ceilings;

/// <summary>
/// The MAF readings of belgian-rules.md §9.7 (issue 16), each a golden case worked by hand from the sheet's figures
/// (section 2, typed in <see cref="MafFixture"/>): the chronic-illness reduction lowers the child ceiling too; the MAF
/// social covers the BIM beneficiary, the partner and the dependants, not every person at the address; ages by the
/// calendar.
/// </summary>
public class MafReadingsTests
{
    private static MafBatchLine L(string id, string who, string household, NodaTime.LocalDate date, string share,
        NodaTime.LocalDate? birth = null, HouseholdRelation relation = HouseholdRelation.Unknown) =>
        new(id, who, household, date, M(share), birth ?? D(1980, 5, 5), Relation: relation);

    private static Dictionary<MafCounterKey, MafHousehold> Rows(params MafHousehold[] households) => households.ToDictionary(h => h.Key);

    [Fact]
    public void Golden_a_child_with_the_chronic_reduction()
    {
        // 2023, income 40,000.00: bracket 4 (33,516.33 < 40,000.00 <= 45,230.81) -> 1,126.20.
        // Chronic illness: 1,126.20 - 112.62 = 1,013.58 for the household, and 732.03 - 112.62 = 619.41 for the child.
        // The child (born 2012-06-01, 10 in 2023): K1 400.00 -> child 400.00, owed 0.00.
        //   K2 300.00 -> child 700.00: 700.00 - 619.41 = 80.59 owed; household 700.00 - 80.59 = 619.41 <= 1,013.58.
        //   Refund 80.59 on K2.
        // A parent: P1 100.00 -> household 800.00; 800.00 - 80.59 = 719.41 <= 1,013.58: nothing more. Total 80.59.
        // (Read the old way, the child ceiling stays 732.03 and 700.00 is under it: nothing refunded at all.)
        var kid = D(2012, 6, 1);
        var r = MafBatch.Run(TestRules(),
            [L("K1", "kid", "H1", D(2023, 2, 1), "400.00", kid), L("K2", "kid", "H1", D(2023, 5, 1), "300.00", kid), L("P1", "mum", "H1", D(2023, 6, 1), "100.00")],
            Rows(new MafHousehold("H1", 2023, M("40000.00"), Bim: false, Chronic: true)));
        Assert.Equal(["0.00", "80.59", "0.00"], r.Lines.Select(l => l.Cell));
        var counter = r.Counters[new("H1", 2023)];
        Assert.Equal(M("1013.58"), counter.Ceiling.Household);
        Assert.Equal(M("619.41"), counter.Ceiling.Child);
        Assert.Equal(M("80.59"), counter.Refunded);
        Assert.Contains(counter.Ceiling.Explanation, s => s.RuleId == "maf.chronic" && s.Text.Contains("the child ceiling 732.03 too, to 619.41"));
    }

    [Fact]
    public void The_2024_ceilings_with_the_chronic_reduction()
    {
        // 2024, income 15,000.00: bracket 2, 516.92; chronic 114.87 (I): household 402.05, child 746.66 - 114.87 = 631.79.
        var rules = TestRules();
        var c = MafCeilings.For(rules, new MafHousehold("H1", 2024, M("15000.00"), false, true));
        Assert.Equal(M("631.79"), c.Child); // 746.66 - 114.87
        Assert.Equal(M("402.05"), c.Household); // 516.92 - 114.87
    }

    [Fact]
    public void Golden_a_BIM_household_with_an_unrelated_co_resident()
    {
        // 2024, BIM household with income 30,000.00: MAF revenus bracket 3 (22,687.05 < 30,000.00 <= 34,877.09) 746.66;
        // the MAF social 516.92 is lower and applies, to the BIM beneficiary, the partner and the dependants only.
        // The lodger (relation other) is counted apart, under the MAF revenus of the same income: 746.66.
        // Family (H5, 516.92): T1 300.00 -> 0.00; T2 250.00 -> 550.00 - 516.92 = 33.08.
        // Lodger (H5:others, 746.66): L1 250.00 -> 0.00; L2 100.00 -> 350.00 <= 746.66: 0.00.
        // (Read the old way, everybody at the address under 516.92: L1 33.08, T2 250.00, L2 100.00 = 383.08.)
        var r = MafBatch.Run(TestRules(),
        [
            L("T1", "bim", "H5", D(2024, 3, 1), "300.00", relation: HouseholdRelation.Titulaire),
            L("L1", "lodger", "H5", D(2024, 4, 1), "250.00", relation: HouseholdRelation.Other),
            L("T2", "partner", "H5", D(2024, 5, 1), "250.00", relation: HouseholdRelation.Partner),
            L("L2", "lodger", "H5", D(2024, 6, 1), "100.00", relation: HouseholdRelation.Other),
        ], Rows(new MafHousehold("H5", 2024, M("30000.00"), Bim: true, Chronic: false)));
        Assert.Equal(["0.00", "0.00", "33.08", "0.00"], r.Lines.Select(l => l.Cell));
        Assert.All(r.Lines, l => Assert.Null(l.Error));
        var family = r.Counters[new("H5", 2024)];
        var others = r.Counters[new("H5:others", 2024)];
        Assert.Equal((M("550.00"), M("516.92"), true), (family.Counted, family.Ceiling.Household, family.Ceiling.Social));
        Assert.Equal((M("350.00"), M("746.66"), false), (others.Counted, others.Ceiling.Household, others.Ceiling.Social));
        Assert.Equal(new MafCounterKey("H5:others", 2024), r.Lines[1].Counter);
        Assert.Contains("the MAF social does not cover them", r.Lines[1].Explanation[0].Text);
    }

    [Fact]
    public void An_unknown_relation_keeps_the_address_household_whole()
    {
        // Same household, the registry did not say who the lodger is: today's reading, one counter at 516.92.
        // T1 300.00 -> 0.00; L1 250.00 -> 550.00 - 516.92 = 33.08; T2 250.00 -> 250.00; L2 100.00 -> 100.00.
        var r = MafBatch.Run(TestRules(),
        [
            L("T1", "bim", "H5", D(2024, 3, 1), "300.00"), L("L1", "lodger", "H5", D(2024, 4, 1), "250.00"),
            L("T2", "partner", "H5", D(2024, 5, 1), "250.00"), L("L2", "lodger", "H5", D(2024, 6, 1), "100.00"),
        ], Rows(new MafHousehold("H5", 2024, M("30000.00"), Bim: true, Chronic: false)));
        Assert.Equal(["0.00", "33.08", "250.00", "100.00"], r.Lines.Select(l => l.Cell));
        Assert.DoesNotContain(new MafCounterKey("H5:others", 2024), r.Counters.Keys);
    }

    [Fact]
    public void Under_the_MAF_revenus_the_whole_address_is_one_household()
    {
        // BIM household with income 10,000.00: bracket 1, 254.99 (2024), lower than the MAF social 516.92, which does
        // not apply: the lodger stays in the address household. T1 200.00 -> 0.00; L1 100.00 -> 300.00 - 254.99 = 45.01.
        var r = MafBatch.Run(TestRules(),
            [L("T1", "bim", "H6", D(2024, 3, 1), "200.00", relation: HouseholdRelation.Titulaire), L("L1", "lodger", "H6", D(2024, 4, 1), "100.00", relation: HouseholdRelation.Other)],
            Rows(new MafHousehold("H6", 2024, M("10000.00"), Bim: true, Chronic: false)));
        Assert.Equal(["0.00", "45.01"], r.Lines.Select(l => l.Cell));
        Assert.Single(r.Counters);
    }

    [Fact]
    public void A_co_resident_outside_the_BIM_family_of_a_household_without_income_is_an_error_not_a_guess()
    {
        // BIM household with no reference income: MAF social 516.92 for the family; the lodger's MAF revenus cannot be
        // chosen: the lodger's line gets an error naming the household; the family's lines go through.
        var r = MafBatch.Run(TestRules(),
            [L("T1", "bim", "H7", D(2024, 3, 1), "600.00", relation: HouseholdRelation.Titulaire), L("L1", "lodger", "H7", D(2024, 4, 1), "100.00", relation: HouseholdRelation.Other)],
            Rows(new MafHousehold("H7", 2024, null, Bim: true, Chronic: false)));
        Assert.Equal(["83.08", ""], r.Lines.Select(l => l.Cell)); // 600.00 - 516.92
        Assert.Contains("household H7 year 2024", r.Lines[1].Error);
        Assert.Contains("relation other", r.Lines[1].Error);
        Assert.Null(r.Lines[1].Missing);
    }

    [Fact]
    public void The_others_counter_is_restored_like_any_other()
    {
        // A later batch continues the lodger's counter: 350.00 stored (746.66); L3 400.00 -> 750.00 - 746.66 = 3.34.
        var rows = Rows(new MafHousehold("H5", 2024, M("30000.00"), Bim: true, Chronic: false));
        var key = new MafCounterKey("H5:others", 2024);
        var household = MafHousehold.Of(key, rows)!;
        Assert.Equal(("H5:others", false), (household.HouseholdId, household.Bim));
        var stored = MafCounterState.Restore(MafCeilings.For(TestRules(), household), M("350.00"), M("0.00"), [], ["L1", "L2"]);
        var r = MafBatch.Run(TestRules(), [L("L3", "lodger", "H5", D(2024, 9, 1), "400.00", relation: HouseholdRelation.Other)], rows,
            new Dictionary<MafCounterKey, MafCounterState> { [key] = stored });
        Assert.Equal("3.34", r.Lines[0].Cell);
    }

    [Fact]
    public void A_child_born_on_29_February_keeps_the_child_ceiling_until_1_March()
    {
        // Born 2004-02-29; 2023 is a common year: 18 on 2023-02-28, 19 (the age limit) on 2023-03-01.
        // H1 2023, income 100,000.00 (bracket 6, 2,027.16); child ceiling 732.03.
        // F28 800.00 on 2023-02-28: a child: 800.00 - 732.03 = 67.97 refunded.
        // M01 100.00 on 2023-03-01: an adult now: household 900.00 - 67.97 = 832.03 <= 2,027.16: 0.00.
        var birth = D(2004, 2, 29);
        var r = MafBatch.Run(TestRules(),
            [L("F28", "leap", "H1", D(2023, 2, 28), "800.00", birth), L("M01", "leap", "H1", D(2023, 3, 1), "100.00", birth)],
            Rows(new MafHousehold("H1", 2023, M("100000.00"), false, false)));
        Assert.Equal(["67.97", "0.00"], r.Lines.Select(l => l.Cell));
        Assert.Equal(M("800.00"), r.Counters[new("H1", 2023)].ChildCounted["leap"]);
    }

    [Theory]
    [InlineData("titulaire", HouseholdRelation.Titulaire)]
    [InlineData("Partner", HouseholdRelation.Partner)]
    [InlineData("dependant", HouseholdRelation.Dependant)]
    [InlineData("other", HouseholdRelation.Other)]
    [InlineData("", HouseholdRelation.Unknown)]
    public void Relation_words(string text, HouseholdRelation expected)
    {
        Assert.True(HouseholdRelations.TryParse(text, out var relation));
        Assert.Equal(expected, relation);
        Assert.False(HouseholdRelations.TryParse("cousin", out _));
    }
}
