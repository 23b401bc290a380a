using System.Text;
using System.Xml;
using Engine.Jobs.EAttest;
using Engine.Jobs.Tests.Ingestion.Fuzz;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Engine.Jobs.Tests.EAttest;

/// <summary>
/// <see cref="FhirTree.TryLoadPlain"/> against the XML reader's pass (<see cref="FhirTree.Load"/>, the settings the reader
/// uses): a message it takes is one the XML reader reads without fault, into the same tree (names, namespaces, value and
/// url attributes, nesting); any other is left to the XML reader.
/// </summary>
public sealed class FhirPlainReadTests
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = EAttestReader.MaxBytes * 2L, MaxCharactersFromEntities = 0,
    };

    /// <summary>The tree, node by node in document order: name, namespace, value, url, parent.</summary>
    private static List<string> Dump(FhirTree tree)
    {
        var nodes = new List<string>();
        void Walk(int node)
        {
            nodes.Add($"{tree.Name(node)}|{tree.Namespace(node)}|{tree.Value(node) ?? "<null>"}|{tree.Url(node) ?? "<null>"}|{tree.Parent(node)}");
            for (var c = tree.FirstChild(node); c >= 0; c = tree.Next(c)) Walk(c);
        }
        if (!tree.Root.IsNone) Walk(0);
        return nodes;
    }

    /// <summary>The XML reader's tree, or null when it refuses the message (not well-formed, beyond a limit).</summary>
    private static List<string>? ByReader(byte[] xml)
    {
        var tree = new FhirTree();
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(xml), Settings);
            tree.Load(reader, EAttestReader.MaxDepth, EAttestReader.MaxElements, EAttestReader.MaxEntries);
            return Dump(tree);
        }
        catch (Exception e) when (e is XmlException or ShapeExceededException or ArgumentException)
        {
            return null;
        }
    }

    private static List<string>? Plain(byte[] xml, int maxDepth = EAttestReader.MaxDepth, int maxElements = EAttestReader.MaxElements)
    {
        var tree = new FhirTree();
        return tree.TryLoadPlain(xml, maxDepth, maxElements, EAttestReader.MaxEntries) ? Dump(tree) : null;
    }

    private static void Same(byte[] xml)
    {
        var plain = Plain(xml);
        if (plain is null) return;
        var reader = ByReader(xml);
        Assert.True(reader is not null, $"taken plain but refused by the XML reader: {Encoding.ASCII.GetString(xml)}");
        Assert.Equal(reader, plain);
    }

    [Property(Arbitrary = [typeof(EAttestArbitraries)], MaxTest = 200)]
    public void A_written_message_is_read_plain_into_the_readers_tree(ValidAttestation valid)
    {
        var bytes = EAttestWriter.WriteBytes(valid.Attestation);
        var plain = Plain(bytes);
        Assert.NotNull(plain);
        Assert.Equal(ByReader(bytes), plain);
    }

    [Property(Arbitrary = [typeof(EAttestArbitraries)], MaxTest = 300)]
    public void A_damaged_message_is_read_plain_only_into_the_readers_tree(DamagedAttestation d)
    {
        var bytes = EAttestWriter.WriteBytes(d.Attestation);
        var at = d.Position % bytes.Length;
        for (var i = at; i < Math.Min(bytes.Length, at + d.Count); i++) bytes[i] = d.Value;
        Same(bytes);
    }

    public static Arbitrary<(ValidAttestation, int, int, byte)> Markups() =>
        (from a in EAttestArbitraries.Attestations
         from position in Gen.Choose(0, int.MaxValue)
         from op in Gen.Choose(0, 3)
         from b in Gen.Elements("<>/\"'=&;:!?[]- \t\r\nxX_.0aZ\u007f\u0080"u8.ToArray())
         select (new ValidAttestation(a), position, op, b)).ToArbitrary();

    /// <summary>Markup bytes put in, taken out or written over anywhere: every one of them is a way out of the plain form.</summary>
    [Property(Arbitrary = [typeof(FhirPlainReadTests)], MaxTest = 3000)]
    public void Markup_bytes_anywhere_are_read_plain_only_into_the_readers_tree((ValidAttestation, int, int, byte) m)
    {
        var (valid, position, op, b) = m;
        var bytes = EAttestWriter.WriteBytes(valid.Attestation).ToList();
        var at = position % bytes.Count;
        switch (op)
        {
            case 0: bytes[at] = b; break;
            case 1: bytes.Insert(at, b); break;
            case 2: bytes.RemoveAt(at); break;
            default: bytes.RemoveRange(at, bytes.Count - at); break;
        }
        Same(bytes.ToArray());
    }

    [Fact]
    public void The_fuzzers_mutants_are_read_plain_only_into_the_readers_tree()
    {
        var random = new Random(11);
        var seeds = Gen.Sample(EAttestArbitraries.Attestations, 8, new Rnd(17UL, 19UL), 10).Select(EAttestWriter.WriteBytes).ToList();
        var taken = 0;
        for (var i = 0; i < 400; i++)
        {
            var seed = seeds[i % seeds.Count];
            var mutant = InputMutator.EAttest("m.xml", seed, i, random);
            Same(mutant.Content);
            if (Plain(mutant.Content) is not null) taken++;
        }
        Assert.InRange(taken, 1, 399); // some read plain, some left to the XML reader
    }

    [Theory]
    [InlineData("<a xmlns=\"http://hl7.org/fhir\"><b value=\"1\" /><c url=\"u\"><d value=\"x&gt;\"/></c></a>")] // an entity
    [InlineData("<a><!-- note --></a>")]
    [InlineData("<a><![CDATA[x]]></a>")]
    [InlineData("<a><?pi x?></a>")]
    [InlineData("<!DOCTYPE a><a/>")]
    [InlineData("<a>text</a>")]
    [InlineData("<f:a xmlns:f=\"http://hl7.org/fhir\"/>")]
    [InlineData("<a value='1'/>")]
    [InlineData("<a value=\"1\" value=\"2\"/>")]
    [InlineData("<a value=\"1\"url=\"2\"/>")]
    [InlineData("<a value=\"x\ty\"/>")]
    [InlineData("<a value=\"x]]>y\"/>")]
    [InlineData("<a xmlns=\"http://www.w3.org/2000/xmlns/\"/>")]
    [InlineData("<xmlThing/>")]
    [InlineData("<a xml:lang=\"nl\"/>")]
    [InlineData("<a/><b/>")]
    [InlineData("<a><b></a></b>")]
    [InlineData("<a>")]
    [InlineData(" <?xml version=\"1.0\"?><a/>")]
    [InlineData("<?xml version=\"1.0\" encoding=\"windows-1252\"?><a/>")]
    [InlineData("<?xml version=\"1.0\" standalone=\"yes\"?><a/>")]
    [InlineData("<a value=\"caf\u00e9\"/>")]
    [InlineData("")]
    public void Beyond_the_plain_form_is_left_to_the_reader(string xml)
    {
        Assert.Null(Plain(Encoding.UTF8.GetBytes(xml)));
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<a xmlns=\"http://hl7.org/fhir\">\r\n  <b value=\"1\" />\n  <c url=\"u\" other=\"o\"><d value=\"x>y\"/></c>\n</a>\n", 4)]
    [InlineData("<?xml version=\"1.0\"?><a><b xmlns=\"n\" value=\"\"><c/></b><d/></a>", 4)]
    [InlineData("<a\n value = \"1\"\n></a >", 1)]
    public void The_plain_form_is_read_as_the_reader_reads_it(string xml, int nodes)
    {
        var bytes = Encoding.UTF8.GetBytes(xml);
        var plain = Plain(bytes);
        Assert.NotNull(plain);
        Assert.Equal(nodes, plain.Count);
        Assert.Equal(ByReader(bytes), plain);
    }

    [Fact]
    public void The_namespace_of_an_element_is_its_own_declaration_or_its_parents()
    {
        var plain = Plain(Encoding.UTF8.GetBytes("<a xmlns=\"x\"><b xmlns=\"\"><c/></b><d/></a>"))!;
        Assert.Equal(["a|x|<null>|<null>|-1", "b||<null>|<null>|0", "c||<null>|<null>|1", "d|x|<null>|<null>|0"], plain);
    }

    [Fact]
    public void Beyond_a_limit_the_message_is_left_to_the_reader_which_names_it()
    {
        var deep = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("<a>", 70)) + string.Concat(Enumerable.Repeat("</a>", 70)));
        Assert.Null(Plain(deep));
        Assert.Null(ByReader(deep));
        var wide = Encoding.UTF8.GetBytes("<a>" + string.Concat(Enumerable.Repeat("<b/>", 10)) + "</a>");
        Assert.Null(Plain(wide, maxElements: 10));
        Assert.NotNull(Plain(wide, maxElements: 11));
        Assert.NotNull(Plain(deep, maxDepth: 70));
    }
}
