using Engine.Core.Ceilings;
using static Engine.Core.Tests.Ceilings.MafFixture;

namespace Engine.Core.Tests.Ceilings;

using Money = Engine.Core.Money.Money;

public class MafCounterTests
{
    private static (MafCounterState State, List<string> Refunds) Run(MafCounterState state, params MafLine[] lines)
    {
        var refunds = new List<string>();
        foreach (var line in lines)
        {
            var (next, refund, _) = MafCounter.Apply(state, line);
            state = next;
            refunds.Add(refund.ToString());
        }
        return (state, refunds);
    }

    [Fact]
    public void A_household_crossing_its_ceiling_mid_year_is_refunded_the_excess_then_every_later_share()
    {
        // 2024, income 20,000.00 -> bracket 2 -> ceiling 516.92.
        // 300.00 -> counter 300.00; +200.00 -> 500.00; +40.00 -> 540.00, 540.00 - 516.92 = 23.08 refunded;
        // +12.00 -> 552.00, all 12.00 refunded (the supplement 25.00 never counts). Total 35.08 = 552.00 - 516.92.
        var (state, refunds) = Run(Counter(TestRules(), 2024, "20000.00"),
            Line("L1", D(2024, 2, 10), "300.00"),
            Line("L2", D(2024, 5, 3), "200.00"),
            Line("L3", D(2024, 7, 1), "40.00"),
            Line("L4", D(2024, 9, 15), "12.00", supplement: "25.00"));
        Assert.Equal(["0.00", "0.00", "23.08", "12.00"], refunds);
        Assert.Equal(M("552.00"), state.Counted);
        Assert.Equal(M("35.08"), state.Refunded);
    }

    [Fact]
    public void A_BIM_household_is_refunded_above_the_MAF_social()
    {
        // 2023, BIM, income 40,000.00: MAF social 506.79 (lower than 1,126.20).
        // 400.00 -> 400.00; +150.00 -> 550.00: 550.00 - 506.79 = 43.21 refunded.
        var (state, refunds) = Run(Counter(TestRules(), 2023, "40000.00", bim: true),
            Line("L1", D(2023, 3, 1), "400.00"),
            Line("L2", D(2023, 4, 1), "150.00"));
        Assert.Equal(["0.00", "43.21"], refunds);
        Assert.Equal(M("43.21"), state.Refunded);
    }

    [Fact]
    public void A_chronic_household_is_refunded_above_its_lowered_ceiling()
    {
        // 2023, income 25,000.00 -> 732.03, chronic: 732.03 - 112.62 = 619.41.
        // 600.00 -> no refund; +50.00 -> 650.00: 650.00 - 619.41 = 30.59 refunded.
        var (_, refunds) = Run(Counter(TestRules(), 2023, "25000.00", chronic: true),
            Line("L1", D(2023, 1, 20), "600.00"),
            Line("L2", D(2023, 2, 20), "50.00"));
        Assert.Equal(["0.00", "30.59"], refunds);
    }

    [Fact]
    public void A_child_is_refunded_above_the_child_ceiling_before_the_household_reaches_its_own()
    {
        // 2024, income 60,000.00 -> top bracket 2,067.66; child ceiling 746.66. Child born 2010-03-01 (14 in 2024).
        // child 700.00 -> child 700.00; child +100.00 -> 800.00: 800.00 - 746.66 = 53.34 refunded;
        // adult 500.00 -> household 1,300.00, minus the child's refunded 53.34 = 1,246.66 <= 2,067.66: nothing.
        var kid = D(2010, 3, 1);
        var (state, refunds) = Run(Counter(TestRules(), 2024, "60000.00"),
            Line("C1", D(2024, 3, 1), "700.00", "kid", kid),
            Line("C2", D(2024, 4, 1), "100.00", "kid", kid),
            Line("A1", D(2024, 5, 1), "500.00"));
        Assert.Equal(["0.00", "53.34", "0.00"], refunds);
        Assert.Equal(M("800.00"), state.ChildCounted["kid"]);
        Assert.Equal(M("1300.00"), state.Counted);
    }

    [Fact]
    public void A_childs_share_counts_for_the_household_too_and_is_never_refunded_twice()
    {
        // 2023, income 25,000.00: household 732.03, child 732.03.
        // In order child 800.00 then adult 100.00:
        //   child: child part above 732.03 = 67.97; household 800.00 - 67.97 = 732.03, not above: refund 67.97.
        //   adult: household 900.00 - 67.97 = 832.03, 100.00 above 732.03: refund 100.00. Total 167.97.
        // In the other order: adult 100.00 -> nothing; child 800.00 -> 67.97 + (900.00 - 67.97 - 732.03 = 100.00) = 167.97.
        // Either way the household bore 900.00 - 167.97 = 732.03, and the child's 67.97 was refunded once.
        var kid = D(2015, 1, 1);
        var child = Line("C", D(2023, 6, 1), "800.00", "kid", kid);
        var adult = Line("A", D(2023, 7, 1), "100.00");
        var (s1, r1) = Run(Counter(TestRules(), 2023, "25000.00"), child, adult);
        var (s2, r2) = Run(Counter(TestRules(), 2023, "25000.00"), adult, child);
        Assert.Equal(["67.97", "100.00"], r1);
        Assert.Equal(["0.00", "167.97"], r2);
        Assert.Equal(M("167.97"), s1.Refunded);
        Assert.Equal(M("167.97"), s2.Refunded);
    }

    [Fact]
    public void A_low_household_ceiling_binds_a_childs_shares_too()
    {
        // 2023, income 10,000.00 -> household 250.00 (below the child ceiling 732.03): child 300.00 -> 50.00 refunded.
        var (_, refunds) = Run(Counter(TestRules(), 2023, "10000.00"), Line("C", D(2023, 2, 2), "300.00", "kid", D(2012, 1, 1)));
        Assert.Equal(["50.00"], refunds);
    }

    [Fact]
    public void The_child_ceiling_stops_on_the_19th_birthday()
    {
        // Born 2005-06-15: on 2024-06-14 aged 18 (a child), on 2024-06-15 aged 19 (an adult).
        var state = Counter(TestRules(), 2024, "60000.00");
        var (s1, _, e1) = MafCounter.Apply(state, Line("C", D(2024, 6, 14), "10.00", "teen", D(2005, 6, 15)));
        Assert.Contains(e1, s => s.RuleId == "maf.child" && s.Text.Contains("is 18"));
        var (s2, _, _) = MafCounter.Apply(s1, Line("A", D(2024, 6, 15), "20.00", "teen", D(2005, 6, 15)));
        Assert.Equal(M("10.00"), s2.ChildCounted["teen"]);
        Assert.Equal(M("30.00"), s2.Counted);
    }

    [Fact]
    public void A_duplicate_line_is_counted_once()
    {
        // 2024 ceiling 516.92: 540.00 -> 23.08 refunded; the same line id again -> nothing, state unchanged.
        var (state, _) = Run(Counter(TestRules(), 2024, "20000.00"), Line("L1", D(2024, 2, 10), "500.00"), Line("L2", D(2024, 3, 1), "40.00"));
        var (again, refund, explanation) = MafCounter.Apply(state, Line("L2", D(2024, 3, 1), "40.00"));
        Assert.Equal(Money.Zero, refund);
        Assert.Same(state, again);
        Assert.Contains("already counted", explanation.Single().Text);
    }

    [Fact]
    public void A_line_of_another_year_is_refused_by_the_counter()
    {
        var e = Assert.Throws<ArgumentException>(() => MafCounter.Apply(Counter(TestRules(), 2024, "20000.00"), Line("L", D(2023, 12, 31), "1.00")));
        Assert.Contains("2023 counter", e.Message);
    }

    [Fact]
    public void The_refund_goes_to_the_member_unless_the_third_party_rule_flag_says_provider()
    {
        var line = Line("L", D(2024, 2, 1), "600.00", thirdParty: true);
        Assert.Equal(MafPayee.Member, MafCounter.Apply(Counter(TestRules(), 2024, "20000.00"), line).Payee);
        var applied = MafCounter.Apply(Counter(TestRules(thirdPartyToProvider: 1m), 2024, "20000.00"), line);
        Assert.Equal(MafPayee.Provider, applied.Payee);
        Assert.Equal(M("83.08"), applied.Refund); // 600.00 - 516.92
        Assert.Equal(MafPayee.Member, MafCounter.Apply(Counter(TestRules(thirdPartyToProvider: 1m), 2024, "20000.00"), line with { ThirdPartyPayment = false }).Payee);
    }

    [Fact]
    public void A_refund_explains_itself_with_the_ceiling_and_its_source()
    {
        var applied = MafCounter.Apply(Counter(TestRules(), 2024, "20000.00"), Line("L", D(2024, 2, 1), "600.00"));
        Assert.Contains(applied.Explanation, s => s.RuleId == "maf.refund" && s.Text.Contains("83.08"));
        Assert.Contains(applied.Explanation, s => s.RuleId == "maf.revenus" && s.Text.Contains("bracket 2") && s.Origin is not null);
    }

    [Fact]
    public void A_ceiling_lowered_later_pays_what_it_now_owes_and_never_claws_back()
    {
        // 2023 income 25,000.00: 732.03; counter 650.00, nothing refunded. Chronic granted: 619.41 -> 30.59 owed now.
        var (state, _) = Run(Counter(TestRules(), 2023, "25000.00"), Line("L1", D(2023, 1, 20), "650.00"));
        var chronic = MafCeilings.For(TestRules(), new MafHousehold("H1", 2023, M("25000.00"), false, true));
        var reassessed = MafCounter.Reassess(state, chronic);
        Assert.Equal(M("30.59"), reassessed.Refund);
        Assert.Equal(M("30.59"), reassessed.State.Refunded);
        // Back to the higher ceiling: nothing more, nothing taken back.
        var back = MafCounter.Reassess(reassessed.State, state.Ceiling);
        Assert.Equal(Money.Zero, back.Refund);
        Assert.Equal(M("30.59"), back.State.Refunded);
    }

    [Fact]
    public void The_counting_order_is_service_date_then_batch_order()
    {
        var lines = new[]
        {
            Line("b", D(2024, 3, 1), "1.00"), Line("a", D(2024, 1, 1), "1.00"), Line("c", D(2024, 3, 1), "1.00"), Line("d", D(2024, 2, 1), "1.00"),
        };
        Assert.Equal(["a", "d", "b", "c"], MafCounter.InCountingOrder(lines).Select(l => l.LineId));
    }
}
