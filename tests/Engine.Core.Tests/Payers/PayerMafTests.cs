using Engine.Core.Ceilings;
using Engine.Core.Payers;
using FsCheck.Xunit;
using static Engine.Core.Tests.Ceilings.MafFixture;

namespace Engine.Core.Tests.Payers;

using Money = Engine.Core.Money.Money;

/// <summary>
/// The MAF and the payers (docs/ceilings.md "The MAF and other payers"). Household H1, 2024, reference income 20,000.00:
/// bracket 2 (up to 22,687.05), MAF revenus ceiling 516.92.
/// </summary>
public sealed class PayerMafTests
{
    private static readonly Dictionary<MafCounterKey, MafHousehold> Households = new()
    {
        [new MafCounterKey("H1", 2024)] = new MafHousehold("H1", 2024, M("20000.00"), false, false),
    };

    private static PayerMafLine L(string id, int day, string share, Payer payer = Payer.Insurance, bool warVictim = false, string? fundRefunded = null,
        string who = "adult") =>
        new(new MafBatchLine(id, who, "H1", D(2024, 3, day), M(share), D(1980, 5, 5)), payer, warVictim, fundRefunded is null ? null : M(fundRefunded));

    [Fact]
    public void Lines_another_budget_pays_count_nowhere_and_get_no_maf_refund_from_the_insurance()
    {
        var result = PayerMaf.Run(TestRules(), [
            L("L1", 1, "300.00"),
            L("L2", 2, "200.00", Payer.Justice),     // care during detention: SPF Justice
            L("L3", 3, "100.00", Payer.Fedasil),
            L("L4", 4, "50.00", Payer.SppIs),        // MediPrima
            L("L5", 5, "240.00"),
        ], Households);
        // Counted: 300.00 + 240.00 = 540.00 only; L5 passes the ceiling by 540.00 - 516.92 = 23.08.
        // (Counted with the others, 300 + 200 + 100 would have refunded 83.08 on L3, 50.00 on L4 and 240.00 on L5.)
        Assert.Equal([M("0.00"), M("0.00"), M("0.00"), M("0.00"), M("23.08")], result.Lines.Select(l => l.InsuranceRefund));
        Assert.Equal([true, false, false, false, true], result.Lines.Select(l => l.Maf is not null));
        var counter = result.Batch.Counters[new MafCounterKey("H1", 2024)];
        Assert.Equal((M("540.00"), M("23.08")), (counter.Counted, counter.Refunded));
        Assert.Equal(["L1", "L5"], counter.LineIds.Order(StringComparer.Ordinal));
        Assert.Contains("not counted for the household's MAF", result.Lines[1].Explanation.Single().Text);
        Assert.Contains("SPF Justice", result.Lines[1].Explanation.Single().Text);
    }

    [Fact]
    public void A_war_victims_share_is_refunded_by_the_insurance_first_and_the_fund_refunds_what_remains()
    {
        var result = PayerMaf.Run(TestRules(), [L("L1", 1, "500.00"), L("L2", 2, "40.00", warVictim: true)], Households);
        // 500.00 + 40.00 = 540.00: the insurance's MAF refund of L2 is 540.00 - 516.92 = 23.08;
        // the fund refunds 100 % of what remains, 40.00 - 23.08 = 16.92. Together 40.00 = the share, once.
        var l2 = result.Lines[1];
        Assert.Equal((M("23.08"), M("16.92")), (l2.InsuranceRefund, l2.FundRefund));
        Assert.True(l2.FundAfterMaf);
        Assert.Contains("40.00 - 23.08 = 16.92", l2.Explanation[^1].Text);
        Assert.Equal(PayerMaf.FundAfterMafRule, l2.Explanation[^1].RuleId);
        // A war victim whose line stays under the ceiling: the fund refunds the whole share (L1 alone: 500.00 < 516.92).
        var alone = PayerMaf.Run(TestRules(), [L("L1", 1, "500.00", warVictim: true)], Households).Lines.Single();
        Assert.Equal((M("0.00"), M("500.00"), false), (alone.InsuranceRefund, alone.FundRefund, alone.FundAfterMaf));
    }

    [Fact]
    public void A_fund_refunding_half_refunds_half_of_what_the_maf_left()
    {
        // Same lines; the fund refunds 50 % of 16.92 = 8.46.
        var l2 = PayerMaf.Run(TestRules(warVictimSharePercent: 50m), [L("L1", 1, "500.00"), L("L2", 2, "40.00", warVictim: true)], Households).Lines[1];
        Assert.Equal((M("23.08"), M("8.46")), (l2.InsuranceRefund, l2.FundRefund));
    }

    [Fact]
    public void A_maf_refund_found_after_the_fund_refunded_is_paid_only_for_what_the_fund_left_and_the_counter_stays_right()
    {
        // A year whose MAF figures came later: the fund refunded L2's whole share (40.00) when the line was computed.
        var result = PayerMaf.Run(TestRules(), [
            L("L1", 1, "500.00"), L("L2", 2, "40.00", warVictim: true, fundRefunded: "40.00"), L("L3", 3, "10.00"),
        ], Households);
        // L2 passes the ceiling by 23.08, but the fund already refunded all 40.00: the insurance pays 0.00 of it, and the
        // fund nothing more. The counter still holds 23.08 refunded (that euro was refunded, by the fund), so L3's
        // whole share 10.00 is refunded: 550.00 - 516.92 = 33.08 owed, 23.08 already refunded -> 10.00.
        Assert.Equal([M("0.00"), M("0.00"), M("10.00")], result.Lines.Select(l => l.InsuranceRefund));
        Assert.Equal([M("0.00"), M("0.00"), M("0.00")], result.Lines.Select(l => l.FundRefund));
        Assert.Contains("already refunded 40.00", result.Lines[1].Explanation[^1].Text);
        var counter = result.Batch.Counters[new MafCounterKey("H1", 2024)];
        Assert.Equal((M("550.00"), M("33.08")), (counter.Counted, counter.Refunded));

        // A fund that refunded 30.00 of the 40.00 (75 %): the insurance pays min(23.08, 40.00 - 30.00) = 10.00.
        var part = PayerMaf.Run(TestRules(), [L("L1", 1, "500.00"), L("L2", 2, "40.00", warVictim: true, fundRefunded: "30.00")], Households);
        Assert.Equal(M("10.00"), part.Lines[1].InsuranceRefund);
        Assert.Equal(M("0.00"), PayerMaf.InsuranceRefundAfterFund(M("23.08"), M("40.00"), M("40.00")));
    }

    private static readonly Payer[] Payers = Enum.GetValues<Payer>().Where(p => p != Payer.WarVictims).ToArray();

    /// <summary>Lines of 2024 from raw numbers: a share of 0.00 to 399.99, a payer (the insurance twice as often), a war
    /// victim or not, a fund that refunded already or not, one of four people (two children), a day of the year.</summary>
    private static List<PayerMafLine> Lines(int[] raw) =>
        raw.Select((x, i) =>
        {
            uint u = unchecked((uint)x);
            var share = new Money(u % 40_000);
            var payer = (u / 40_000 % 6) is var p && p >= (uint)Payers.Length ? Payer.Insurance : Payers[p];
            var war = payer == Payer.Insurance && u / 240_000 % 3 == 0;
            Money? already = war && u / 720_000 % 2 == 0 ? new Money(share.Cents * (u / 1_440_000 % 5) / 4) : null;
            var who = new[] { "mum", "dad", "kid1", "kid2" }[u / 7_200_000 % 4];
            var birth = who.StartsWith("kid", StringComparison.Ordinal) ? D(2012, 6, 1) : D(1980, 1, 1);
            return new PayerMafLine(new MafBatchLine($"L{i}", who, "H1", D(2024, 1, 1).PlusDays((int)(u / 28_800_000 % 366)), share, birth),
                payer, war, already);
        }).ToList();

    [Property(MaxTest = 300)]
    public bool For_any_mix_of_payers_a_lines_refunds_never_exceed_its_share_and_other_payers_never_move_the_counter(int[] raw, int seed)
    {
        var rules = TestRules(warVictimSharePercent: new[] { 100m, 50m, 12.5m }[Math.Abs(seed % 3)]);
        var households = new Dictionary<MafCounterKey, MafHousehold>
        {
            [new MafCounterKey("H1", 2024)] = new MafHousehold("H1", 2024, seed % 2 == 0 ? M("20000.00") : M("10000.00"), seed % 3 == 0, seed % 5 == 0),
        };
        var lines = Lines(raw);
        var all = PayerMaf.Run(rules, lines, households);
        for (int i = 0; i < lines.Count; i++)
        {
            var (l, o) = (lines[i], all.Lines[i]);
            var fund = o.FundRefund + (l.FundRefunded ?? Money.Zero);
            if (o.InsuranceRefund < Money.Zero || o.FundRefund < Money.Zero) return false;
            if (o.InsuranceRefund + fund > l.Line.PersonalShare) return false;
            if (!PayerMaf.Counts(l.Payer) && (o.Maf is not null || o.InsuranceRefund != Money.Zero || o.FundRefund != Money.Zero)) return false;
            if (!l.WarVictim && o.FundRefund != Money.Zero) return false;
        }
        // The counter is the one the insurance's lines alone give: another payer's line never moves it.
        var own = MafBatch.Run(rules, lines.Where(l => l.Payer == Payer.Insurance).Select(l => l.Line).ToList(), households);
        var key = new MafCounterKey("H1", 2024);
        if (all.Batch.Counters.ContainsKey(key) != own.Counters.ContainsKey(key)) return false;
        if (!own.Counters.TryGetValue(key, out var expected)) return true;
        var got = all.Batch.Counters[key];
        return got.Counted == expected.Counted && got.Refunded == expected.Refunded
               && got.LineIds.Order(StringComparer.Ordinal).SequenceEqual(expected.LineIds.Order(StringComparer.Ordinal))
               && got.Counted == lines.Where(l => l.Payer == Payer.Insurance).Aggregate(Money.Zero, (s, l) => s + l.Line.PersonalShare);
    }
}
