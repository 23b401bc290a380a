using Engine.Core.Authorisations;
using Engine.Core.Rules;
using FsCheck.Xunit;
using NodaTime;

namespace Engine.Core.Tests.Authorisations;

/// <summary>The pure decision on care under prior authorisation: validity by date, decision and count of sessions.</summary>
public class SessionLedgerTests
{
    private static readonly RuleOrigin Origin = new("rules/authorisations/prior-authorisation.csv", 9, "test", Confidence.U, true);

    /// <summary>Code 563010 (group physio_heavy) needs an authorisation from 2024-01-01; 560011 never does.</summary>
    internal static readonly AuthorisationRules Rules = new(new Dictionary<int, DatedSeries<AuthorisationFlag>>
    {
        [563010] = DatedSeries<AuthorisationFlag>.Create("563010",
            [new Dated<AuthorisationFlag>(new LocalDate(2024, 1, 1), null, new AuthorisationFlag(true, "physio_heavy"), Origin)]),
    });

    private static PriorAuthorisation Granted(string reference, string codes, LocalDate from, LocalDate to, int? sessions) =>
        new(reference, "M1", codes, from, to, sessions, AdviserDecision.Granted);

    private static readonly LocalDate March1 = new(2026, 3, 1);

    [Fact]
    public void A_code_that_needs_none_is_paid_without_any_authorisation_and_before_its_flag_too()
    {
        var ledger = new SessionLedger(Rules, []);
        Assert.Equal(AuthorisationVerdict.NotRequired, ledger.Decide("M1", 560011, March1, payable: true).Verdict);
        Assert.Equal(AuthorisationVerdict.NotRequired, ledger.Decide("M1", 563010, new LocalDate(2023, 12, 31), payable: true).Verdict);
        Assert.Equal(AuthorisationVerdict.Missing, ledger.Decide("M1", 563010, new LocalDate(2024, 1, 1), payable: true).Verdict);
    }

    [Fact]
    public void An_authorisation_covers_its_member_its_code_or_group_and_its_dates_only()
    {
        // 2026-03-01..2026-03-31 for the group; a line on 31 March is covered, on 1 April not, another member's not.
        var ledger = new SessionLedger(Rules, [Granted("A", "physio_heavy", March1, new LocalDate(2026, 3, 31), null)]);
        Assert.Equal(AuthorisationVerdict.Covered, ledger.Decide("M1", 563010, new LocalDate(2026, 3, 31), true).Verdict);
        Assert.Equal(AuthorisationVerdict.Missing, ledger.Decide("M1", 563010, new LocalDate(2026, 4, 1), true).Verdict);
        Assert.Equal(AuthorisationVerdict.Missing, ledger.Decide("M1", 563010, new LocalDate(2026, 2, 28), true).Verdict);
        Assert.Equal(AuthorisationVerdict.Missing, ledger.Decide("M2", 563010, new LocalDate(2026, 3, 10), true).Verdict);
        // Named by the code's digits (leading zero as eFact writes it) it covers the code as well.
        var byCode = new SessionLedger(Rules, [Granted("B", "0563010", March1, new LocalDate(2026, 3, 31), null)]);
        Assert.Equal(AuthorisationVerdict.Covered, byCode.Decide("M1", 563010, March1, true).Verdict);
    }

    [Fact]
    public void Sessions_are_counted_over_the_lines_accepted_and_the_third_of_two_is_refused_with_5004L0()
    {
        var a = Granted("A", "physio_heavy", March1, new LocalDate(2026, 6, 30), 2);
        var ledger = new SessionLedger(Rules, [a]);
        // A line the kernel rejects for another reason uses no session.
        Assert.Equal(AuthorisationVerdict.NotPaid, ledger.Decide("M1", 563010, March1, payable: false).Verdict);
        var first = ledger.Decide("M1", 563010, new LocalDate(2026, 3, 2), true);
        var second = ledger.Decide("M1", 563010, new LocalDate(2026, 3, 3), true);
        var third = ledger.Decide("M1", 563010, new LocalDate(2026, 3, 4), true);
        Assert.Equal((AuthorisationVerdict.Covered, 1, (int?)1), (first.Verdict, first.Used, first.Left));
        Assert.Equal((AuthorisationVerdict.Covered, 2, (int?)0), (second.Verdict, second.Used, second.Left));
        Assert.Equal((AuthorisationVerdict.SessionsUsed, "5004L0", true), (third.Verdict, third.EfactCode, third.Rejects));
        Assert.Equal("authorisation A (granted by the medical adviser, physio_heavy, 2026-03-01 to 2026-06-30, 2 sessions): session 2 of 2, 0 left",
            second.Explain(563010, new LocalDate(2026, 3, 3)));
    }

    [Fact]
    public void A_second_authorisation_takes_over_when_the_first_is_used_and_a_refusal_gives_500449()
    {
        // A: 1 session from 1 March; B: 1 session from 1 March too (reference after A): the first line uses A, the second B.
        var ledger = new SessionLedger(Rules,
        [
            Granted("B", "physio_heavy", March1, new LocalDate(2026, 6, 30), 1),
            Granted("A", "563010", March1, new LocalDate(2026, 6, 30), 1),
            new PriorAuthorisation("R", "M1", "physio_heavy", new LocalDate(2026, 7, 1), new LocalDate(2026, 7, 31), null, AdviserDecision.Refused),
        ]);
        Assert.Equal("A", ledger.Decide("M1", 563010, new LocalDate(2026, 3, 5), true).Authorisation!.Reference);
        Assert.Equal("B", ledger.Decide("M1", 563010, new LocalDate(2026, 3, 6), true).Authorisation!.Reference);
        var refused = ledger.Decide("M1", 563010, new LocalDate(2026, 7, 2), true);
        Assert.Equal((AuthorisationVerdict.Refused, "500449", "R"), (refused.Verdict, refused.EfactCode, refused.Authorisation!.Reference));
        Assert.Equal(AuthorisationVerdict.Missing, ledger.Decide("M1", 563010, new LocalDate(2026, 8, 1), true).Verdict);
    }

    /// <summary>
    /// Whatever the authorisations (granted or refused, any dates, any count) and the lines (any date, payable or not),
    /// no authorisation pays more lines than its sessions, and every line paid lies within a granted authorisation.
    /// </summary>
    [Property(MaxTest = 1000)]
    public bool Never_more_paid_lines_than_sessions((byte Start, byte Length, byte Sessions, bool Refused)[] decisions, (byte Day, bool Payable)[] lines)
    {
        var start = new LocalDate(2026, 1, 1);
        var authorisations = (decisions ?? []).Select((d, i) => new PriorAuthorisation($"A{i:00}", "M1", i % 2 == 0 ? "physio_heavy" : "563010",
            start.PlusDays(d.Start), start.PlusDays(d.Start + d.Length), d.Sessions % 5 == 0 ? null : d.Sessions % 5,
            d.Refused ? AdviserDecision.Refused : AdviserDecision.Granted)).ToList();
        var ledger = new SessionLedger(Rules, authorisations);
        var paid = new Dictionary<string, int>();
        foreach (var (day, payable) in lines ?? [])
        {
            var date = start.PlusDays(day);
            var outcome = ledger.Decide("M1", 563010, date, payable);
            if (outcome.Verdict != AuthorisationVerdict.Covered) continue;
            var a = outcome.Authorisation!;
            if (!payable || a.Decision != AdviserDecision.Granted || !a.Covers(date)) return false;
            paid[a.Reference] = paid.GetValueOrDefault(a.Reference) + 1;
        }
        return authorisations.All(a => a.Sessions is not { } max || paid.GetValueOrDefault(a.Reference) <= max);
    }
}
