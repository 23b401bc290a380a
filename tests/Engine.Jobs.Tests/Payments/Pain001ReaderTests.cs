using Engine.Jobs.Payments;

namespace Engine.Jobs.Tests.Payments;

public class Pain001ReaderTests
{
    private static string Small() => File.ReadAllText(SmallRun.Expected("small.pain001.xml"));

    private static Pain001Message Read(string xml) => Pain001Reader.Read(System.Text.Encoding.UTF8.GetBytes(xml));

    [Fact]
    public void Reads_the_expected_file()
    {
        var m = Read(Small());
        Assert.Equal("nightly-2025-03-14", m.Header.MessageId);
        Assert.Equal(3, m.Header.NumberOfTransactions);
        Assert.Equal("0403170701", m.Header.EnterpriseNumber);
        Assert.Equal([2, 1], m.Blocks.Select(b => b.Transactions.Count));
        Assert.Equal("Remboursement soins/Terugbetaling zorg 03/01/2025-10/01/2025", m.Blocks[0].Transactions[1].UnstructuredRemittance);
    }

    [Fact]
    public void Refuses_another_namespace() =>
        Assert.Contains("not a pain.001.001.03 document",
            Assert.Throws<FormatException>(() => Read(Small().Replace("pain.001.001.03", "pain.001.001.09"))).Message);

    [Fact]
    public void Names_the_path_of_a_missing_element() =>
        Assert.Equal("Document/CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf/PmtId/EndToEndId is missing",
            Assert.Throws<FormatException>(() => Read(Small().Replace("<EndToEndId>I20250317-B504551D2351B9206CBD1505</EndToEndId>", ""))).Message);

    [Fact]
    public void Refuses_another_currency() =>
        Assert.Contains("currency must be EUR",
            Assert.Throws<FormatException>(() => Read(Small().Replace("Ccy=\"EUR\">20.00", "Ccy=\"USD\">20.00"))).Message);
}
