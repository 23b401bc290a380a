using System.Xml.Linq;
using NodaTime;
using NodaTime.Text;
using Engine.Jobs.EAttest;
using static Engine.Jobs.Tests.EAttest.Oracle.XFhir;
using Fhir = Engine.Jobs.Tests.EAttest.Oracle.XFhir;

namespace Engine.Jobs.Tests.EAttest.Oracle;

/// <summary>The answer writer as it was over an XDocument: kept as the oracle the answer must match byte for byte.</summary>
internal static class XDocumentEAttestAnswerWriter
{
    public static string Write(EAttestReadResult result, EAttestAnswerContext context) => System.Text.Encoding.UTF8.GetString(WriteBytes(result, context));

    /// <summary>The answer as the UTF-8 bytes written to the outbox (no byte order mark): <see cref="Write"/> without the
    /// round trip through a string that the import would encode again.</summary>
    public static byte[] WriteBytes(EAttestReadResult result, EAttestAnswerContext context)
    {
        var seed = result.ContentSha256;
        var insurerUrl = Fhir.Urn(seed + "|insurer");
        var responseUrl = Fhir.Urn(seed + "|claimresponse");
        var outcomeUrl = Fhir.Urn(seed + "|outcome");
        var headerUrl = Fhir.Urn(seed + "|header");
        var timestamp = Fhir.DateTime.Format(context.AnsweredAt);
        var rejected = result.Status == EAttestStatus.Rejected;
        var outcome = result.Status switch { EAttestStatus.Accepted => "complete", EAttestStatus.PartlyAccepted => "partial", _ => "error" };
        var eventCode = result.Kind == EAttestMessageKind.Cancel ? "eattestresponse-cancel" : "eattestresponse-create";
        var rejections = result.AllRejections.ToList();

        var bundle = El("Bundle",
            Value("id", "eattest-response-" + context.AttestationNumber),
            El("meta", Value("profile", StructureDefinitions + "be-eattestation-response")),
            Value("type", "message"),
            Value("timestamp", timestamp),
            Entry(headerUrl, El("MessageHeader",
                Value("id", headerUrl["urn:uuid:".Length..]),
                El("meta", Value("profile", StructureDefinitions + "be-messageheader")),
                El("eventCoding", Value("system", EventSystem), Value("code", eventCode)),
                El("source", Value("endpoint", insurerUrl)),
                El("response",
                    Value("identifier", result.MessageId ?? ""),
                    Value("code", rejected ? "fatal-error" : "ok"),
                    rejections.Count > 0 ? Reference("details", outcomeUrl) : null),
                Reference("focus", responseUrl))),
            Entry(insurerUrl, El("Organization",
                Value("id", "OrganizationIO1"),
                El("identifier", Value("system", InsuranceNumberSystem), Value("value", context.InsurerNumber)),
                Value("name", context.InsurerName))),
            Entry(responseUrl, ClaimResponse(result, context, outcome, insurerUrl)),
            rejections.Count == 0 ? null : Entry(outcomeUrl, El("OperationOutcome",
                Value("id", "OperationOutcome1"),
                rejections.Select(r => El("issue",
                    Value("severity", "error"),
                    Value("code", r.Code switch
                    {
                        EAttestReasons.NotXml or EAttestReasons.NotEAttest => "structure",
                        EAttestReasons.TooLarge => "too-costly",
                        _ => "invalid",
                    }),
                    El("details", Coding("https://www.ehealth.fgov.be/standards/fhir/mycarenet/CodeSystem/eattest-reasons", r.Code)),
                    Value("diagnostics", r.Reason),
                    Value("expression", r.Element))))));
        return Fhir.SerializeBytes(new XDocument(new XDeclaration("1.0", "UTF-8", null), bundle));
    }

    private static XElement ClaimResponse(EAttestReadResult result, EAttestAnswerContext context, string outcome, string insurerUrl)
    {
        var a = result.Attestation;
        return El("ClaimResponse",
            Value("id", "ClaimResponse1"),
            El("meta", Value("profile", StructureDefinitions + "be-eattestation-claimresponse")),
            El("identifier", Value("system", AttestationIdSystem),
                Value("value", result.Kind == EAttestMessageKind.Cancel ? result.CancelledAttestationId ?? "" : context.AttestationNumber)),
            Value("status", "active"),
            El("type", Coding("http://terminology.hl7.org/CodeSystem/claim-type", "professional")),
            a is null ? null : El("subType", Coding(AttestationTypeSystem, a.AttestationType)),
            Value("use", "claim"),
            a is null ? null : Value("created", Fhir.DateTime.Format(a.Created)),
            Reference("insurer", insurerUrl),
            Value("outcome", outcome),
            result.Lines.Select(l => l.Line is null ? UnreadItem(l) : AddItem(l, result.Status == EAttestStatus.Rejected)));
    }

    /// <summary>An item that could not be read (an amount or a date that is none): refused by itself, with its reasons.</summary>
    private static XElement UnreadItem(EAttestReadLine l)
    {
        var sequence = l.Sequence > 0 ? l.Sequence : l.Rejections.Select(r => r.ItemSequence).FirstOrDefault(s => s is not null) ?? 0;
        return El("addItem",
            Value("itemSequence", sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            El("adjudication",
                El("category", Coding(DecisionSystem, "refused")),
                El("reason", Value("text", string.Join("; ", l.Rejections.Select(r => r.Reason))))));
    }

    private static XElement AddItem(EAttestReadLine l, bool allRefused)
    {
        var line = l.Line!;
        var accepted = !allRefused && l.IsAccepted;
        return El("addItem",
            Value("itemSequence", line.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            El("productOrService", Coding(NomenclatureSystem, line.NomenclatureCode.ToString("000000"))),
            Value("servicedDate", LocalDatePattern.Iso.Format(line.ServiceDate)),
            El("quantity", Value("value", line.Units.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            line.UnitPrice is { } p ? Fhir.MoneyElement("unitPrice", p) : null,
            Fhir.MoneyElement("net", line.Fee),
            El("adjudication",
                El("category", Coding(DecisionSystem, accepted ? "intreatment" : "refused")),
                accepted || l.Rejections.Count == 0 ? null : El("reason", Value("text", string.Join("; ", l.Rejections.Select(r => r.Reason))))));
    }

    private static XElement Entry(string fullUrl, XElement resource) =>
        El("entry", Value("fullUrl", fullUrl), El("resource", resource));
}
