using Engine.Core.Complementary;
using static Engine.Core.Tests.Complementary.AcFixture;

namespace Engine.Core.Tests.Complementary;

public class AcDeciderTests
{
    [Fact]
    public void A_fourth_sport_event_in_a_year_is_refused()
    {
        // 15.00 each (paid 20.00: the flat 15.00 is lower), at most 3 a year: 15.00, 15.00, 15.00, then refused;
        // a new calendar year starts a new count.
        var (d, _) = Run(ExampleCatalogue(), InOrder(),
            Req("r1", "sport_event", D(2025, 3, 1), "20.00"), Req("r2", "sport_event", D(2025, 4, 1), "20.00"),
            Req("r3", "sport_event", D(2025, 5, 1), "20.00"), Req("r4", "sport_event", D(2025, 6, 1), "20.00"),
            Req("r5", "sport_event", D(2026, 1, 2), "20.00"));
        Assert.Equal(["granted 15.00 granted", "granted 15.00 granted", "granted 15.00 granted", "refused 0.00 count_reached", "granted 15.00 granted"], d.Select(Show));
        Assert.Equal(2, d[0].Left.UnitsYear);
        Assert.Equal(0, d[2].Left.UnitsYear);
        Assert.Contains("at most 3 times a year: 3 already paid in 2025", d[3].ReasonText);
    }

    [Fact]
    public void A_flat_sum_never_pays_more_than_the_amount_paid()
    {
        // sport event 15.00 flat, the event cost 12.50: 12.50.
        var (d, _) = Run(ExampleCatalogue(), InOrder(), Req("r1", "sport_event", D(2025, 3, 1), "12.50"));
        Assert.Equal("granted 12.50 granted", Show(d[0]));
    }

    [Fact]
    public void A_yearly_cap_cuts_a_request_then_refuses_the_next()
    {
        // sport app up to 45.00 a year: 30.00 granted (15.00 left); 30.00 asked, 15.00 left -> partial 15.00;
        // then 10.00 -> nothing left -> refused cap_reached.
        var (d, state) = Run(ExampleCatalogue(), InOrder(),
            Req("a1", "sport_app", D(2025, 1, 10), "30.00"), Req("a2", "sport_app", D(2025, 6, 10), "30.00"), Req("a3", "sport_app", D(2025, 9, 10), "10.00"));
        Assert.Equal(["granted 30.00 granted", "partial 15.00 yearly_cap_cut", "refused 0.00 cap_reached"], d.Select(Show));
        Assert.Equal(M("15.00"), d[0].Left.Year);
        Assert.Contains("45.00 a year in 2025, 30.00 already paid, 15.00 left", d[1].ReasonText);
        Assert.Equal(new AcUsage(M("45.00"), 2), state.Used(AcAllowanceKey.Year("sport_app", 2025)));
    }

    [Fact]
    public void The_advantages_own_maximum_on_a_single_request_is_granted_not_partial()
    {
        // sport club 50.00 a year, membership paid 60.00: the advantage gives 50.00 for it alone -> granted 50.00.
        var (d, _) = Run(ExampleCatalogue(), InOrder(), Req("c1", "sport_club", D(2025, 2, 1), "60.00"));
        Assert.Equal("granted 50.00 granted", Show(d[0]));
    }

    [Fact]
    public void An_age_limit_refuses_from_the_birthday()
    {
        // orthodontics_child up to 17 years (illustrative); born 2007-05-10: on 2025-05-09 aged 17 -> 400.00 (100 % of
        // 400.00, within 650.00 for life); on 2025-05-10 aged 18 -> refused.
        var member = InOrder(birth: D(2007, 5, 10));
        var (d, _) = Run(ExampleCatalogue(), member,
            Req("o1", "orthodontics_child", D(2025, 5, 9), "400.00"), Req("o2", "orthodontics_child", D(2025, 5, 10), "100.00"));
        Assert.Equal(["granted 400.00 granted", "refused 0.00 age_limit"], d.Select(Show));
        Assert.Contains("is 18 on 2025-05-10", d[1].ReasonText);
    }

    [Fact]
    public void A_lifetime_allowance_is_cut_then_refused()
    {
        // 650.00 for life: 400.00 granted (250.00 left), 400.00 asked -> partial 250.00, then refused (next year too).
        var member = InOrder(birth: D(2014, 1, 1));
        var (d, _) = Run(ExampleCatalogue(), member,
            Req("o1", "orthodontics_child", D(2025, 2, 1), "400.00"), Req("o2", "orthodontics_child", D(2025, 8, 1), "400.00"),
            Req("o3", "orthodontics_child", D(2026, 2, 1), "100.00"));
        Assert.Equal(["granted 400.00 granted", "partial 250.00 lifetime_cap_cut", "refused 0.00 lifetime_cap_reached"], d.Select(Show));
        Assert.Equal(M("250.00"), d[0].Left.Lifetime);
    }

    [Theory]
    [InlineData(true, 0, "granted 15.00 granted")]
    [InlineData(false, 3, "refused 0.00 contribution_not_in_order")]
    [InlineData(false, 24, "refused 0.00 contribution_not_in_order")] // 24 months: not closed yet
    [InlineData(false, 25, "refused 0.00 file_closed")]               // more than 24 months: the file is closed
    public void Contribution_and_arrears(bool inOrder, int arrears, string expected)
    {
        var member = new AcMember("m1", D(1980, 1, 1), inOrder, arrears, D(2000, 1, 1));
        var (d, state) = Run(ExampleCatalogue(), member, Req("r", "sport_medical", D(2025, 4, 4), "40.00"));
        Assert.Equal(expected, Show(d[0]));
        if (!inOrder) Assert.Empty(state.Allowances);
    }

    [Fact]
    public void Birth_premium_or_voucher_one_per_birth()
    {
        // Birth on 2025-03-10: premium 350.00 granted; the voucher for the same birth refused; a second birth
        // (twins' own certificate, or another year) gets its voucher 500.00. A premium is not a cost: amount paid 0.00.
        var (d, _) = Run(ExampleCatalogue(), InOrder(),
            Req("p1", "birth_premium", D(2025, 3, 10), "0.00"),
            Req("v1", "birth_voucher", D(2025, 3, 10), "0.00"),
            Req("p2", "birth_premium", D(2025, 3, 10), "0.00"),
            Req("v2", "birth_voucher", D(2026, 11, 2), "0.00"));
        Assert.Equal(["granted 350.00 granted", "refused 0.00 exclusive_already_paid", "refused 0.00 exclusive_already_paid", "granted 500.00 granted"], d.Select(Show));
        Assert.Contains("only one of birth_premium or birth_voucher is paid per event", d[1].ReasonText);
    }

    [Fact]
    public void The_birth_event_is_the_evidence_reference_when_there_is_one()
    {
        // Voucher first for certificate B-1 (dated the day it is handed out), premium later for the same certificate: refused.
        var (d, _) = Run(ExampleCatalogue(), InOrder(),
            Req("v1", "birth_voucher", D(2025, 5, 2), "0.00", evidence: "B-1"),
            Req("p1", "birth_premium", D(2025, 5, 20), "0.00", evidence: "B-1"),
            Req("p2", "birth_premium", D(2025, 5, 20), "0.00", evidence: "B-2"));
        Assert.Equal(["granted 500.00 granted", "refused 0.00 exclusive_already_paid", "granted 350.00 granted"], d.Select(Show));
    }

    [Fact]
    public void Before_the_catalogue_and_unknown_advantages_are_refused()
    {
        var (d, _) = Run(ExampleCatalogue(), InOrder(),
            Req("p0", "birth_premium", D(2024, 12, 31), "0.00"), Req("x", "yoga_retreat", D(2025, 3, 3), "10.00"));
        Assert.Equal(["refused 0.00 year_not_covered", "refused 0.00 unknown_advantage"], d.Select(Show));
        Assert.Contains("has no figures for 2024-12-31 (it covers 2025-01-01 to open end)", d[0].ReasonText);
    }

    [Fact]
    public void A_member_born_on_29_February_turns_18_on_1_March_of_a_common_year()
    {
        // orthodontics_child is for ages up to 17. Born 2008-02-29: 2026 is a common year, so 17 on 2026-02-28 (paid,
        // 100 % of 300.00) and 18 on 2026-03-01 (refused). NodaTime's Period.Between would say 18 on 2026-02-28.
        var member = InOrder(birth: D(2008, 2, 29));
        var (d, _) = Run(ExampleCatalogue(), member,
            Req("o1", "orthodontics_child", D(2026, 2, 28), "300.00"), Req("o2", "orthodontics_child", D(2026, 3, 1), "300.00"));
        Assert.Equal(["granted 300.00 granted", "refused 0.00 age_limit"], d.Select(Show));
        Assert.Contains("the member is 18 on 2026-03-01", d[1].ReasonText);
    }

    [Fact]
    public void A_paid_request_id_is_never_paid_twice()
    {
        var (d, state) = Run(ExampleCatalogue(), InOrder(), Req("r1", "dietitian_session", D(2025, 3, 1), "45.00"));
        var (again, same) = AcDecider.Decide(state, Req("r1", "dietitian_session", D(2025, 3, 1), "45.00"), InOrder(), ExampleCatalogue());
        Assert.Equal("granted 20.00 granted", Show(d[0]));
        Assert.Equal("refused 0.00 duplicate", Show(again));
        Assert.Same(state, same);
    }

    [Fact]
    public void A_percentage_is_rounded_to_the_cent_halves_away_from_zero_and_capped_per_request()
    {
        // 75 % of 33.33 = 24.9975 -> 25.00 (3333 cents x 7500 / 10000 = 2499.75 -> 2500). 75 % of 100.00 = 75.00,
        // at most 60.00 per request -> 60.00 (granted: the advantage's own maximum).
        var adv = Base with { Id = "glasses", Pay = AcPay.Percent, PercentBasisPoints = 7500, Amount = M("60.00") };
        var (d, _) = Run(Catalogue(adv), InOrder(), Req("g1", "glasses", D(2025, 1, 1), "33.33"), Req("g2", "glasses", D(2025, 1, 2), "100.00"));
        Assert.Equal(["granted 25.00 granted", "granted 60.00 granted"], d.Select(Show));
        Assert.Contains("75 % of 33.33 = 25.00", d[0].ReasonText);
    }

    [Fact]
    public void A_waiting_period_counts_from_the_AC_start_and_an_unknown_start_is_refused()
    {
        // 6 months from 2025-01-15: paid from 2025-07-15.
        var adv = Base with { Id = "dental_plus", WaitingMonths = 6 };
        var member = new AcMember("m1", D(1980, 1, 1), true, 0, D(2025, 1, 15));
        var (d, _) = Run(Catalogue(adv), member, Req("w1", "dental_plus", D(2025, 7, 14), "10.00"), Req("w2", "dental_plus", D(2025, 7, 15), "10.00"));
        Assert.Equal(["refused 0.00 waiting_period", "granted 10.00 granted"], d.Select(Show));
        var (unknown, _) = Run(Catalogue(adv), member with { AcSince = null }, Req("w3", "dental_plus", D(2030, 1, 1), "10.00"));
        Assert.Equal("refused 0.00 waiting_period", Show(unknown[0]));
    }

    [Fact]
    public void Once_in_a_lifetime_means_once()
    {
        var adv = Base with { Id = "welcome_gift", OnceInLifetime = true, CostBased = false };
        var (d, _) = Run(Catalogue(adv), InOrder(), Req("g1", "welcome_gift", D(2025, 1, 1), "0"), Req("g2", "welcome_gift", D(2031, 1, 1), "0"));
        Assert.Equal(["granted 10.00 granted", "refused 0.00 once_in_lifetime"], d.Select(Show));
    }

    [Fact]
    public void A_decision_explains_itself_with_the_catalogue_row()
    {
        var (d, _) = Run(ExampleCatalogue(), InOrder(), Req("r1", "sport_event", D(2025, 3, 1), "20.00"));
        var step = Assert.Single(d[0].Explanation);
        Assert.Equal("ac.sport_event", step.RuleId);
        Assert.Equal("rules/complementary/test/catalogue.csv", step.Origin!.File);
        Assert.Contains("flat 15.00 per request", step.Text);
    }
}
