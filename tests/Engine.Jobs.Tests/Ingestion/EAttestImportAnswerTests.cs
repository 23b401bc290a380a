using System.Text;
using Engine.Jobs.Generation;
using Engine.Jobs.Ingestion;

namespace Engine.Jobs.Tests.Ingestion;

/// <summary>What an eAttest import answers: never "ok" for what it did not keep or apply.</summary>
public sealed class EAttestImportAnswerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("engine-cancel-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    // The shape of the hl7-be example ex03: the provider cancels the attestation the insurer numbered "att-2024-0001".
    private const string Cancel = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Bundle xmlns="http://hl7.org/fhir">
          <id value="cancel-1"/>
          <type value="message"/>
          <entry>
            <fullUrl value="urn:uuid:267b18ce-3d37-4581-9baa-6fada338038b"/>
            <resource>
              <MessageHeader>
                <id value="267b18ce-3d37-4581-9baa-6fada338038b"/>
                <eventCoding><code value="eattest-cancel"/></eventCoding>
                <focus><reference value="urn:uuid:e85173bc-6f0d-480b-a2cd-2b70d9ffff7a"/></focus>
              </MessageHeader>
            </resource>
          </entry>
          <entry>
            <fullUrl value="urn:uuid:e85173bc-6f0d-480b-a2cd-2b70d9ffff7a"/>
            <resource>
              <Claim>
                <id value="Claim1"/>
                <identifier><system value="https://www.mycarenet.be/eattest"/><value value="att-2024-0001"/></identifier>
              </Claim>
            </resource>
          </entry>
        </Bundle>
        """;

    [Fact]
    public void A_cancellation_the_engine_cannot_apply_is_answered_as_refused_not_as_done()
    {
        // The import stored a cancellation as an attestation without lines and answered "ok": the provider took the
        // attestation as cancelled while the member was still refunded, and refunded again on the corrected attestation
        // the provider sends next. Until cancellations are applied, the answer must say it was not.
        var night = SmallNight.Create(_root, new GeneratorOptions { Members = 50, Lines = 50, Seed = 2 });
        var path = Path.Combine(_root, "cancel.xml");
        File.WriteAllText(path, Cancel, new UTF8Encoding(false));

        var outcome = Assert.Single(new InboxImport(night.Store, night.Rules, night.Options, night.Clock, Serilog.Core.Logger.None)
            .ImportFiles([path]).Files);

        Assert.Equal("refused", outcome.Status);
        Assert.Equal(0, outcome.AcceptedLines);
        Assert.Contains("cancellation of attestation att-2024-0001 is not applied", outcome.Detail);
        var answer = File.ReadAllText(outcome.AnswerFile!);
        Assert.Contains("<code value=\"eattestresponse-cancel\" />", answer);
        Assert.Contains("<code value=\"fatal-error\" />", answer);
        Assert.DoesNotContain("<code value=\"ok\" />", answer);
        Assert.Equal("refused", Assert.Single(night.Store.Sendings()).Status);
    }

    [Fact]
    public void An_attestation_refused_as_sent_twice_is_answered_refused_not_ok()
    {
        // The same attestation number from the same provider with other bytes is refused and none of its lines is kept,
        // but the answer was written from the reading alone: "ok", every item "intreatment". The provider took it as
        // accepted and the member waited for a refund never made.
        var night = SmallNight.Create(_root, new GeneratorOptions { Members = 200, Lines = 300, Seed = 5 });
        var (name, content) = new EAttestBuilder(night.Registry).Build(night.Events(), night.Sendings())[0];
        File.WriteAllBytes(Path.Combine(_root, name), content);
        File.WriteAllBytes(Path.Combine(_root, "again-" + name), [.. content, (byte)'\n']);
        var import = new InboxImport(night.Store, night.Rules, night.Options, night.Clock, Serilog.Core.Logger.None);

        var outcomes = import.ImportFiles([Path.Combine(_root, name), Path.Combine(_root, "again-" + name)]).Files;

        Assert.Equal(("imported", "refused"), (outcomes[0].Status, outcomes[1].Status));
        var answer = File.ReadAllText(outcomes[1].AnswerFile!);
        Assert.Contains("<code value=\"fatal-error\" />", answer);
        Assert.DoesNotContain("intreatment", answer);
        Assert.Contains("already received", answer);
    }
}
