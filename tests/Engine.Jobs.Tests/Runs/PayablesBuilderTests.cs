using Engine.Core.Payments;
using Engine.Jobs.Data;
using Engine.Jobs.Runs;
using NodaTime;

namespace Engine.Jobs.Tests.Runs;

using Money = Engine.Core.Money.Money;

/// <summary>Who is paid what a run owes for a care line.</summary>
public class PayablesBuilderTests
{
    private static readonly Instant T = Instant.FromUtc(2024, 3, 5, 1, 0);

    private static (PayablesBuilder Builder, Dictionary<long, CareLineRow> Lines) Night(string channel)
    {
        var member = new BeneficiaryRow { BeneficiaryId = "M1", Name = "Marie Peeters", Iban = "BE68539007547034", KnownAt = T };
        var provider = new ProviderRow { ProviderId = "P1", Name = "Dr Maes", Iban = "BE71096123456769", Conventioned = true, KnownAt = T };
        var sending = new SendingRow { SendingId = 9, SendingNumber = 118, InvoicedMonth = "2024-02" };
        var line = new CareLineRow
        {
            LineId = 5, SendingId = 9, BeneficiaryId = "M1", ProviderId = "P1", Code = 101076, ServiceDate = new LocalDate(2024, 2, 6),
            Quantity = 1, Billed = new Money(3182), Channel = channel, KnownAt = T,
        };
        return (new PayablesBuilder(new Dictionary<string, BeneficiaryRow> { ["M1"] = member },
                new Dictionary<string, ProviderRow> { ["P1"] = provider }, new Dictionary<long, SendingRow> { [9] = sending }, 131),
            new() { [5] = line });
    }

    private static LineResultRow Result(string payee, string rules) => new()
    {
        LineId = 5, Fee = new Money(3182), Insurer = new Money(2782), Share = new Money(400), MafRefund = new Money(400),
        Payee = payee, Status = "accepted", Reason = "", Rules = rules,
    };

    [Fact]
    public void Third_party_care_goes_to_the_provider_per_sending_and_the_MAF_refund_to_the_member()
    {
        var (builder, lines) = Night("efact");
        var items = builder.Items([Result("provider", "fee.101076|share.gp.dmg.ordinary|maf.refund")], lines, new LocalDate(2024, 3, 5)).ToList();
        var care = Assert.Single(items, i => i.Purpose == PaymentPurpose.ThirdPartyCare);
        Assert.Equal((PayeeKind.Provider, "P1", new Money(2782)), (care.PayeeKind, care.PayeeId, care.Amount));
        Assert.Equal(new EfactSendingRef(118, new YearMonth(2024, 2), 131), care.Sending);
        var maf = Assert.Single(items, i => i.Purpose == PaymentPurpose.MafRefund);
        Assert.Equal((PayeeKind.Member, "M1", new Money(400)), (maf.PayeeKind, maf.PayeeId, maf.Amount));
    }

    [Fact]
    public void A_MAF_refund_the_rules_send_to_the_provider_is_paid_to_the_provider()
    {
        var (builder, lines) = Night("efact");
        var items = builder.Items([Result("provider", "fee.101076|share.gp.dmg.ordinary|" + MafStep.RefundToProvider)], lines,
            new LocalDate(2024, 3, 5)).ToList();
        var maf = Assert.Single(items, i => i.Purpose == PaymentPurpose.MafRefund);
        Assert.Equal((PayeeKind.Provider, "P1", "BE71096123456769"), (maf.PayeeKind, maf.PayeeId, maf.Iban));
    }

    [Fact]
    public void A_direct_refund_goes_to_the_member_and_a_rejected_line_pays_nothing()
    {
        var (builder, lines) = Night("eattest");
        var items = builder.Items([Result("member", "fee.101076")], lines, new LocalDate(2024, 3, 5)).ToList();
        Assert.Contains(items, i => i.Purpose == PaymentPurpose.DirectRefund && i.PayeeKind == PayeeKind.Member && i.Amount == new Money(2782));
        var rejected = new LineResultRow { LineId = 5, Payee = "member", Status = "rejected", Reason = "unknown_code", Rules = "" };
        Assert.Empty(builder.Items([rejected], lines, new LocalDate(2024, 3, 5)));
    }
}
