using System.Text;
using Engine.Jobs.EAttest;
using Engine.Jobs.Tests.Ingestion.Fuzz;
using Engine.Tests.Shared;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Engine.Jobs.Tests.EAttest.Oracle;

/// <summary>
/// The reader over its own element tree reads every message as the XDocument reader did: the same result to the
/// last rejection's words, on generated messages, damaged ones, mutants of every kind the fuzz tests make, and the
/// real samples.
/// </summary>
[Properties(Arbitrary = [typeof(EAttestArbitraries)], MaxTest = 300)]
public class EAttestOracleTests
{
    internal static void SameReading(string name, byte[] content)
    {
        var expected = XDocumentEAttestReader.Read(name, content);
        var actual = EAttestReader.Read(name, content);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.AllRejections.Select(r => r.ToString()), actual.AllRejections.Select(r => r.ToString()));
        Assert.Equal(expected, actual);
        SameAnswer(actual);
    }

    private static readonly EAttestAnswerContext[] Contexts =
    [
        new("300", "Mutualité chrétienne", "A0000947", new NodaTime.LocalDateTime(2024, 3, 1, 10, 0, 7).WithOffset(NodaTime.Offset.FromHours(1))),
        new("301", "O'Brien & <Co> \"x\"\t\r\n\u0085\u2028 中 \ud83d\ude00 \u0001", "", default),
    ];

    /// <summary>The answer written straight to bytes is the XDocument's, byte for byte.</summary>
    internal static void SameAnswer(EAttestReadResult read)
    {
        foreach (var context in Contexts)
            Assert.Equal(Encoding.UTF8.GetString(XDocumentEAttestAnswerWriter.WriteBytes(read, context)),
                Encoding.UTF8.GetString(EAttestAnswerWriter.WriteBytes(read, context)));
    }

    [Property]
    public void Generated_messages_read_the_same(ValidAttestation valid) =>
        SameReading("p.xml", EAttestWriter.WriteBytes(valid.Attestation));

    [Property]
    public void Damaged_messages_read_the_same(DamagedAttestation d)
    {
        var bytes = EAttestWriter.WriteBytes(d.Attestation);
        var at = d.Position % bytes.Length;
        for (var i = at; i < Math.Min(bytes.Length, at + d.Count); i++) bytes[i] = d.Value;
        SameReading("d.xml", bytes);
    }

    [Fact]
    public void Mutants_read_the_same()
    {
        var seeds = Gen.Sample(EAttestArbitraries.Attestations, 8, new Rnd(11UL, 13UL), 10).Select((a, i) => ($"gen{i}", EAttestWriter.WriteBytes(a))).ToList();
        if (SharedFolder.Path is { } shared)
            seeds.AddRange(Directory.GetFiles(Path.Combine(shared, "efact-samples", "eattest"), "*.xml").Order(StringComparer.Ordinal)
                .Select(f => (Path.GetFileName(f), File.ReadAllBytes(f)))
                .Where(s => Encoding.UTF8.GetString(s.Item2).Contains("<item>", StringComparison.Ordinal))); // the bundles the mutator knows
        for (var i = 0; i < 3_000; i++)
        {
            var random = new System.Random(7_000 + i);
            var (name, bytes) = seeds[random.Next(seeds.Count)];
            var mutant = InputMutator.EAttest(name, bytes, i, random);
            SameReading(mutant.Name, mutant.Content);
        }
    }

    [Fact]
    public void Answers_to_checked_and_refused_messages_are_the_same()
    {
        var physio = EAttestReader.Read("p.xml", EAttestWriter.WriteBytes(EAttestSamples.Physio()));
        SameAnswer(physio);
        var refusedLine = physio with
        {
            Lines = new Engine.Jobs.Efact.ValueList<EAttestReadLine>(physio.Lines.Select((l, i) => i == 0 ? l : l with
            {
                Rejections = new Engine.Jobs.Efact.ValueList<EAttestRejection>([new("x/y", EAttestReasons.CodeUnknown, "code & <reason> \"quoted\"\tend", l.Sequence)]),
            })),
        };
        SameAnswer(refusedLine);
        SameAnswer(refusedLine with { Rejections = new Engine.Jobs.Efact.ValueList<EAttestRejection>([new("Bundle", EAttestReasons.TooLarge, "big")]) });
        SameAnswer(EAttestReader.Read("c.xml", Encoding.UTF8.GetBytes(
            EAttestWriter.Write(EAttestSamples.Physio()).Replace("eattest-create", "eattest-cancel").Replace("<value value=\"31.64\" />", "<value value=\"&#x9;3&amp;1&#xD;&#xA;\" />"))));
    }

    [SkippableFact]
    public void The_real_samples_read_the_same()
    {
        var folder = SharedFolder.File("efact-samples/eattest");
        foreach (var file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
            SameReading(Path.GetFileName(file), File.ReadAllBytes(file));
    }

    [Fact]
    public void Odd_but_well_formed_xml_reads_the_same()
    {
        var physio = EAttestWriter.Write(EAttestSamples.Physio());
        string[] variants =
        [
            physio.Replace("<Bundle xmlns=\"http://hl7.org/fhir\">", "<f:Bundle xmlns:f=\"http://hl7.org/fhir\">").Replace("</Bundle>", "</f:Bundle>"),
            physio.Replace("<Bundle xmlns=\"http://hl7.org/fhir\">", "<Bundle xmlns=\"http://hl7.org/fhir\" xmlns:o=\"urn:other\">")
                .Replace("<item>", "<o:item><o:sequence value=\"1\" /></o:item><item>"),
            physio.Replace("<net>", "<net o:value=\"9\" xmlns:o=\"urn:o\">"),
            physio.Replace("<Patient>", "<Patient><?pi data?><!-- comment --><![CDATA[text]]>"),
            physio.Replace("<Patient>", "<Patient><?a:b data?>"),
            physio.Replace("<Patient>", "<Patient><?XmL data?>"),
            physio.Replace("<entry>", "<entry xmlns=\"urn:elsewhere\">"),
            physio.Replace("<resource>", "<resource><x xmlns=\"urn:x\" />"),
            physio.Replace("<Claim>", "<Claim xmlns=\"urn:x\">"),
            physio.Replace("<extension url=", "<extension value=\"v\" url="),
            "<Bundle xmlns=\"urn:not-fhir\" />",
            "<?xml version=\"1.0\"?>\n<Bundle xmlns=\"http://hl7.org/fhir\"><entry><resource><MessageHeader /></resource></entry></Bundle>",
            "<Bundle xmlns=\"http://hl7.org/fhir\">&amp;&#x1;</Bundle>",
            "<Bundle xmlns=\"http://hl7.org/fhir\">" + new string('x', 100_000) + "\u0001</Bundle>",
        ];
        foreach (var xml in variants) SameReading("odd.xml", Encoding.UTF8.GetBytes(xml));
    }
}
