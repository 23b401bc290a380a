using Engine.Jobs.Efact;
using NodaTime;
using static Engine.Jobs.Tests.Efact.EfactTestFiles;

namespace Engine.Jobs.Tests.Efact;

public class EfactDataCheckTests
{
    private static readonly string Two = EfactWriter.Write(SampleSendings.TwoMutualities());

    /// <summary>Everything in TwoMutualities is known: funds 306 and 319, both members insured in 2024, provider, codes.</summary>
    private static InMemoryEfactReferenceData AllKnown() => new()
    {
        Mutualities = [306, 319],
        Members = new()
        {
            ["90022212354"] = [new DateInterval(new LocalDate(2024, 1, 1), new LocalDate(2024, 12, 31))],
            ["85073003328"] = [new DateInterval(new LocalDate(2024, 1, 1), new LocalDate(2024, 12, 31))],
        },
        Providers = new() { ["18334780004"] = null },
        Codes = new()
        {
            [101032] = [new DateInterval(new LocalDate(2020, 1, 1), new LocalDate(2030, 12, 31))],
            [102771] = [new DateInterval(new LocalDate(2020, 1, 1), new LocalDate(2030, 12, 31))],
        },
    };

    [Fact]
    public void A_sending_whose_data_is_known_is_accepted_whole()
    {
        var result = Read(Two, AllKnown());
        Assert.Empty(result.AllRejections);
        Assert.Equal(3, result.AcceptedLines.Count());
    }

    [Fact]
    public void An_unknown_beneficiary_refuses_the_invoice()
    {
        var data = AllKnown();
        data.Members.Remove("90022212354"); // invoice 1
        var result = Read(Two, data);
        var r = Assert.Single(result.Invoices[0].Rejections);
        Assert.Equal(("F200820", "20", 2, "8"), (r.Error.LetterCode, r.RecordType, r.Sequence, r.Zone));
        Assert.Equal(227 + 350, r.Offset);
        Assert.Equal(EfactInvoiceStatus.Rejected, result.Invoices[0].Status);
        Assert.Equal(EfactInvoiceStatus.Accepted, result.Invoices[1].Status);
    }

    [Fact]
    public void A_line_outside_the_insured_period_is_refused_alone()
    {
        var data = AllKnown();
        // invoice 2: lines on 2024-03-04 and 2024-03-05; insured until 2024-03-04 only.
        data.Members["85073003328"] = [new DateInterval(new LocalDate(2024, 1, 1), new LocalDate(2024, 3, 4))];
        var invoice = Read(Two, data).Invoices[1];
        Assert.Equal(EfactInvoiceStatus.PartlyAccepted, invoice.Status);
        var r = Assert.Single(invoice.Rejections);
        Assert.Equal(("R500540", "50", 7, "5"), (r.Error.LetterCode, r.RecordType, r.Sequence, r.Zone));
        Assert.Equal([true, false], invoice.Lines.Select(l => l.IsAccepted));
    }

    [Fact]
    public void An_invoice_to_MediPrima_690_is_for_a_MediPrima_person_covered_on_the_date_never_for_a_member()
    {
        // Both invoices of TwoMutualities addressed to 690: invoice 1 for a MediPrima person covered in 2024, invoice 2
        // (lines of 2024-03-04 and -05) for a member of the insurance.
        var sending = SampleSendings.TwoMutualities();
        var to690 = EfactWriter.Write(sending with
        {
            Invoices = new([.. sending.Invoices.Select(i => i with { AffiliationMutuality = 690, DestinationMutuality = 690 })]),
        });
        var data = AllKnown();
        data.Mutualities.Add(690);
        data.MediprimaPersons["90022212354"] = data.Members["90022212354"];
        data.Members.Remove("90022212354");
        var result = Read(to690, data);
        EfactInvoiceResult Invoice(EfactReadResult r, long number) => r.Invoices.Single(i => i.InvoiceNumber == number);
        Assert.Equal(EfactInvoiceStatus.Accepted, Invoice(result, 1).Status);
        Assert.Equal(EfactInvoiceStatus.Rejected, Invoice(result, 2).Status);
        Assert.Equal(["R500540", "R500540"], Invoice(result, 2).Rejections.Select(r => r.Error.LetterCode));
        Assert.All(Invoice(result, 2).Rejections, r => Assert.Contains("not covered by MediPrima", r.Detail));

        // The same person on an invoice to the insurer's own mutuality: not insured by the insurance.
        var ours = Read(Two, data);
        Assert.Equal(EfactInvoiceStatus.Rejected, Invoice(ours, 1).Status);
        Assert.Equal(["R500540"], Invoice(ours, 1).Rejections.Select(r => r.Error.LetterCode));
        Assert.Equal(EfactInvoiceStatus.Accepted, Invoice(ours, 2).Status);
    }

    [Fact]
    public void A_code_that_does_not_exist_on_the_date_refuses_the_line()
    {
        var data = AllKnown();
        data.Codes[102771] = [new DateInterval(new LocalDate(2024, 3, 6), new LocalDate(2030, 12, 31))];
        var r = Assert.Single(Read(Two, data).Invoices[1].Rejections);
        Assert.Equal(("R500420", 7, "4"), (r.Error.LetterCode, r.Sequence, r.Zone));
        Assert.Contains("code 102771 does not exist on 2024-03-05", r.Detail);
    }

    [Fact]
    public void An_unknown_provider_refuses_every_line_and_so_the_invoice()
    {
        var data = AllKnown();
        data.Providers.Clear();
        var result = Read(Two, data);
        Assert.All(result.Invoices, i => Assert.Equal(EfactInvoiceStatus.Rejected, i.Status));
        Assert.All(result.Invoices.SelectMany(i => i.Rejections), r => Assert.Equal("R501520", r.Error.LetterCode));
        Assert.Empty(result.AcceptedLines);
    }

    [Fact]
    public void A_destination_mutuality_that_is_not_ours_refuses_its_invoices()
    {
        var data = AllKnown();
        data.Mutualities.Remove(319);
        var result = Read(Two, data);
        Assert.Equal("B201803", Assert.Single(result.Invoices[1].Rejections).Error.LetterCode);
        Assert.Equal(EfactInvoiceStatus.Accepted, result.Invoices[0].Status);
    }

    [Fact]
    public void An_invoice_number_received_before_from_the_same_third_party_is_refused()
    {
        var data = AllKnown();
        data.ReceivedInvoices.Add(("18334780004", 2));
        data.ReceivedInvoices.Add(("99999999999", 1)); // another third party's invoice 1 does not matter
        var result = Read(Two, data);
        var r = Assert.Single(result.Invoices[1].Rejections);
        Assert.Equal(("B202420", "24-25"), (r.Error.LetterCode, r.Zone));
        Assert.Equal(EfactInvoiceStatus.Accepted, result.Invoices[0].Status);
    }

    [Fact]
    public void An_invoice_number_repeated_in_the_file_is_refused_the_second_time()
    {
        var s = SampleSendings.TwoMutualities();
        // Written with distinct numbers, then invoice 2's number made 1 in its records 20 and 80.
        var file = SetZone(SetZone(EfactWriter.Write(s), 4, 115, "000000000001"), 7, 115, "000000000001");
        var result = Read(file, AllKnown());
        Assert.Equal(EfactInvoiceStatus.Accepted, result.Invoices[0].Status);
        Assert.Equal("B202420", Assert.Single(result.Invoices[1].Rejections).Error.LetterCode);
    }

    [Fact]
    public void Data_checks_are_skipped_when_the_envelope_is_broken()
    {
        var data = AllKnown();
        data.Members.Clear();
        var result = Read(SetZone(Two, 8, 88, "+00000005861"), data);
        Assert.False(result.IsSound);
        Assert.Empty(result.Invoices.SelectMany(i => i.Rejections));
    }
}
