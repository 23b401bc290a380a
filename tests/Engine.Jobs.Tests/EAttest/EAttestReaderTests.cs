using System.Text;
using Engine.Core.Money;
using Engine.Jobs.EAttest;
using Engine.Jobs.Efact;
using Engine.Tests.Shared;
using NodaTime;

namespace Engine.Jobs.Tests.EAttest;

public class EAttestReaderTests
{
    private static EAttestReadResult ReadShared(string name)
    {
        var path = SharedFolder.File("efact-samples/eattest/" + name);
        return EAttestReader.Read(name, File.ReadAllBytes(path));
    }

    private static EAttestReadResult Read(string xml, IEfactReferenceData? data = null) =>
        EAttestReader.Read("a.xml", Encoding.UTF8.GetBytes(xml), data);

    private static string Physio => EAttestWriter.Write(EAttestSamples.Physio());

    [SkippableFact]
    public void The_hl7_be_create_example_reads_whole()
    {
        var result = ReadShared("hl7be_eAttestCreateRequest_ex01__83e63b9b-42d0-4222-8e0e-2f6f68409bb6_.xml");
        Assert.Equal(EAttestMessageKind.Create, result.Kind);
        Assert.Empty(result.AllRejections);
        Assert.Equal(EAttestStatus.Accepted, result.Status);
        var a = result.Attestation!;
        Assert.Equal(("Claim1", "267b18ce-3d37-4581-9baa-6fada338038b", "physiotherapy"), (a.AttestationId, a.MessageId, a.AttestationType));
        Assert.Equal(new LocalDateTime(2015, 7, 14, 11, 15, 30).WithOffset(Offset.FromHours(2)), a.Created);
        Assert.Equal(("73031805784", "54263481527", "persphysiotherapist"), (a.MemberNiss, a.ProviderNihii, a.ProviderQualification));
        Assert.Equal((Money.Parse("60"), Money.Parse("500")), (a.Supplement, a.Total));
        // item 1: code 101032 on 2020-01-14, 10 units x EUR 50 = EUR 500 paid, EUR 60 supplement.
        Assert.Equal(new EAttestLine(1, 101032, new LocalDate(2020, 1, 14), 10, Money.Parse("50"), Money.Parse("500"), Money.Parse("60")),
            Assert.Single(a.Lines));
    }

    [SkippableFact]
    public void The_hospital_example_resolves_Type_slash_id_references()
    {
        var result = ReadShared("hl7be_eAttestCreateRequest_Hospital_ex07.xml");
        Assert.Empty(result.AllRejections);
        var a = result.Attestation!;
        Assert.Equal(("specializedmedicine", "12898723580", "persphysician"), (a.AttestationType, a.ProviderNihii, a.ProviderQualification));
        Assert.Equal(new EAttestLine(1, 102034, new LocalDate(2017, 1, 27), 1, Money.Parse("38.86"), Money.Parse("38.86"), Money.Parse("2.00")),
            Assert.Single(a.Lines));
        Assert.Equal(Money.Parse("38.86"), a.Total);
    }

    [SkippableFact]
    public void The_cancel_example_names_the_attestation_to_cancel()
    {
        var result = ReadShared("hl7be_eAttestCancelRequest_ex03.xml");
        Assert.Equal(EAttestMessageKind.Cancel, result.Kind);
        Assert.Equal("identification number of attestation", result.CancelledAttestationId);
        Assert.Empty(result.AllRejections);
    }

    [SkippableFact]
    public void Responses_and_kmehr_messages_are_not_attestations()
    {
        var response = ReadShared("hl7be_eAttestCreateResponse_ex02__e14fe11a-52d4-410e-825a-07454ea2017a_.xml");
        Assert.Equal((EAttestMessageKind.Unknown, EAttestReasons.NotEAttest), (response.Kind, response.Rejections.Single().Code));
        Assert.Contains("eattestresponse-create", response.Rejections.Single().Reason);
        var kmehr = ReadShared("freehealth_eattest.xml");
        Assert.Equal(EAttestReasons.NotEAttest, kmehr.Rejections.Single().Code);
        Assert.Equal("SendTransactionRequest", kmehr.Rejections.Single().Element);
    }

    [SkippableFact]
    public void Writing_the_read_example_and_reading_it_again_gives_the_same_attestation()
    {
        var a = ReadShared("hl7be_eAttestCreateRequest_ex01__83e63b9b-42d0-4222-8e0e-2f6f68409bb6_.xml").Attestation!;
        Assert.Equal(a, Read(EAttestWriter.Write(a)).Attestation);
    }

    [Fact]
    public void A_written_attestation_reads_back_exactly_and_writing_is_deterministic()
    {
        var result = Read(Physio);
        Assert.Empty(result.AllRejections);
        Assert.Equal(EAttestSamples.Physio(), result.Attestation);
        Assert.Equal(Physio, EAttestWriter.Write(EAttestSamples.Physio()));
        Assert.Equal(2, result.AcceptedLines.Count());
        Assert.Equal(64, result.ContentSha256.Length);
    }

    [Fact]
    public void Empty_and_non_xml_input_is_refused()
    {
        Assert.Equal(EAttestReasons.NotXml, Read("").Rejections.Single().Code);
        var r = Read("920000 this is not xml").Rejections.Single();
        Assert.Equal(("/", EAttestReasons.NotXml), (r.Element, r.Code));
        var random = new Random(3);
        for (var n = 0; n < 200; n++)
        {
            var bytes = new byte[random.Next(0, 2000)];
            random.NextBytes(bytes);
            Assert.Equal(EAttestStatus.Rejected, EAttestReader.Read("x", bytes).Status);
        }
    }

    [Fact]
    public void A_document_type_declaration_is_refused_unread()
    {
        var xxe = "<?xml version=\"1.0\"?><!DOCTYPE Bundle [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Bundle xmlns=\"http://hl7.org/fhir\">&x;</Bundle>";
        Assert.Equal(EAttestReasons.NotXml, Read(xxe).Rejections.Single().Code);
    }

    [Fact]
    public void A_bad_NISS_refuses_the_attestation_naming_the_element_without_the_number()
    {
        var result = Read(Physio.Replace("73031805784", "73031805785"));
        var r = result.Rejections.Single();
        Assert.Equal(("Bundle/entry[4]/resource/Patient/identifier/value", EAttestReasons.Invalid), (r.Element, r.Code));
        Assert.DoesNotContain("7303180578", r.Reason);
        Assert.Equal(EAttestStatus.Rejected, result.Status);
        Assert.Null(result.Attestation);
    }

    [Fact]
    public void A_bad_amount_refuses_its_item_only()
    {
        // item 2's net "31.64" made "31.645" (three decimals); the total no longer can be checked against it.
        var xml = Physio;
        var second = xml.LastIndexOf("<value value=\"31.64\" />", StringComparison.Ordinal);
        xml = xml[..second] + "<value value=\"31.645\" />" + xml[(second + "<value value=\"31.64\" />".Length)..];
        var result = Read(xml);
        Assert.Empty(result.Rejections);
        Assert.Equal(EAttestStatus.PartlyAccepted, result.Status);
        var r = result.Lines[1].Rejections.Single();
        Assert.Equal(("Bundle/entry[5]/resource/Claim/item[2]/net/value", EAttestReasons.Invalid, 2), (r.Element, r.Code, r.ItemSequence));
        Assert.Equal([1], result.AcceptedLines.Select(l => l.Sequence));
    }

    [Fact]
    public void A_net_that_is_not_units_times_price_refuses_the_item()
    {
        var xml = System.Text.RegularExpressions.Regex.Replace(Physio, "(<quantity>\\s*<value value=\")1(\")", "${1}2$2", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(5));
        var r = Read(xml).Lines[0].Rejections.Single();
        Assert.Equal(EAttestReasons.Mismatch, r.Code);
        Assert.Contains("net 31.64 EUR where 2 x 31.64 EUR = 63.28 EUR", r.Reason);
    }

    [Fact]
    public void A_total_that_does_not_add_up_refuses_the_attestation()
    {
        var result = Read(Physio.Replace("<value value=\"63.28\" />", "<value value=\"63.29\" />"));
        var r = result.Rejections.Single();
        Assert.Equal(("Bundle/entry[5]/resource/Claim/total", EAttestReasons.Mismatch), (r.Element, r.Code));
        Assert.Equal(EAttestStatus.Rejected, result.Status);
        Assert.Empty(result.AcceptedLines);
    }

    [Fact]
    public void An_impossible_date_refuses_the_item()
    {
        var r = Read(Physio.Replace("2024-03-04", "2024-02-30")).Lines[0].Rejections.Single();
        Assert.Equal(("Bundle/entry[5]/resource/Claim/item[1]/servicedDate", EAttestReasons.Invalid), (r.Element, r.Code));
    }

    [Fact]
    public void A_reference_to_nowhere_refuses_the_attestation()
    {
        var xml = Physio;
        var patient = EAttestWriter.EntryUrn(EAttestSamples.Physio(), "patient");
        xml = System.Text.RegularExpressions.Regex.Replace(xml, $"(<patient>\\s*<reference value=\")({patient})", "$1Patient/nobody");
        var r = Read(xml).Rejections.Single();
        Assert.Equal(("Bundle/entry[5]/resource/Claim/patient/reference", EAttestReasons.Reference), (r.Element, r.Code));
    }

    [Fact]
    public void A_claim_without_items_is_refused()
    {
        var xml = System.Text.RegularExpressions.Regex.Replace(Physio, "<item>.*?</item>", "", System.Text.RegularExpressions.RegexOptions.Singleline);
        var result = Read(xml);
        Assert.Contains(result.Rejections, r => r.Code == EAttestReasons.Missing && r.Element.EndsWith("Claim/item"));
        Assert.Equal(EAttestStatus.Rejected, result.Status);
    }

    private static InMemoryEfactReferenceData Known() => new()
    {
        Members = new() { ["73031805784"] = [new DateInterval(new LocalDate(2024, 1, 1), new LocalDate(2024, 12, 31))] },
        Providers = new() { ["54263481527"] = null },
        Codes = new() { [560011] = [new DateInterval(new LocalDate(2020, 1, 1), new LocalDate(2030, 12, 31))] },
    };

    [Fact]
    public void Data_checks_refuse_unknown_members_whole_and_lines_one_by_one()
    {
        Assert.Equal(EAttestStatus.Accepted, Read(Physio, Known()).Status);

        var noMember = Known();
        noMember.Members.Clear();
        Assert.Equal(EAttestReasons.MemberUnknown, Read(Physio, noMember).Rejections.Single().Code);

        var lapsed = Known();
        lapsed.Members["73031805784"] = [new DateInterval(new LocalDate(2024, 1, 1), new LocalDate(2024, 3, 4))];
        var result = Read(Physio, lapsed);
        Assert.Equal(EAttestStatus.PartlyAccepted, result.Status);
        Assert.Equal((2, EAttestReasons.MemberNotInsured), (result.Lines[1].Rejections.Single().ItemSequence, result.Lines[1].Rejections.Single().Code));

        var noCode = Known();
        noCode.Codes.Clear();
        Assert.All(Read(Physio, noCode).Lines, l => Assert.Equal(EAttestReasons.CodeUnknown, l.Rejections.Single().Code));

        var noProvider = Known();
        noProvider.Providers.Clear();
        Assert.Equal(EAttestStatus.Rejected, Read(Physio, noProvider).Status);
    }
}
