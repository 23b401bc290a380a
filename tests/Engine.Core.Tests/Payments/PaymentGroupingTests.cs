using Engine.Core.Payments;
using NodaTime;

namespace Engine.Core.Tests.Payments;

using Money = Engine.Core.Money.Money;

public class PaymentGroupingTests
{
    private static readonly LocalDate Exec = new(2025, 3, 14);
    private const string GoodIban = "BE68539007547034";
    // NL91ABNA0417164300: ISO 13616 valid (the Dutch registry example).
    private const string OtherIban = "NL91ABNA0417164300";

    private static PayableItem Member(string sourceRef, string amount, PaymentPurpose purpose = PaymentPurpose.DirectRefund,
        string id = "M1", string? iban = GoodIban, LocalDate? day = null, string? advantage = null) =>
        new(sourceRef, PayeeKind.Member, id, "Hélène Dupont", iban, Money.Parse(amount), purpose, Exec,
            day is { } d ? new DateInterval(d, d) : null, advantage);

    private static PayableItem Provider(string sourceRef, string amount, int sending, string id = "P1", string? iban = OtherIban) =>
        new(sourceRef, PayeeKind.Provider, id, "Dr Janssens", iban, Money.Parse(amount), PaymentPurpose.ThirdPartyCare, Exec,
            Sending: new EfactSendingRef(sending, new YearMonth(2025, 1), 900));

    [Fact]
    public void Groups_third_party_payment_per_provider_and_sending_with_its_ogm()
    {
        var plan = PaymentGrouping.Plan("run-1", [
            Provider("L1", "10.00", 12), Provider("L2", "5.50", 12), Provider("L3", "7.25", 13),
        ]);
        Assert.Equal(2, plan.Transfers.Count);
        var first = plan.Transfers[0];
        Assert.Equal(new Money(1550), first.Amount); // 10.00 + 5.50
        Assert.Equal(["L1", "L2"], first.Items.Select(i => i.SourceRef));
        // Base 012 2501 900 = 122501900; 97 x 1262906 = 122501882, remainder 18.
        Assert.Equal("+++012/2501/90018+++", first.Remittance.Structured.ToString());
        Assert.Null(first.Remittance.Unstructured);
        // Base 013 2501 900 = 132501900; 97 x 1365998 = 132501806, remainder 94.
        Assert.Equal("+++013/2501/90094+++", plan.Transfers[1].Remittance.Structured.ToString());
        Assert.Equal(new Money(725), plan.Transfers[1].Amount);
        Assert.Equal("Dr Janssens", first.CreditorName);
        Assert.Equal(OtherIban, first.CreditorIban.Value);
    }

    [Fact]
    public void Groups_a_member_per_purpose_with_a_text_naming_dates_or_advantage()
    {
        var plan = PaymentGrouping.Plan("run-1", [
            Member("L1", "12.30", day: new LocalDate(2025, 1, 10)),
            Member("L2", "7.70", day: new LocalDate(2025, 1, 3)),
            Member("L3", "50.00", PaymentPurpose.AcAdvantage, advantage: "SPORT-CLUB", day: new LocalDate(2025, 3, 1)),
        ]);
        Assert.Equal(2, plan.Transfers.Count);
        var refund = plan.Transfers.Single(t => t.Purpose == PaymentPurpose.DirectRefund);
        Assert.Equal(new Money(2000), refund.Amount); // 12.30 + 7.70
        Assert.Equal("Remboursement soins/Terugbetaling zorg 03/01/2025-10/01/2025", refund.Remittance.Unstructured);
        Assert.Equal("Helene Dupont", refund.CreditorName);
        var ac = plan.Transfers.Single(t => t.Purpose == PaymentPurpose.AcAdvantage);
        Assert.Equal("Avantage AC/Voordeel AV SPORT-CLUB 01/03/2025", ac.Remittance.Unstructured);
        Assert.NotEqual(refund.EndToEndId, ac.EndToEndId);
    }

    [Fact]
    public void Holds_back_a_payee_with_a_missing_or_bad_iban_and_pays_the_others()
    {
        var plan = PaymentGrouping.Plan("run-1", [
            Member("L1", "10.00", id: "M1", iban: null),
            Member("L2", "20.00", id: "M2", iban: "BE68539007547035"),
            Member("L3", "30.00", id: "M3"),
        ]);
        Assert.Equal("M3", Assert.Single(plan.Transfers).PayeeId);
        Assert.Equal(2, plan.HeldBack.Count);
        Assert.Equal(("L1", "IBAN missing"), (plan.HeldBack[0].Item.SourceRef, plan.HeldBack[0].Reason));
        Assert.Equal("L2", plan.HeldBack[1].Item.SourceRef);
        Assert.Contains("ISO 13616", plan.HeldBack[1].Reason);
    }

    [Fact]
    public void Holds_back_a_group_whose_items_disagree_on_the_iban()
    {
        var plan = PaymentGrouping.Plan("run-1", [Member("L1", "10.00"), Member("L2", "20.00", iban: OtherIban)]);
        Assert.Empty(plan.Transfers);
        Assert.All(plan.HeldBack, h => Assert.Equal("the items of this payee group carry different IBANs", h.Reason));
        Assert.Equal(2, plan.HeldBack.Count);
    }

    [Fact]
    public void Never_nets_a_negative_amount()
    {
        var plan = PaymentGrouping.Plan("run-1", [
            Member("L1", "50.00"), Member("L2", "-20.00"), Member("L3", "-5.00", PaymentPurpose.Indemnity), Member("L4", "0"),
        ]);
        Assert.Equal(new Money(5000), Assert.Single(plan.Transfers).Amount);
        Assert.Equal(["L2", "L3"], plan.Recoveries.Select(i => i.SourceRef));
        Assert.Equal("L4", Assert.Single(plan.ZeroAmounts).SourceRef);
        Assert.Empty(plan.HeldBack);
    }

    [Fact]
    public void Holds_back_repeated_source_references_and_unusable_items()
    {
        var noSending = Provider("L5", "1.00", 1) with { Sending = null };
        var plan = PaymentGrouping.Plan("run-1", [
            Member("L1", "10.00"), Member("L1", "10.00"), Member("L2", "3.00", PaymentPurpose.ThirdPartyCare),
            Member("L3", "4.00") with { PayeeId = " " }, Member("L4", "6.00") with { StructuredCommunication = "+++868/0542/73024+++" },
            noSending, Member("L6", "8.00"),
        ]);
        Assert.Equal(["L6"], Assert.Single(plan.Transfers).Items.Select(i => i.SourceRef));
        Assert.Equal(6, plan.HeldBack.Count);
        Assert.All(plan.HeldBack.Where(h => h.Item.SourceRef == "L1"),
            h => Assert.Equal("source reference 'L1' appears 2 times in the run: none is paid", h.Reason));
        var reasons = plan.HeldBack.Where(h => h.Item.SourceRef != "L1").ToDictionary(h => h.Item.SourceRef + "/" + h.Item.PayeeId, h => h.Reason);
        Assert.Equal("third-party payment must be paid to a provider", reasons["L2/M1"]);
        Assert.Equal("payee id missing", reasons["L3/ "]);
        Assert.Contains("check fails", reasons["L4/M1"]);
        Assert.Equal("third-party payment without its eFact sending reference", reasons["L5/P1"]);
    }

    [Fact]
    public void Uses_an_explicit_structured_communication_and_splits_on_it()
    {
        var plan = PaymentGrouping.Plan("run-1", [
            Member("L1", "10.00", PaymentPurpose.Indemnity) with { StructuredCommunication = "868054273023" },
            Member("L2", "20.00", PaymentPurpose.Indemnity),
        ]);
        Assert.Equal(2, plan.Transfers.Count);
        Assert.Equal("+++868/0542/73023+++", plan.Transfers.Single(t => t.Amount == new Money(1000)).Remittance.ToString());
        Assert.Equal("Indemnites/Uitkeringen", plan.Transfers.Single(t => t.Amount == new Money(2000)).Remittance.Unstructured);
    }

    [Fact]
    public void Ids_depend_on_run_and_group_only()
    {
        PayableItem[] items = [Member("L1", "10.00"), Provider("L2", "5.00", 12), Member("L3", "1.00", id: "M9")];
        var a = PaymentGrouping.Plan("run-1", items);
        var b = PaymentGrouping.Plan("run-1", items.Reverse());
        var c = PaymentGrouping.Plan("run-2", items);
        var d = PaymentGrouping.Plan("run-1", items.Take(1));
        Assert.Equal(a.Transfers.Select(t => t.EndToEndId), b.Transfers.Select(t => t.EndToEndId));
        Assert.Empty(a.Transfers.Select(t => t.EndToEndId).Intersect(c.Transfers.Select(t => t.EndToEndId)));
        var m1 = a.Transfers.Single(t => t.PayeeId == "M1").EndToEndId;
        Assert.Equal(m1, Assert.Single(d.Transfers).EndToEndId);
        Assert.Matches("^D20250314-[0-9A-F]{24}$", m1);
        Assert.StartsWith("T20250314-", a.Transfers.Single(t => t.PayeeId == "P1").EndToEndId);
    }

    [Fact]
    public void Holds_back_a_transfer_above_the_sepa_maximum()
    {
        var plan = PaymentGrouping.Plan("run-1", [Member("L1", "999999999.99"), Member("L2", "0.01")]);
        Assert.Empty(plan.Transfers);
        Assert.Equal("transfer of 1000000000.00 exceeds the SEPA maximum of 999999999.99", plan.HeldBack[0].Reason);
    }

    [Fact]
    public void Cuts_a_long_remittance_to_140_characters()
    {
        var items = Enumerable.Range(1, 30).Select(i => Member($"L{i:00}", "1.00", PaymentPurpose.AcAdvantage, advantage: $"ADVANTAGE-{i:00}")).ToList();
        var text = Assert.Single(PaymentGrouping.Plan("run-1", items).Transfers).Remittance.Unstructured!;
        Assert.Equal(140, text.Length);
        Assert.EndsWith("...", text);
    }
}
