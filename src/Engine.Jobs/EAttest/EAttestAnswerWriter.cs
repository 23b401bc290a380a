using System.Globalization;
using Engine.Core.Money;
using NodaTime;
using NodaTime.Text;
using static Engine.Jobs.EAttest.Fhir;

namespace Engine.Jobs.EAttest;

/// <summary>Who answers and with which attestation number.</summary>
/// <param name="InsurerNumber">The insurer's number (insurancenumber naming system), e.g. "300".</param>
/// <param name="InsurerName">Its name.</param>
/// <param name="AttestationNumber">The number the insurer gives the attestation (ClaimResponse.identifier).</param>
/// <param name="AnsweredAt">When the answer is made (the answer's timestamp; passed in, no clock is read).</param>
public sealed record EAttestAnswerContext(string InsurerNumber, string InsurerName, string AttestationNumber, OffsetDateTime AnsweredAt);

/// <summary>
/// Writes the answer to an eAttest message, in the shape of the hl7-be example "eAttestCreateResponse ex02": a Bundle
/// with a MessageHeader (eattestresponse-create, response to the request's MessageHeader id, code ok or fatal-error),
/// the insurer's Organization, and a ClaimResponse (outcome complete / partial / error, one addItem per item with its
/// decision). Refusal reasons go in an OperationOutcome, one issue per rejection naming the element.
/// Decision codes: "intreatment" (the example's code, the item is taken in) and "refused" (this engine's own code).
/// </summary>
public static class EAttestAnswerWriter
{
    public static string Write(EAttestReadResult result, EAttestAnswerContext context) => System.Text.Encoding.UTF8.GetString(WriteBytes(result, context));

    /// <summary>The answer as the UTF-8 bytes written to the outbox (no byte order mark), written straight to bytes: through
    /// an XDocument it allocated 33 KB an answer and took about as long as reading the message.</summary>
    public static byte[] WriteBytes(EAttestReadResult result, EAttestAnswerContext context)
    {
        var seed = result.ContentSha256;
        var insurerUrl = EAttestWriter.Urn(seed, "insurer");
        var responseUrl = EAttestWriter.Urn(seed, "claimresponse");
        var outcomeUrl = EAttestWriter.Urn(seed, "outcome");
        var headerUrl = EAttestWriter.Urn(seed, "header");
        var timestamp = Fhir.DateTime.Format(context.AnsweredAt);
        var rejected = result.Status == EAttestStatus.Rejected;
        var outcome = result.Status switch { EAttestStatus.Accepted => "complete", EAttestStatus.PartlyAccepted => "partial", _ => "error" };
        var eventCode = result.Kind == EAttestMessageKind.Cancel ? "eattestresponse-cancel" : "eattestresponse-create";
        var rejections = result.AllRejections.ToList();

        var w = FhirXmlBytes.Start();
        w.StartElement("Bundle");
        w.Value("id", "eattest-response-" + context.AttestationNumber);
        w.Profile(StructureDefinitions + "be-eattestation-response");
        w.Value("type", "message");
        w.Value("timestamp", timestamp);

        w.StartEntry(headerUrl, "MessageHeader");
        w.Value("id", headerUrl["urn:uuid:".Length..]);
        w.Profile(StructureDefinitions + "be-messageheader");
        w.StartElement("eventCoding");
        w.Value("system", EventSystem);
        w.Value("code", eventCode);
        w.EndElement();
        w.StartElement("source");
        w.Value("endpoint", insurerUrl);
        w.EndElement();
        w.StartElement("response");
        w.Value("identifier", result.MessageId ?? "");
        w.Value("code", rejected ? "fatal-error" : "ok");
        if (rejections.Count > 0) w.Reference("details", outcomeUrl);
        w.EndElement();
        w.Reference("focus", responseUrl);
        w.EndEntry();

        w.StartEntry(insurerUrl, "Organization");
        w.Value("id", "OrganizationIO1");
        w.StartElement("identifier");
        w.Value("system", InsuranceNumberSystem);
        w.Value("value", context.InsurerNumber);
        w.EndElement();
        w.Value("name", context.InsurerName);
        w.EndEntry();

        w.StartEntry(responseUrl, "ClaimResponse");
        ClaimResponse(w, result, context, outcome, insurerUrl);
        w.EndEntry();

        if (rejections.Count > 0)
        {
            w.StartEntry(outcomeUrl, "OperationOutcome");
            w.Value("id", "OperationOutcome1");
            foreach (var r in rejections)
            {
                w.StartElement("issue");
                w.Value("severity", "error");
                w.Value("code", r.Code switch
                {
                    EAttestReasons.NotXml or EAttestReasons.NotEAttest => "structure",
                    EAttestReasons.TooLarge => "too-costly",
                    _ => "invalid",
                });
                w.StartElement("details");
                w.Coding("https://www.ehealth.fgov.be/standards/fhir/mycarenet/CodeSystem/eattest-reasons", r.Code);
                w.EndElement();
                w.Value("diagnostics", r.Reason);
                w.Value("expression", r.Element);
                w.EndElement();
            }
            w.EndEntry();
        }
        w.EndElement();
        return w.Finish();
    }

    private static void ClaimResponse(FhirXmlBytes w, EAttestReadResult result, EAttestAnswerContext context, string outcome, string insurerUrl)
    {
        var a = result.Attestation;
        w.Value("id", "ClaimResponse1");
        w.Profile(StructureDefinitions + "be-eattestation-claimresponse");
        w.StartElement("identifier");
        w.Value("system", AttestationIdSystem);
        w.Value("value", result.Kind == EAttestMessageKind.Cancel ? result.CancelledAttestationId ?? "" : context.AttestationNumber);
        w.EndElement();
        w.Value("status", "active");
        w.StartElement("type");
        w.Coding("http://terminology.hl7.org/CodeSystem/claim-type", "professional");
        w.EndElement();
        if (a is not null)
        {
            w.StartElement("subType");
            w.Coding(AttestationTypeSystem, a.AttestationType);
            w.EndElement();
        }
        w.Value("use", "claim");
        if (a is not null) w.Value("created", Fhir.DateTime.Format(a.Created));
        w.Reference("insurer", insurerUrl);
        w.Value("outcome", outcome);
        foreach (var l in result.Lines)
            if (l.Line is null) UnreadItem(w, l);
            else AddItem(w, l, result.Status == EAttestStatus.Rejected);
    }

    /// <summary>An item that could not be read (an amount or a date that is none): refused by itself, with its reasons.</summary>
    private static void UnreadItem(FhirXmlBytes w, EAttestReadLine l)
    {
        var sequence = l.Sequence > 0 ? l.Sequence : l.Rejections.Select(r => r.ItemSequence).FirstOrDefault(s => s is not null) ?? 0;
        w.StartElement("addItem");
        w.Value("itemSequence", sequence.ToString(CultureInfo.InvariantCulture));
        w.StartElement("adjudication");
        w.StartElement("category");
        w.Coding(DecisionSystem, "refused");
        w.EndElement();
        w.StartElement("reason");
        w.Value("text", string.Join("; ", l.Rejections.Select(r => r.Reason)));
        w.EndElement();
        w.EndElement();
        w.EndElement();
    }

    private static void AddItem(FhirXmlBytes w, EAttestReadLine l, bool allRefused)
    {
        var line = l.Line!;
        var accepted = !allRefused && l.IsAccepted;
        w.StartElement("addItem");
        w.Value("itemSequence", line.Sequence.ToString(CultureInfo.InvariantCulture));
        w.Service(line.NomenclatureCode, line.ServiceDate, line.Units, line.UnitPrice, line.Fee);
        w.StartElement("adjudication");
        w.StartElement("category");
        w.Coding(DecisionSystem, accepted ? "intreatment" : "refused");
        w.EndElement();
        if (!accepted && l.Rejections.Count > 0)
        {
            w.StartElement("reason");
            w.Value("text", string.Join("; ", l.Rejections.Select(r => r.Reason)));
            w.EndElement();
        }
        w.EndElement();
        w.EndElement();
    }
}
