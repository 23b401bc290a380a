using System.Globalization;
using System.Security.Cryptography;
using System.Text;
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
    public static string Write(EAttestAttestation a) => Encoding.UTF8.GetString(WriteBytes(a));

    /// <summary>The message as UTF-8 bytes (no byte order mark), written straight to bytes: through an XDocument it
    /// allocated about 55 KB a message and was half of the demo's generation.</summary>
    public static byte[] WriteBytes(EAttestAttestation a)
    {
        var headerUrl = EntryUrn(a, "header");
        var roleUrl = EntryUrn(a, "role");
        var practitionerUrl = EntryUrn(a, "practitioner");
        var patientUrl = EntryUrn(a, "patient");
        var claimUrl = EntryUrn(a, "claim");
        var created = Fhir.DateTime.Format(a.Created);

        var w = FhirXmlBytes.Start();
        w.StartElement("Bundle");
        w.Value("id", "eattest-" + a.AttestationId);
        Profile(w, StructureDefinitions + "be-eattestation-request");
        w.Value("type", "message");
        w.Value("timestamp", created);

        StartEntry(w, headerUrl, "MessageHeader");
        w.Value("id", a.MessageId);
        Profile(w, StructureDefinitions + "be-messageheader");
        w.StartElement("eventCoding");
        w.Value("system", EventSystem);
        w.Value("code", "eattest-create");
        w.EndElement();
        w.StartElement("destination");
        w.Value("name", "MyCareNet");
        w.Value("endpoint", "MyCareNet");
        w.EndElement();
        Reference(w, "sender", roleUrl);
        w.StartElement("source");
        w.Value("endpoint", roleUrl);
        w.EndElement();
        Reference(w, "focus", claimUrl);
        EndEntry(w);

        StartEntry(w, roleUrl, "PractitionerRole");
        w.Value("id", "PractitionerRole1");
        Profile(w, CoreStructureDefinitions + "be-practitionerrole");
        Reference(w, "practitioner", practitionerUrl);
        if (a.ProviderQualification.Length > 0)
        {
            w.StartElement("code");
            Coding(w, HcPartySystem, a.ProviderQualification);
            w.EndElement();
        }
        EndEntry(w);

        StartEntry(w, practitionerUrl, "Practitioner");
        w.Value("id", "Practitioner1");
        Profile(w, CoreStructureDefinitions + "be-practitioner");
        Identifier(w, NihdiSystem, a.ProviderNihii);
        EndEntry(w);

        StartEntry(w, patientUrl, "Patient");
        w.Value("id", "Patient1");
        Profile(w, CoreStructureDefinitions + "be-patient");
        Identifier(w, SsinSystem, a.MemberNiss);
        EndEntry(w);

        StartEntry(w, claimUrl, "Claim");
        Claim(w, a, created, patientUrl, roleUrl);
        EndEntry(w);
        w.EndElement();
        return w.Finish();
    }

    private static void Claim(FhirXmlBytes w, EAttestAttestation a, string created, string patientUrl, string roleUrl)
    {
        w.Value("id", a.AttestationId);
        Profile(w, StructureDefinitions + "be-eattestation-claim");
        if (a.Supplement is { } s) Supplement(w, SupplementUrl, s);
        w.Value("status", "active");
        w.StartElement("type");
        Coding(w, "http://terminology.hl7.org/CodeSystem/claim-type", "professional");
        w.EndElement();
        w.StartElement("subType");
        Coding(w, AttestationTypeSystem, a.AttestationType);
        w.EndElement();
        w.Value("use", "claim");
        Reference(w, "patient", patientUrl);
        w.Value("created", created);
        Reference(w, "provider", roleUrl);
        w.StartElement("priority");
        Coding(w, "http://terminology.hl7.org/CodeSystem/processpriority", "stat");
        w.EndElement();
        w.StartElement("insurance");
        w.Value("sequence", "1");
        w.Value("focal", "true");
        w.StartElement("coverage");
        w.Value("display", "use of mandatory insurance coverage, no further details provided here.");
        w.EndElement();
        w.EndElement();
        foreach (var l in a.Lines) Item(w, l);
        MoneyElement(w, "total", a.Total);
    }

    private static void Item(FhirXmlBytes w, EAttestLine l)
    {
        w.StartElement("item");
        if (l.Supplement is { } s) Supplement(w, ItemSupplementUrl, s);
        w.Value("sequence", l.Sequence.ToString(CultureInfo.InvariantCulture));
        w.StartElement("productOrService");
        Coding(w, NomenclatureSystem, l.NomenclatureCode.ToString("000000", CultureInfo.InvariantCulture));
        w.EndElement();
        w.Value("servicedDate", LocalDatePattern.Iso.Format(l.ServiceDate));
        w.StartElement("quantity");
        w.Value("value", l.Units.ToString(CultureInfo.InvariantCulture));
        w.EndElement();
        if (l.UnitPrice is { } p) MoneyElement(w, "unitPrice", p);
        MoneyElement(w, "net", l.Fee);
        w.EndElement();
    }

    private static void Supplement(FhirXmlBytes w, string url, Money amount)
    {
        w.StartElement("extension");
        w.Attribute("url", url);
        MoneyElement(w, "valueMoney", amount);
        w.EndElement();
    }

    private static void MoneyElement(FhirXmlBytes w, string name, Money amount)
    {
        w.StartElement(name);
        w.Value("value", amount.ToString());
        w.Value("currency", "EUR");
        w.EndElement();
    }

    private static void Identifier(FhirXmlBytes w, string system, string value)
    {
        w.StartElement("identifier");
        w.Value("system", system);
        w.Value("value", value);
        w.EndElement();
    }

    private static void Profile(FhirXmlBytes w, string profile)
    {
        w.StartElement("meta");
        w.Value("profile", profile);
        w.EndElement();
    }

    private static void Coding(FhirXmlBytes w, string system, string code)
    {
        w.StartElement("coding");
        w.Value("system", system);
        w.Value("code", code);
        w.EndElement();
    }

    private static void Reference(FhirXmlBytes w, string name, string reference)
    {
        w.StartElement(name);
        w.Value("reference", reference);
        w.EndElement();
    }

    private static void StartEntry(FhirXmlBytes w, string fullUrl, string resource)
    {
        w.StartElement("entry");
        w.Value("fullUrl", fullUrl);
        w.StartElement("resource");
        w.StartElement(resource);
    }

    private static void EndEntry(FhirXmlBytes w)
    {
        w.EndElement();
        w.EndElement();
        w.EndElement();
    }

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
}
