using System.Xml.Linq;
using NodaTime.Text;

namespace Engine.Jobs.Tests.EAttest.Oracle;

/// <summary>The XDocument helpers the oracles were written with (the reader's and the answer writer's before they left XDocument).</summary>
internal static class XFhir
{
    public static readonly XNamespace Ns = "http://hl7.org/fhir";

    public const string NihdiSystem = "https://www.ehealth.fgov.be/standards/fhir/core/NamingSystem/nihdi";
    public const string SsinSystem = "https://www.ehealth.fgov.be/standards/fhir/core/NamingSystem/ssin";
    public const string CbeSystem = "https://www.ehealth.fgov.be/standards/fhir/core/NamingSystem/cbe";
    public const string InsuranceNumberSystem = "https://www.ehealth.fgov.be/standards/fhir/core/NamingSystem/insurancenumber";
    public const string NomenclatureSystem = "https://www.ehealth.fgov.be/standards/fhir/core/NamingSystem/be-ns-nihdi-nomenclature";
    public const string HcPartySystem = "https://www.ehealth.fgov.be/standards/fhir/core/CodeSystem/cd-hcparty";
    public const string EventSystem = "https://www.ehealth.fgov.be/standards/fhir/mycarenet/CodeSystem/message-events";
    public const string AttestationTypeSystem = "https://www.ehealth.fgov.be/standards/fhir/mycarenet/CodeSystem/be-cs-eattestation-types";
    public const string DecisionSystem = "https://www.ehealth.fgov.be/standards/fhir/mycarenet/CodeSystem/decision-values";
    public const string AttestationIdSystem = "https://www.mycarenet.be/eattest";
    public const string SupplementUrl = "https://www.ehealth.fgov.be/standards/fhir/mycarenet/StructureDefinition/be-ext-eattestation-supplement";
    public const string ItemSupplementUrl = "https://www.ehealth.fgov.be/standards/fhir/mycarenet/StructureDefinition/be-ext-eattestation-item-supplement";
    public const string StructureDefinitions = "https://www.ehealth.fgov.be/standards/fhir/mycarenet/StructureDefinition/";
    public const string CoreStructureDefinitions = "https://www.ehealth.fgov.be/standards/fhir/core/StructureDefinition/";

    /// <summary>FHIR dateTime with seconds and offset: 2015-07-14T11:15:30+02:00 (Z for UTC), fractions optional.</summary>
    public static readonly OffsetDateTimePattern DateTime =
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss;FFFFFFFFFo<Z+HH:mm>");

    public static XElement? Child(this XElement? e, string name) => e?.Element(Ns + name);

    public static IEnumerable<XElement> Children(this XElement? e, string name) => e?.Elements(Ns + name) ?? [];

    public static string? Value(this XElement? e) => e?.Attribute("value")?.Value;

    /// <summary>The element's place in the message: names, with [n] where a name repeats among siblings.</summary>
    public static string Path(XElement? e)
    {
        if (e is null) return "Bundle";
        var parts = new List<string>();
        for (var x = e; x is not null; x = x.Parent)
        {
            var same = x.Parent?.Elements(x.Name).ToList();
            parts.Add(same is { Count: > 1 } ? $"{x.Name.LocalName}[{same.IndexOf(x) + 1}]" : x.Name.LocalName);
        }
        parts.Reverse();
        return string.Join("/", parts);
    }

    public static string PathOf(XElement parent, string child) => Path(parent) + "/" + child;

    /// <summary>An identifier's value for a naming system (system compared exactly, or by its last path segment).</summary>
    public static XElement? Identifier(XElement? resource, string system)
    {
        var tail = system[(system.LastIndexOf('/') + 1)..];
        return resource.Children("identifier").FirstOrDefault(i =>
            i.Child("system").Value() is { } s && (s == system || s.EndsWith("/" + tail, StringComparison.Ordinal)));
    }

    public static XElement Value(string name, string value) => new(Ns + name, new XAttribute("value", Safe(value)));

    /// <summary>Text that XML can hold: characters XML forbids (control characters, lone surrogates) become '?'.</summary>
    public static string Safe(string s) =>
        s.All(System.Xml.XmlConvert.IsXmlChar) ? s : new string(s.Select(c => System.Xml.XmlConvert.IsXmlChar(c) ? c : '?').ToArray());

    public static XElement El(string name, params object?[] content) => new(Ns + name, content);

    public static XElement Coding(string system, string code) => El("coding", Value("system", system), Value("code", code));

    public static XElement Reference(string name, string reference) => El(name, Value("reference", reference));

    public static XElement MoneyElement(string name, Engine.Core.Money.Money amount) =>
        El(name, Value("value", amount.ToString()), Value("currency", "EUR"));

    public static string Urn(string seed)
    {
        var h = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed));
        h[6] = (byte)((h[6] & 0x0F) | 0x40);
        h[8] = (byte)((h[8] & 0x3F) | 0x80);
        return "urn:uuid:" + new Guid(h.AsSpan(0, 16), bigEndian: true).ToString("D");
    }

    private static readonly System.Xml.XmlWriterSettings Settings = new()
    {
        Indent = true, IndentChars = "  ", NewLineChars = "\n", Encoding = new System.Text.UTF8Encoding(false),
    };

    public static byte[] SerializeBytes(XDocument doc)
    {
        using var stream = new MemoryStream(8192);
        using (var writer = System.Xml.XmlWriter.Create(stream, Settings)) doc.Save(writer);
        return stream.ToArray();
    }
}
