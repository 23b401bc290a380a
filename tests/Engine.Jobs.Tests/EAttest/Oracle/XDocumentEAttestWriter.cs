using System.Text;
using System.Xml.Linq;
using Engine.Core.Money;
using NodaTime.Text;
using Engine.Jobs.EAttest;
using static Engine.Jobs.Tests.EAttest.Oracle.XFhir;
using Fhir = Engine.Jobs.Tests.EAttest.Oracle.XFhir;

namespace Engine.Jobs.Tests.EAttest.Oracle;

/// <summary>The eAttest message writer as it was over an XDocument: kept as the oracle the message written straight to
/// bytes must match byte for byte.</summary>
internal static class XDocumentEAttestWriter
{
    public static string Write(EAttestAttestation a)
    {
        var headerUrl = EntryUrn(a, "header");
        var roleUrl = EntryUrn(a, "role");
        var practitionerUrl = EntryUrn(a, "practitioner");
        var patientUrl = EntryUrn(a, "patient");
        var claimUrl = EntryUrn(a, "claim");

        var bundle = El("Bundle",
            Value("id", "eattest-" + a.AttestationId),
            El("meta", Value("profile", StructureDefinitions + "be-eattestation-request")),
            Value("type", "message"),
            Value("timestamp", Format(a)),
            Entry(headerUrl, El("MessageHeader",
                Value("id", a.MessageId),
                El("meta", Value("profile", StructureDefinitions + "be-messageheader")),
                El("eventCoding", Value("system", EventSystem), Value("code", "eattest-create")),
                El("destination", Value("name", "MyCareNet"), Value("endpoint", "MyCareNet")),
                Reference("sender", roleUrl),
                El("source", Value("endpoint", roleUrl)),
                Reference("focus", claimUrl))),
            Entry(roleUrl, El("PractitionerRole",
                Value("id", "PractitionerRole1"),
                El("meta", Value("profile", CoreStructureDefinitions + "be-practitionerrole")),
                Reference("practitioner", practitionerUrl),
                a.ProviderQualification.Length == 0 ? null : El("code", Coding(HcPartySystem, a.ProviderQualification)))),
            Entry(practitionerUrl, El("Practitioner",
                Value("id", "Practitioner1"),
                El("meta", Value("profile", CoreStructureDefinitions + "be-practitioner")),
                El("identifier", Value("system", NihdiSystem), Value("value", a.ProviderNihii)))),
            Entry(patientUrl, El("Patient",
                Value("id", "Patient1"),
                El("meta", Value("profile", CoreStructureDefinitions + "be-patient")),
                El("identifier", Value("system", SsinSystem), Value("value", a.MemberNiss)))),
            Entry(claimUrl, Claim(a, patientUrl, roleUrl)));
        return Serialize(new XDocument(new XDeclaration("1.0", "UTF-8", null), bundle));
    }

    public static byte[] WriteBytes(EAttestAttestation a) => Encoding.UTF8.GetBytes(Write(a));

    private static XElement Claim(EAttestAttestation a, string patientUrl, string roleUrl) => El("Claim",
        Value("id", a.AttestationId),
        El("meta", Value("profile", StructureDefinitions + "be-eattestation-claim")),
        a.Supplement is { } s ? Supplement(SupplementUrl, s) : null,
        Value("status", "active"),
        El("type", Coding("http://terminology.hl7.org/CodeSystem/claim-type", "professional")),
        El("subType", Coding(AttestationTypeSystem, a.AttestationType)),
        Value("use", "claim"),
        Reference("patient", patientUrl),
        Value("created", Format(a)),
        Reference("provider", roleUrl),
        El("priority", Coding("http://terminology.hl7.org/CodeSystem/processpriority", "stat")),
        El("insurance", Value("sequence", "1"), Value("focal", "true"),
            El("coverage", Value("display", "use of mandatory insurance coverage, no further details provided here."))),
        a.Lines.Select(Item),
        MoneyElement("total", a.Total));

    private static XElement Item(EAttestLine l) => El("item",
        l.Supplement is { } s ? Supplement(ItemSupplementUrl, s) : null,
        Value("sequence", l.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        El("productOrService", Coding(NomenclatureSystem, l.NomenclatureCode.ToString("000000"))),
        Value("servicedDate", LocalDatePattern.Iso.Format(l.ServiceDate)),
        El("quantity", Value("value", l.Units.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        l.UnitPrice is { } p ? MoneyElement("unitPrice", p) : null,
        MoneyElement("net", l.Fee));

    private static XElement Supplement(string url, Money amount) =>
        El("extension", new XAttribute("url", url), MoneyElement("valueMoney", amount));

    private static XElement Entry(string fullUrl, XElement resource) =>
        El("entry", Value("fullUrl", fullUrl), El("resource", resource));

    private static string Format(EAttestAttestation a) => Fhir.DateTime.Format(a.Created);

    private static string EntryUrn(EAttestAttestation a, string role) => Urn(a.AttestationId + "|" + role);

    private static string Serialize(XDocument doc) => Encoding.UTF8.GetString(SerializeBytes(doc));
}
