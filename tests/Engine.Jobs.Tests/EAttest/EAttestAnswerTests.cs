using System.Text;
using System.Xml.Linq;
using Engine.Jobs.EAttest;
using NodaTime;

namespace Engine.Jobs.Tests.EAttest;

public class EAttestAnswerTests
{
    private static readonly XNamespace F = "http://hl7.org/fhir";
    private static readonly EAttestAnswerContext Us =
        new("300", "Union test", "300-2024-000042", new LocalDateTime(2024, 3, 6, 9, 0).WithOffset(Offset.FromHours(1)));

    private static XElement Answer(string xml) =>
        XDocument.Parse(EAttestAnswerWriter.Write(EAttestReader.Read("a.xml", Encoding.UTF8.GetBytes(xml)), Us)).Root!;

    private static string V(XElement? e) => e?.Attribute("value")?.Value ?? "";

    [Fact]
    public void An_accepted_attestation_is_answered_complete_with_every_item_taken_in()
    {
        var root = Answer(EAttestWriter.Write(EAttestSamples.Physio()));
        var header = root.Descendants(F + "MessageHeader").Single();
        Assert.Equal("eattestresponse-create", V(header.Element(F + "eventCoding")!.Element(F + "code")));
        Assert.Equal(("6f1d3c1e-2f6b-4f59-9b1a-3a0c2b9b7e11", "ok"),
            (V(header.Element(F + "response")!.Element(F + "identifier")), V(header.Element(F + "response")!.Element(F + "code"))));
        var response = root.Descendants(F + "ClaimResponse").Single();
        Assert.Equal(("300-2024-000042", "complete"), (V(response.Element(F + "identifier")!.Element(F + "value")), V(response.Element(F + "outcome"))));
        Assert.Equal(["intreatment", "intreatment"], response.Elements(F + "addItem")
            .Select(i => V(i.Element(F + "adjudication")!.Descendants(F + "code").Single())));
        Assert.Equal("300", V(root.Descendants(F + "Organization").Single().Element(F + "identifier")!.Element(F + "value")));
        Assert.Empty(root.Descendants(F + "OperationOutcome"));
        Assert.Equal("2024-03-06T09:00:00+01:00", V(root.Element(F + "timestamp")));
    }

    [Fact]
    public void A_partly_refused_attestation_is_answered_partial_with_the_reason_on_the_item()
    {
        var xml = EAttestWriter.Write(EAttestSamples.Physio()).Replace("2024-03-05</", "x</").Replace("\"2024-03-05\"", "\"2024-02-30\"");
        var root = Answer(xml);
        var response = root.Descendants(F + "ClaimResponse").Single();
        Assert.Equal("partial", V(response.Element(F + "outcome")));
        // item 2 (impossible date) is not parsed: item 1 is taken in, item 2 answered refused with its reason (once it was
        // left out of the answer); the reason is in the OperationOutcome too, naming the element
        Assert.Equal([("1", "intreatment"), ("2", "refused")], response.Elements(F + "addItem")
            .Select(i => (V(i.Element(F + "itemSequence")), V(i.Element(F + "adjudication")!.Descendants(F + "code").Single()))));
        Assert.Contains("'2024-02-30' is not a date", V(response.Elements(F + "addItem").Last().Descendants(F + "text").Single()));
        var issue = root.Descendants(F + "issue").Single();
        Assert.Equal("Bundle/entry[5]/resource/Claim/item[2]/servicedDate", V(issue.Element(F + "expression")));
        Assert.Contains("'2024-02-30' is not a date", V(issue.Element(F + "diagnostics")));
    }

    [Fact]
    public void A_refused_message_is_answered_fatal_error_with_its_reasons()
    {
        var root = Answer("not xml at all");
        Assert.Equal("fatal-error", V(root.Descendants(F + "response").Single().Element(F + "code")));
        Assert.Equal("error", V(root.Descendants(F + "outcome").Single()));
        Assert.Equal("structure", V(root.Descendants(F + "issue").Single().Element(F + "code")));
    }

    [Fact]
    public void Answers_are_deterministic()
    {
        var xml = EAttestWriter.Write(EAttestSamples.Physio());
        var bytes = Encoding.UTF8.GetBytes(xml);
        Assert.Equal(EAttestAnswerWriter.Write(EAttestReader.Read("a", bytes), Us), EAttestAnswerWriter.Write(EAttestReader.Read("b", bytes), Us));
    }
}
