using Engine.Jobs.Efact;
using static Engine.Jobs.Tests.Efact.EfactTestFiles;

namespace Engine.Jobs.Tests.Efact;

/// <summary>One test per kind of bad input: the exact rejection (code, record, zone) and who is refused.</summary>
public class EfactBadInputTests
{
    private static readonly string Two = EfactWriter.Write(SampleSendings.TwoMutualities());
    // Records: 0=10, 1=20 (invoice 1, fund 306), 2=50, 3=80, 4=20 (invoice 2, fund 319), 5=50, 6=50, 7=80, 8=90, 9=95, 10=95, 11=96.

    private static EfactRejection Single(IEnumerable<EfactRejection> rejections) => Assert.Single(rejections);

    private static void AssertRejection(EfactRejection r, string letterCode, string recordType, int? sequence, string zone)
    {
        Assert.Equal(letterCode, r.Error.LetterCode);
        Assert.Equal(recordType, r.RecordType);
        Assert.Equal(sequence, r.Sequence);
        Assert.Equal(zone, r.Zone);
    }

    /// <summary>Invoice 1 refused alone: the envelope is sound and invoice 2 is accepted.</summary>
    private static EfactRejection OnlyInvoice1Refused(EfactReadResult result)
    {
        Assert.True(result.IsSound, result.Envelope.Summary);
        Assert.Equal(EfactInvoiceStatus.Rejected, result.Invoices[0].Status);
        Assert.Equal(EfactInvoiceStatus.Accepted, result.Invoices[1].Status);
        Assert.Equal([2L, 2L], result.AcceptedLines.Select(l => l.InvoiceNumber));
        return Single(result.Invoices[0].Rejections);
    }

    [Fact]
    public void An_empty_file_is_not_a_sending()
    {
        var r = Single(Read("").Envelope.Reasons);
        AssertRejection(r, "B22", "200", null, "length");
    }

    [Fact]
    public void A_file_that_is_not_efact_is_refused_at_its_first_zone()
    {
        var result = Read("<?xml version=\"1.0\"?><invoice/>");
        AssertRejection(Single(result.Envelope.Reasons), "B22", "200", null, "200");
        Assert.Empty(result.Invoices);
        Assert.Null(result.Identity);
    }

    [Fact]
    public void Random_bytes_are_refused_without_an_exception()
    {
        var random = new Random(20240402);
        for (var n = 0; n < 200; n++)
        {
            var bytes = new byte[random.Next(0, 3000)];
            random.NextBytes(bytes);
            var result = EfactReader.Read("noise.bin", bytes);
            Assert.False(result.IsSound);
            Assert.Empty(result.AcceptedLines);
        }
    }

    [Fact]
    public void A_truncated_file_breaks_the_envelope_on_its_length()
    {
        var result = Read(Two[..^100]);
        Assert.False(result.IsSound);
        var r = result.Envelope.Reasons[0];
        AssertRejection(r, "B20", "200", null, "length");
        Assert.Contains("11 whole records and 250 bytes left over", r.Detail);
        Assert.Empty(result.AcceptedLines);
    }

    [Fact]
    public void A_header_cut_short_is_refused()
    {
        AssertRejection(Single(Read(Two[..150]).Envelope.Reasons), "B20", "200", null, "length");
    }

    [Fact]
    public void One_byte_too_many_breaks_the_envelope()
    {
        var result = Read(Two + " ");
        Assert.Contains(result.Envelope.Reasons, r => r.Zone == "length" && r.Detail.Contains("1 bytes left over"));
    }

    [Fact]
    public void A_letter_in_an_amount_refuses_its_invoice_only()
    {
        var r = OnlyInvoice1Refused(Read(SetZone(Two, 2, 88, "+0000000A150")));
        AssertRejection(r, "B501901", "50", 3, "19");
        Assert.Contains("'+0000000A150' is not a sign followed by 11 digits", r.Detail);
    }

    [Fact]
    public void An_amount_without_sign_refuses_its_invoice()
    {
        AssertRejection(OnlyInvoice1Refused(Read(SetZone(Two, 2, 88, "0"))), "B501905", "50", 3, "19");
    }

    [Fact]
    public void A_sign_inside_the_digits_refuses_its_invoice()
    {
        AssertRejection(OnlyInvoice1Refused(Read(SetZone(Two, 2, 128, "+0000-0100"))), "B502706", "50", 3, "27");
    }

    [Fact]
    public void An_impossible_date_refuses_its_invoice()
    {
        // 2024-02-30 does not exist; invoice 1's line is dated 2024-03-01, made 2024-02-30 in both date zones.
        var file = SetZone(SetZone(Two, 2, 17, "20240230"), 2, 25, "20240230");
        var rejections = Read(file).Invoices[0].Rejections;
        Assert.Equal(["500501", "500601"], rejections.Select(r => r.Code));
        AssertRejection(rejections[0], "B500501", "50", 3, "5");
    }

    [Fact]
    public void Letters_in_the_invoice_number_refuse_the_invoice()
    {
        var file = SetZone(Two, 1, 115, "00000000000X");
        var result = Read(file);
        Assert.True(result.IsSound, result.Envelope.Summary);
        var codes = result.Invoices[0].Rejections.Select(r => r.Code).ToList();
        // record 20 zone 24-25 unreadable, and record 80 no longer repeats it.
        Assert.Equal(["202401", "802412"], codes);
        AssertRejection(result.Invoices[0].Rejections[0], "B202401", "20", 2, "24-25");
    }

    [Fact]
    public void A_wrong_record_check_digit_refuses_its_invoice()
    {
        var r = OnlyInvoice1Refused(Read(SetZone(Two, 2, 349, "00", restamp: false)));
        AssertRejection(r, "B509902", "50", 3, "99");
        Assert.Contains("positions 1-348 give", r.Detail);
    }

    [Fact]
    public void A_wrong_check_digit_in_record_10_breaks_the_envelope()
    {
        var result = Read(SetZone(Two, 0, 349, "00", restamp: false));
        AssertRejection(Single(result.Envelope.Reasons), "B109902", "10", 1, "99");
        Assert.Empty(result.AcceptedInvoices);
        Assert.All(result.Invoices, i => Assert.Equal(EfactInvoiceStatus.Accepted, i.Status));
    }

    [Fact]
    public void A_wrong_invoice_control_digit_refuses_the_invoice()
    {
        // invoice 1: 101032 mod 97 = 55; write 54.
        AssertRejection(OnlyInvoice1Refused(Read(SetZone(Two, 3, 347, "54"))), "B809802", "80", 4, "98");
    }

    [Fact]
    public void A_line_total_that_does_not_match_record_80_refuses_the_invoice()
    {
        // line 1 of invoice 1 says 21.51 instead of 21.50: record 80 (21.50) no longer adds up; record 90 still does.
        var r = OnlyInvoice1Refused(Read(SetZone(Two, 2, 88, "+00000002151")));
        AssertRejection(r, "F801910", "80", 4, "19");
        Assert.Contains("add up to +00000002151", r.Detail);
    }

    [Fact]
    public void A_personal_share_total_that_does_not_match_refuses_the_invoice()
    {
        AssertRejection(OnlyInvoice1Refused(Read(SetZone(Two, 3, 128, "+000000101"))), "F802710", "80", 4, "27");
    }

    [Fact]
    public void A_record_90_total_that_does_not_add_up_breaks_the_envelope()
    {
        // 21.50 + 37.10 = 58.60 = +00000005860; the file says 58.61.
        var result = Read(SetZone(Two, 8, 88, "+00000005861"));
        var r = Single(result.Envelope.Reasons);
        AssertRejection(r, "B901910", "90", 9, "19");
        Assert.Empty(result.AcceptedLines);
    }

    [Fact]
    public void A_record_95_total_that_does_not_add_up_breaks_the_envelope()
    {
        var result = Read(SetZone(Two, 9, 25, "00000002151"));
        var r = Single(result.Envelope.Reasons);
        AssertRejection(r, "B41", "95", null, "404");
    }

    [Fact]
    public void A_record_96_total_that_does_not_add_up_breaks_the_envelope()
    {
        var result = Read(SetZone(Two, 11, 53, "00000005859"));
        AssertRejection(Single(result.Envelope.Reasons), "B41", "96", null, "508");
    }

    [Fact]
    public void A_wrong_federation_code_in_record_96_breaks_the_envelope()
    {
        AssertRejection(Single(Read(SetZone(Two, 11, 5, "100")).Envelope.Reasons), "B20", "96", null, "501");
    }

    [Fact]
    public void A_wrong_sending_control_digit_breaks_the_envelope()
    {
        AssertRejection(Single(Read(SetZone(Two, 8, 347, "60")).Envelope.Reasons), "B909802", "90", 9, "98");
    }

    [Fact]
    public void A_sequence_number_out_of_step_breaks_the_envelope()
    {
        var result = Read(SetZone(Two, 5, 3, "000016"));
        var r = Single(result.Envelope.Reasons);
        AssertRejection(r, "B500210", "50", 16, "2");
        Assert.Contains("where record #6 is expected", r.Detail);
    }

    [Fact]
    public void Swapped_records_break_the_envelope()
    {
        var swapped = Two[..(227 + 5 * 350)] + Record(Two, 6) + Record(Two, 5) + Two[(227 + 7 * 350)..];
        Assert.Equal("B500210", Read(swapped).Envelope.Reasons[0].Error.LetterCode);
    }

    [Fact]
    public void An_unknown_record_type_inside_an_invoice_refuses_it()
    {
        // invoice 2's second line becomes a record 30 (hospital lump sum, not read): its code leaves the sums too.
        var result = Read(SetZone(Two, 6, 1, "30"));
        var codes = result.Invoices[1].Rejections.Select(r => r.Error.LetterCode).ToList();
        Assert.Equal(["B500103", "B800110", "F801910", "B809802"], codes);
        AssertRejection(result.Invoices[1].Rejections[0], "B500103", "30", 7, "1");
        Assert.Equal(EfactInvoiceStatus.Accepted, result.Invoices[0].Status);
        // the sending control digits (record 90, 96) and the fund-319 summary no longer match: whole sending refused.
        Assert.Equal(["909802", "410", "510"], result.Envelope.Reasons.Select(r => r.Code.Length == 2 ? r.Zone : r.Code));
    }

    [Fact]
    public void A_damaged_record_type_between_invoices_does_not_swallow_the_next_invoice()
    {
        // invoice 2's record 20 becomes "2X": its records form a refused group; invoice 1 is untouched.
        var result = Read(SetZone(Two, 4, 1, "2X"));
        Assert.Equal(EfactInvoiceStatus.Accepted, result.Invoices[0].Status);
        Assert.Equal("B200101", result.Invoices[1].Rejections[0].Error.LetterCode);
    }

    [Fact]
    public void Records_after_record_90_other_than_95_and_96_break_the_envelope()
    {
        var result = Read(SetZone(Two, 9, 1, "97"));
        Assert.Contains(result.Envelope.Reasons, r => r.Error.LetterCode == "B900111" && r.RecordType == "97");
    }

    [Fact]
    public void A_missing_record_96_breaks_the_envelope()
    {
        var result = Read(Two[..^350]);
        Assert.Contains(result.Envelope.Reasons, r => r.RecordType == "96" && r.Zone == "500" && r.Detail.Contains("no record 96"));
    }

    [Fact]
    public void Identity_repeats_are_checked()
    {
        // record 80 repeats the invoice number of record 20 (zones 24-25)
        AssertRejection(OnlyInvoice1Refused(Read(SetZone(Two, 3, 115, "000000000009"))), "F802412", "80", 4, "24-25");
        // record 80 repeats the beneficiary (zone 8); the NISS is never shown
        var beneficiary = OnlyInvoice1Refused(Read(SetZone(Two, 3, 36, "0085073003328")));
        AssertRejection(beneficiary, "F800812", "80", 4, "8");
        Assert.DoesNotContain("85073003328", beneficiary.Detail);
        // record 50 repeats the beneficiary of record 20
        AssertRejection(OnlyInvoice1Refused(Read(SetZone(Two, 2, 36, "0085073003328"))), "F500812", "50", 3, "8");
        // record 90 repeats the sending number of record 10
        AssertRejection(Single(Read(SetZone(Two, 8, 33, "043")).Envelope.Reasons), "B900712", "90", 9, "7");
        // record 10 repeats segment 300's sending number
        var header = Read(Two[..75] + "043" + Two[78..]);
        AssertRejection(Single(header.Envelope.Reasons), "B100720", "10", 1, "7");
    }

    [Fact]
    public void A_record_20_that_names_another_third_party_refuses_the_invoice()
    {
        var result = Read(SetZone(Two, 1, 56, "018334780005"));
        Assert.True(result.IsSound);
        // record 20 differs from record 10, and record 80 no longer repeats record 20.
        Assert.Equal(["F201412", "F801412"], result.Invoices[0].Rejections.Select(r => r.Error.LetterCode));
        AssertRejection(result.Invoices[0].Rejections[0], "F201412", "20", 2, "14");
    }

    [Fact]
    public void A_NISS_with_wrong_check_digits_refuses_the_invoice_without_showing_it()
    {
        // 36121015396 is valid; 36121015397 is not. Changed in 20, 50 and 80 alike.
        var file = SetZone(SetZone(SetZone(Two, 1, 36, "0085073003329"), 2, 36, "0085073003329"), 3, 36, "0085073003329");
        var r = OnlyInvoice1Refused(Read(file));
        AssertRejection(r, "F200802", "20", 2, "8");
        Assert.DoesNotContain("850730033", r.ToString());
    }

    [Fact]
    public void A_line_dated_after_its_end_is_refused_alone()
    {
        // invoice 2, line 2 (record 6): last date 2024-03-04 before first 2024-03-05 -> R: the line only.
        var result = Read(SetZone(Two, 6, 25, "20240304"));
        Assert.True(result.IsSound);
        var invoice = result.Invoices[1];
        Assert.Equal(EfactInvoiceStatus.PartlyAccepted, invoice.Status);
        AssertRejection(Single(invoice.Rejections), "R500612", "50", 7, "6");
        Assert.Equal([6], result.AcceptedLines.Where(l => l.InvoiceNumber == 2).Select(l => l.RecordSequence));
    }

    [Fact]
    public void A_bad_IBAN_breaks_the_envelope_without_showing_it()
    {
        var file = SetZone(SetZone(Two, 0, 179, "BE10001232152605"), 8, 179, "BE10001232152605");
        var r = Single(Read(file).Envelope.Reasons);
        AssertRejection(r, "B103602", "10", 1, "36-41");
        Assert.DoesNotContain("BE1000", r.ToString());
    }

    [Fact]
    public void A_missing_enterprise_number_after_2015_breaks_the_envelope()
    {
        var file = SetZone(SetZone(Two, 0, 128, "0000000000"), 8, 128, "0000000000");
        AssertRejection(Single(Read(file).Envelope.Reasons), "B102710", "10", 1, "27");
    }

    [Fact]
    public void A_test_message_with_a_production_version_breaks_the_envelope()
    {
        var file = Two[..12] + "92" + Two[14..];
        AssertRejection(Single(Read(file).Envelope.Reasons), "B21", "300", null, "304");
    }
}
