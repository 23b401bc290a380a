using Engine.Core.Payers;
using Engine.Core.Payments;
using Engine.Core.Rules;
using NodaTime;

namespace Engine.Core.Tests.Payers;

using Money = Engine.Core.Money.Money;

public sealed class PayerDecisionTests
{
    private static LocalDate D(int month, int day) => new(2024, month, day);

    // A detention from 2024-02-10 to 2024-02-20, then again from 2024-02-26 (open): the payer of each care date.
    private static readonly StatusPeriod[] Detention =
    [
        new(PayerStatuses.Detainee, D(2, 10), D(2, 20)),
        new(PayerStatuses.Detainee, D(2, 26), null),
    ];

    [Theory]
    [InlineData(9, Payer.Insurance)]   // the day before the detention
    [InlineData(10, Payer.Justice)]    // its first day
    [InlineData(15, Payer.Justice)]
    [InlineData(20, Payer.Justice)]    // its last day
    [InlineData(21, Payer.Insurance)]  // released: the insurance again
    [InlineData(25, Payer.Insurance)]
    [InlineData(26, Payer.Justice)]    // back in detention without notice
    public void A_member_moving_in_and_out_of_detention_is_paid_by_the_payer_of_each_care_date(int day, Payer expected)
    {
        var choice = PayerDecision.Decide(D(2, day), 131, Detention);
        Assert.Equal(expected, choice.Payer);
        if (expected == Payer.Justice) Assert.Contains("status detainee", choice.Why);
    }

    [Fact]
    public void An_invoice_addressed_to_mediprima_is_paid_by_spp_is_whatever_the_statuses_say()
    {
        var choice = PayerDecision.Decide(D(2, 15), PayerDecision.MediprimaMutuality, Detention);
        Assert.Equal(Payer.SppIs, choice.Payer);
        Assert.Contains("record 20 zone 18", choice.Why);
    }

    [Fact]
    public void Statuses_decide_in_order_mediprima_then_detainee_then_fedasil_and_a_war_victim_stays_with_the_insurance_with_a_share_refund()
    {
        StatusPeriod[] all =
        [
            new(PayerStatuses.Fedasil, D(1, 1), null), new(PayerStatuses.Detainee, D(2, 1), D(2, 10)),
            new(PayerStatuses.Mediprima, D(2, 5), D(2, 6)), new(PayerStatuses.WarVictim, D(1, 1), null),
        ];
        Assert.Equal(Payer.SppIs, PayerDecision.Decide(D(2, 5), 131, all).Payer);
        Assert.Equal(Payer.Justice, PayerDecision.Decide(D(2, 7), 131, all).Payer);
        Assert.Equal(Payer.Fedasil, PayerDecision.Decide(D(2, 11), 131, all).Payer);
        var victim = PayerDecision.Decide(D(2, 11), 131, [new StatusPeriod(PayerStatuses.WarVictim, D(1, 1), null)]);
        Assert.Equal(Payer.Insurance, victim.Payer);
        Assert.True(victim.ShareRefund);
        Assert.False(PayerDecision.Decide(D(2, 11), 131, []).ShareRefund);
    }

    private static ParameterSet Parameters(decimal justicePercent, decimal sharePercent) => new([
        DatedSeries<decimal>.Create(PayerDecision.PartParameter(Payer.Justice),
            [new Dated<decimal>(new LocalDate(2014, 1, 1), null, justicePercent, new RuleOrigin("parameters-payers", 14, "test", Confidence.I, true))]),
        DatedSeries<decimal>.Create(PayerDecision.ShareRefundParameter,
            [new Dated<decimal>(new LocalDate(2014, 1, 1), null, sharePercent, new RuleOrigin("parameters-payers", 15, "test", Confidence.I, true))]),
    ]);

    [Fact]
    public void The_payer_pays_its_dated_percent_of_the_insurer_amount_and_says_which_row()
    {
        var choice = PayerDecision.Decide(D(2, 15), 131, Detention);
        // 100 % of 25.98 = 25.98.
        var (full, step) = PayerDecision.PayerAmount(choice, new Money(25_98), D(2, 15), Parameters(100, 100));
        Assert.Equal(new Money(25_98), full);
        Assert.Equal("payer.justice.insurer_part_percent", step.RuleId);
        Assert.Equal(Confidence.I, step.Origin!.Confidence);
        // 12.5 % of 25.98 = 3.2475 -> 3.25 (halves away from zero, once).
        Assert.Equal(new Money(3_25), PayerDecision.PayerAmount(choice, new Money(25_98), D(2, 15), Parameters(12.5m, 100)).Amount);
    }

    [Fact]
    public void The_war_victims_fund_refunds_the_personal_share_only_to_a_war_victim_with_a_share()
    {
        var victim = PayerDecision.Decide(D(2, 11), 131, [new StatusPeriod(PayerStatuses.WarVictim, D(1, 1), null)]);
        // 100 % of the share 6.00 = 6.00.
        Assert.Equal(new Money(6_00), PayerDecision.ShareRefund(victim, new Money(6_00), D(2, 11), Parameters(100, 100))!.Value.Amount);
        Assert.Null(PayerDecision.ShareRefund(victim, Money.Zero, D(2, 11), Parameters(100, 100)));
        Assert.Null(PayerDecision.ShareRefund(PayerDecision.Decide(D(2, 11), 131, []), new Money(6_00), D(2, 11), Parameters(100, 100)));
    }

    [Fact]
    public void A_payer_transfer_is_its_own_group_and_the_insurance_keeps_the_ids_it_had()
    {
        var key = new PaymentGroupKey(PayeeKind.Member, "M1", PaymentPurpose.DirectRefund, D(3, 5), null, null);
        Assert.Equal("v1|Member|2:M1|DirectRefund|2024-03-05|-|-", key.Canonical);
        Assert.Equal("v1|Member|2:M1|DirectRefund|2024-03-05|-|-|justice", (key with { Payer = Payer.Justice }).Canonical);
        Assert.NotEqual(PaymentIds.EndToEndId("r", key), PaymentIds.EndToEndId("r", key with { Payer = Payer.Justice }));
    }

    [Fact]
    public void The_decision_without_words_is_the_decision_with_them_on_every_day_and_destination()
    {
        // Every payer status overlapping, starting and ending on different days of February 2024, against Decide.
        StatusPeriod[] all =
        [
            new(PayerStatuses.WarVictim, D(1, 20), D(2, 25)),
            new(PayerStatuses.Fedasil, D(2, 8), D(2, 18)),
            new(PayerStatuses.Detainee, D(2, 10), D(2, 14)),
            new(PayerStatuses.Detainee, D(2, 26), null),
            new(PayerStatuses.Mediprima, D(2, 12), D(2, 12)),
            new("bim", D(1, 1), null),
        ];
        var origin = new RuleOrigin("parameters-payers", 14, "test", Confidence.I, true);
        var parameters = new ParameterSet([.. new[] { Payer.Justice, Payer.Fedasil, Payer.SppIs }.Select((p, i) => DatedSeries<decimal>.Create(PayerDecision.PartParameter(p),
                [new Dated<decimal>(new LocalDate(2014, 1, 1), null, 12.5m + i, origin with { Line = 20 + i })])),
            DatedSeries<decimal>.Create(PayerDecision.ShareRefundParameter, [new Dated<decimal>(new LocalDate(2014, 1, 1), null, 50, origin)])]);
        var seen = new HashSet<(Payer, bool)>();
        foreach (var destination in new int?[] { null, 131, PayerDecision.MediprimaMutuality })
        foreach (var statuses in new[] { all, Detention, [] })
        for (var day = new LocalDate(2024, 1, 25); day <= new LocalDate(2024, 3, 2); day = day.PlusDays(1))
        {
            var choice = PayerDecision.Decide(day, destination, statuses);
            var of = PayerDecision.Of(day, destination, statuses);
            Assert.Equal((choice.Payer, choice.ShareRefund), of);
            seen.Add(of);
            foreach (var cents in new long[] { 0, 1, 25_98 })
            {
                var (amount, step) = PayerDecision.PayerAmount(choice, new Money(cents), day, parameters);
                Assert.Equal((amount, step.RuleId, step.Origin), PayerDecision.PayerPart(of.Payer, new Money(cents), day, parameters));
                var refund = PayerDecision.ShareRefund(choice, new Money(cents), day, parameters);
                var part = PayerDecision.ShareRefundPart(of.ShareRefund, new Money(cents), day, parameters);
                Assert.Equal(refund?.Amount, part?.Amount);
                Assert.Equal(refund?.Step.Origin, part?.Origin);
                if (refund is { } r) Assert.Equal(PayerDecision.ShareRefundParameter, r.Step.RuleId);
            }
        }
        // Every payer reached (Fedasil and SPP IS through the statuses and the destination), and the refund.
        Assert.Equal(5, seen.Count);
    }
}
