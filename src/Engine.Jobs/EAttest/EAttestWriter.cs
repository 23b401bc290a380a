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
        w.Profile(StructureDefinitions + "be-eattestation-request");
        w.Value("type", "message");
        w.Value("timestamp", created);

        w.StartEntry(headerUrl, "MessageHeader");
        w.Value("id", a.MessageId);
        w.Profile(StructureDefinitions + "be-messageheader");
        w.StartElement("eventCoding");
        w.Value("system", EventSystem);
        w.Value("code", "eattest-create");
        w.EndElement();
        w.StartElement("destination");
        w.Value("name", "MyCareNet");
        w.Value("endpoint", "MyCareNet");
        w.EndElement();
        w.Reference("sender", roleUrl);
        w.StartElement("source");
        w.Value("endpoint", roleUrl);
        w.EndElement();
        w.Reference("focus", claimUrl);
        w.EndEntry();

        w.StartEntry(roleUrl, "PractitionerRole");
        w.Value("id", "PractitionerRole1");
        w.Profile(CoreStructureDefinitions + "be-practitionerrole");
        w.Reference("practitioner", practitionerUrl);
        if (a.ProviderQualification.Length > 0)
        {
            w.StartElement("code");
            w.Coding(HcPartySystem, a.ProviderQualification);
            w.EndElement();
        }
        w.EndEntry();

        w.StartEntry(practitionerUrl, "Practitioner");
        w.Value("id", "Practitioner1");
        w.Profile(CoreStructureDefinitions + "be-practitioner");
        w.Identifier(NihdiSystem, a.ProviderNihii);
        w.EndEntry();

        w.StartEntry(patientUrl, "Patient");
        w.Value("id", "Patient1");
        w.Profile(CoreStructureDefinitions + "be-patient");
        w.Identifier(SsinSystem, a.MemberNiss);
        w.EndEntry();

        w.StartEntry(claimUrl, "Claim");
        Claim(w, a, created, patientUrl, roleUrl);
        w.EndEntry();
        w.EndElement();
        return w.Finish();
    }

    private static void Claim(FhirXmlBytes w, EAttestAttestation a, string created, string patientUrl, string roleUrl)
    {
        w.Value("id", a.AttestationId);
        w.Profile(StructureDefinitions + "be-eattestation-claim");
        if (a.Supplement is { } s) Supplement(w, SupplementUrl, s);
        w.Value("status", "active");
        w.StartElement("type");
        w.Coding("http://terminology.hl7.org/CodeSystem/claim-type", "professional");
        w.EndElement();
        w.StartElement("subType");
        w.Coding(AttestationTypeSystem, a.AttestationType);
        w.EndElement();
        w.Value("use", "claim");
        w.Reference("patient", patientUrl);
        w.Value("created", created);
        w.Reference("provider", roleUrl);
        w.StartElement("priority");
        w.Coding("http://terminology.hl7.org/CodeSystem/processpriority", "stat");
        w.EndElement();
        w.StartElement("insurance");
        w.Value("sequence", "1");
        w.Value("focal", "true");
        w.StartElement("coverage");
        w.Value("display", "use of mandatory insurance coverage, no further details provided here.");
        w.EndElement();
        w.EndElement();
        foreach (var l in a.Lines) Item(w, l);
        w.Amount("total", a.Total);
    }

    private static void Item(FhirXmlBytes w, EAttestLine l)
    {
        w.StartElement("item");
        if (l.Supplement is { } s) Supplement(w, ItemSupplementUrl, s);
        w.Value("sequence", l.Sequence.ToString(CultureInfo.InvariantCulture));
        w.Service(l.NomenclatureCode, l.ServiceDate, l.Units, l.UnitPrice, l.Fee);
        w.EndElement();
    }

    private static void Supplement(FhirXmlBytes w, string url, Money amount)
    {
        w.StartElement("extension");
        w.Attribute("url", url);
        w.Amount("valueMoney", amount);
        w.EndElement();
    }

    /// <summary>
    /// The urn:uuid (fullUrl) of an entry, fixed by the attestation id and the entry's role: "header", "role",
    /// "practitioner", "patient" or "claim" (SHA-256, shaped as a version-4 UUID).
    /// </summary>
    public static string EntryUrn(EAttestAttestation a, string role) => Urn(a.AttestationId, role);

    /// <summary>One hasher a thread, reset by each use: a one-shot SHA256.HashData sets a new digest up every call, which
    /// for these few bytes costs more than the hashing (an answer takes five).</summary>
    [ThreadStatic] private static IncrementalHash? _urnHash;

    internal static string Urn(string seed)
    {
        var hasher = _urnHash ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hasher.AppendData(Encoding.UTF8.GetBytes(seed));
        return Urn(hasher);
    }

    /// <summary><c>Urn(seed + "|" + role)</c>, hashed from the parts without the strings and arrays between (an answer
    /// takes four).</summary>
    internal static string Urn(string seed, string role)
    {
        var hasher = _urnHash ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hasher, seed);
        hasher.AppendData("|"u8);
        Append(hasher, role);
        return Urn(hasher);
    }

    /// <summary>The UTF-8 bytes of <paramref name="text"/> (a character it cannot encode as Encoding.UTF8 replaces it).</summary>
    private static void Append(IncrementalHash hasher, string text)
    {
        if (text.Length > 256)
        {
            hasher.AppendData(Encoding.UTF8.GetBytes(text));
            return;
        }
        Span<byte> bytes = stackalloc byte[256 * 3];
        hasher.AppendData(bytes[..Encoding.UTF8.GetBytes(text, bytes)]);
    }

    private static string Urn(IncrementalHash hasher)
    {
        Span<byte> h = stackalloc byte[32];
        hasher.GetHashAndReset(h);
        h[6] = (byte)((h[6] & 0x0F) | 0x40);
        h[8] = (byte)((h[8] & 0x3F) | 0x80);
        return "urn:uuid:" + new Guid(h[..16], bigEndian: true).ToString("D");
    }
}
