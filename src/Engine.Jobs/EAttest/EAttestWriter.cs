using System.Security.Cryptography;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Engine.Core.Money;
using NodaTime.Text;
using static Engine.Jobs.EAttest.Fhir;

namespace Engine.Jobs.EAttest;

/// <summary>
/// Writes an attestation as an hl7-be eAttest create request (FHIR Bundle, XML), in the shape of the hl7-be example
/// "eAttestCreateRequest ex01": MessageHeader, PractitionerRole, Practitioner, Patient, Claim with its items and total.
/// The entries' urn:uuid are derived from the attestation id, so the same attestation always gives the same bytes.
/// </summary>
public static class EAttestWriter
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

    internal static XElement MoneyElement(string name, Money amount) =>
        El(name, Value("value", amount.ToString()), Value("currency", "EUR"));

    private static XElement Entry(string fullUrl, XElement resource) =>
        El("entry", Value("fullUrl", fullUrl), El("resource", resource));

    private static string Format(EAttestAttestation a) => Fhir.DateTime.Format(a.Created);

    /// <summary>
    /// The urn:uuid (fullUrl) of an entry, fixed by the attestation id and the entry's role: "header", "role",
    /// "practitioner", "patient" or "claim" (SHA-256, shaped as a version-4 UUID).
    /// </summary>
    public static string EntryUrn(EAttestAttestation a, string role) => Urn(a.AttestationId + "|" + role);

    /// <summary>One hasher a thread, reset by each use: a one-shot SHA256.HashData sets a new digest up every call, which
    /// for these few bytes costs more than the hashing (an answer takes five).</summary>
    [ThreadStatic] private static IncrementalHash? _urnHash;

    internal static string Urn(string seed)
    {
        var hasher = _urnHash ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hasher.AppendData(Encoding.UTF8.GetBytes(seed));
        var h = hasher.GetHashAndReset();
        h[6] = (byte)((h[6] & 0x0F) | 0x40);
        h[8] = (byte)((h[8] & 0x3F) | 0x80);
        return "urn:uuid:" + new Guid(h.AsSpan(0, 16), bigEndian: true).ToString("D");
    }

    internal static string Serialize(XDocument doc) => Encoding.UTF8.GetString(SerializeBytes(doc));

    private static readonly XmlWriterSettings Settings = new() { Indent = true, IndentChars = "  ", NewLineChars = "\n", Encoding = new UTF8Encoding(false) };

    /// <summary>The document as UTF-8 without a byte order mark, indented by two spaces, lines ended by \n.</summary>
    internal static byte[] SerializeBytes(XDocument doc)
    {
        using var stream = new MemoryStream(8192);
        using (var writer = XmlWriter.Create(stream, Settings)) doc.Save(writer);
        return stream.ToArray();
    }
}
