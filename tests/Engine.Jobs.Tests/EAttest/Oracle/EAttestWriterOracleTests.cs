using System.Text;
using Engine.Core.Money;
using Engine.Jobs.EAttest;
using Engine.Jobs.Generation;
using Engine.Jobs.Rules;
using Engine.Tests.Shared;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;

namespace Engine.Jobs.Tests.EAttest.Oracle;

/// <summary>
/// The eAttest message written straight to bytes is the one the XDocument wrote, byte for byte: on generated
/// attestations, on attestations whose texts hold what XML must escape or cannot hold, and on every message of
/// generated nights.
/// </summary>
[Properties(Arbitrary = [typeof(EAttestArbitraries)], MaxTest = 500)]
public class EAttestWriterOracleTests
{
    private static void SameBytes(EAttestAttestation a) =>
        Assert.Equal(Encoding.UTF8.GetString(XDocumentEAttestWriter.WriteBytes(a)), Encoding.UTF8.GetString(EAttestWriter.WriteBytes(a)));

    [Property]
    public void Generated_attestations_are_written_the_same(ValidAttestation valid) => SameBytes(valid.Attestation);

    /// <summary>Text with the characters XML escapes, those it forbids (made '?'), lone and paired surrogates, non-ASCII.</summary>
    private static readonly Gen<string> OddText =
        Gen.ArrayOf(Gen.Elements('a', '7', ' ', '&', '<', '>', '"', '\'', '\t', '\r', '\n', '\u0001', '\u0085', '\u2028', 'é', '中',
            '\ud83d', '\ude00', '\uFFFE', '\uFFFD')).Select(c => new string(c));

    private static readonly Gen<EAttestAttestation> OddAttestations =
        from a in EAttestArbitraries.Attestations
        from texts in Gen.ArrayOf(OddText, 6)
        from negative in Gen.Choose(-99_999, -1)
        select a with
        {
            AttestationId = texts[0], MessageId = texts[1], AttestationType = texts[2], MemberNiss = texts[3], ProviderNihii = texts[4],
            ProviderQualification = texts[5], Supplement = a.Supplement is null ? null : new Money(negative),
            Lines = new Engine.Jobs.Efact.ValueList<EAttestLine>(a.Lines.Select(l => l with { Fee = new Money(negative) })),
        };

    [Property]
    public Property Attestations_with_odd_texts_are_written_the_same() =>
        Prop.ForAll(OddAttestations.ToArbitrary(), a => SameBytes(a));

    [Fact]
    public void Every_message_of_generated_nights_is_written_the_same()
    {
        var rules = RuleSetLoader.Load(Path.Combine(SharedFolder.RepositoryRoot, "rules"));
        var messages = 0;
        foreach (var seed in new[] { 1, 42, 2024, 77_777 })
        {
            var options = new GeneratorOptions { Seed = seed, Members = 600, Lines = 2_000 };
            var registry = RegistryGenerator.Generate(options, Instant.FromUtc(2024, 3, 4, 17, 0));
            var events = CareGenerator.Generate(options, registry,
                k => rules.Reimbursement.CodeNumbersOfKind(k).Where(c => c <= 999_999).ToList());
            foreach (var (name, content) in new EAttestBuilder(registry).Build(events, new EfactSendingBuilder(rules, registry, 131)))
            {
                // The message read back is the attestation it was written from (EAttestPropertyTests), written again by the oracle.
                var read = EAttestReader.Read(name, content);
                Assert.Empty(read.AllRejections);
                Assert.Equal(Encoding.UTF8.GetString(XDocumentEAttestWriter.WriteBytes(read.Attestation!)), Encoding.UTF8.GetString(content));
                messages++;
            }
        }
        Assert.True(messages > 1_000, $"{messages} messages");
    }
}
