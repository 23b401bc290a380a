using Engine.Core.Bim;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace Engine.Core.Tests.Bim;

/// <summary>
/// The unemployment basis of BIM on the insurer's initiative (belgian-rules.md §9.6): an isolated member unemployed
/// without a break for three months or more. Periods that overlap or follow each other day after day are one stretch;
/// a gap of one day starts a new one.
/// </summary>
public class BimInitiativeUnemploymentTests
{
    private static IReadOnlyList<BimProposal> Propose(YearMonth month, IEnumerable<UnemploymentPeriod> periods, int householdSize = 1,
        Func<string, LocalDate, bool>? isBim = null, Func<string, string, bool>? before = null) =>
        BimInitiative.Propose(month, _ => 12, [], (member, year) => new HouseholdFacts("H-" + member, householdSize),
            isBim ?? ((_, _) => false), before ?? ((_, _) => false), periods);

    private static UnemploymentPeriod P(string reference, LocalDate from, LocalDate? to, string member = "M1") => new(reference, member, from, to);

    [Fact]
    public void A_gap_of_one_day_starts_a_new_stretch_and_its_three_months_count_from_there()
    {
        // U1 2026-01-01..2026-02-10, then nothing on 2026-02-11, U2 from 2026-02-12: the stretch is U2 alone.
        // April: 2026-02-12 + 3 months = 2026-05-12 > 2026-04-30: not yet. May: 2026-05-12 <= 2026-05-31: proposed.
        var periods = new[] { P("U1", new LocalDate(2026, 1, 1), new LocalDate(2026, 2, 10)), P("U2", new LocalDate(2026, 2, 12), null) };
        Assert.Empty(Propose(new YearMonth(2026, 4), periods));
        var may = Assert.Single(Propose(new YearMonth(2026, 5), periods));
        Assert.Equal(("unemployment", "U2", new LocalDate(2026, 2, 12)), (may.Basis, may.CaseId, may.Since));
        Assert.Equal("isolated member (alone in household H-M1 in 2026) unemployed since 2026-02-12 (U2 from 2026-02-12): 3 months or more by 2026-05-31",
            may.Reason);
    }

    [Fact]
    public void Overlapping_and_following_periods_are_one_stretch_from_the_first_day()
    {
        // U1 2026-01-01..2026-03-31, U2 inside it, U3 from 2026-04-01 (the next day): one stretch since 2026-01-01,
        // 3 months on 2026-04-01 <= 2026-04-30: proposed in April.
        var periods = new[]
        {
            P("U1", new LocalDate(2026, 1, 1), new LocalDate(2026, 3, 31)), P("U2", new LocalDate(2026, 2, 1), new LocalDate(2026, 2, 28)),
            P("U3", new LocalDate(2026, 4, 1), null),
        };
        var april = Assert.Single(Propose(new YearMonth(2026, 4), periods));
        Assert.Equal(("U1", new LocalDate(2026, 1, 1)), (april.CaseId, april.Since));
        Assert.Contains("(U1 2026-01-01 to 2026-03-31, U2 2026-02-01 to 2026-02-28, U3 from 2026-04-01): 3 months or more by 2026-04-30", april.Reason);
    }

    [Fact]
    public void Not_alone_already_bim_already_proposed_or_ended_before_its_three_months_is_not_proposed()
    {
        var open = new[] { P("U1", new LocalDate(2026, 1, 1), null) };
        Assert.Empty(Propose(new YearMonth(2026, 6), open, householdSize: 2));
        Assert.Empty(Propose(new YearMonth(2026, 6), open, isBim: (_, _) => true));
        Assert.Empty(Propose(new YearMonth(2026, 6), open, before: (_, basis) => basis == "unemployment"));
        // Proposed on another basis earlier: still proposed on this one (one proposal per member and basis).
        Assert.Single(Propose(new YearMonth(2026, 6), open, before: (_, basis) => basis == "incapacity"));
        // 2026-03-15..2026-06-10: 3 months on 2026-06-15, after its end: never; ended in May: not in June.
        Assert.Empty(Propose(new YearMonth(2026, 6), [P("U1", new LocalDate(2026, 3, 15), new LocalDate(2026, 6, 10))]));
        Assert.Empty(Propose(new YearMonth(2026, 6), [P("U1", new LocalDate(2026, 1, 1), new LocalDate(2026, 5, 31))]));
        // 2026-01-01..2026-06-03: ended in June after 3 months: proposed in June, "by" its end.
        Assert.Contains("3 months or more by 2026-06-03",
            Assert.Single(Propose(new YearMonth(2026, 6), [P("U1", new LocalDate(2026, 1, 1), new LocalDate(2026, 6, 3))])).Reason);
    }

    /// <summary>Whatever the periods: a proposal only for a member unemployed every day of three months ending in or before the month, once per member.</summary>
    [FsCheck.Xunit.Property(MaxTest = 200)]
    public Property A_proposal_always_rests_on_three_months_unemployed_every_day() =>
        Prop.ForAll(Gen.ListOf(Gen.Choose(0, 400).SelectMany(start => Gen.Choose(-1, 200).Select(length => (start, length)))).ToArbitrary(), spans =>
        {
            var origin = new LocalDate(2025, 6, 1);
            var periods = spans.Select((s, i) => P($"U{i:00}", origin.PlusDays(s.start), s.length < 0 ? null : origin.PlusDays(s.start + s.length), i % 2 == 0 ? "M1" : "M2")).ToList();
            var month = new YearMonth(2026, 5);
            var proposals = Propose(month, periods);
            bool Unemployed(string member, LocalDate day) =>
                periods.Any(p => p.MemberId == member && p.From <= day && (p.To is null || p.To >= day));
            return proposals.All(p =>
            {
                var end = p.Since.PlusMonths(3);
                var days = Enumerable.Range(0, Period.Between(p.Since, end, PeriodUnits.Days).Days + 1).Select(d => p.Since.PlusDays(d));
                return end <= new LocalDate(2026, 5, 31) && days.All(d => Unemployed(p.MemberId, d)) && !Unemployed(p.MemberId, p.Since.PlusDays(-1));
            }).Label("three months unemployed every day from its start, nothing the day before")
              .And((proposals.Select(p => p.MemberId).Distinct().Count() == proposals.Count).Label("once per member"));
        });
}
