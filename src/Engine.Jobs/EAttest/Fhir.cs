using NodaTime.Text;

namespace Engine.Jobs.EAttest;

/// <summary>Small helpers over the FHIR XML form: every primitive sits in a value attribute.</summary>
internal static class Fhir
{
    public const string NamespaceName = "http://hl7.org/fhir";

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

    /// <summary>An identifier's value for a naming system (system compared exactly, or by its last path segment).</summary>
    public static FhirNode Identifier(FhirNode resource, string system)
    {
        var tail = system[(system.LastIndexOf('/') + 1)..];
        foreach (var i in resource.Children("identifier"))
            if (i.Child("system").Value is { } s && (s == system || s.EndsWith("/" + tail, StringComparison.Ordinal))) return i;
        return default;
    }

    /// <summary>Text that XML can hold: characters XML forbids (control characters, lone surrogates) become '?'.</summary>
    public static string Safe(string s) =>
        // Every character from space to U+D7FF is one XML allows: most text is only those, and is looked at all at once.
        !s.AsSpan().ContainsAnyExceptInRange(' ', '\uD7FF') || s.All(System.Xml.XmlConvert.IsXmlChar) ? s
            : new string(s.Select(c => System.Xml.XmlConvert.IsXmlChar(c) ? c : '?').ToArray());
}
