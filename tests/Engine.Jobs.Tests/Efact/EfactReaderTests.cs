using Engine.Core.Money;
using Engine.Jobs.Efact;
using NodaTime;
using static Engine.Jobs.Tests.Efact.EfactTestFiles;

namespace Engine.Jobs.Tests.Efact;

public class EfactReaderTests
{
    private static readonly string Two = EfactWriter.Write(SampleSendings.TwoMutualities());
    // Records of Two: 0=10, 1=20(inv 1, fund 306), 2=50, 3=80, 4=20(inv 2, fund 319), 5=50, 6=50, 7=80, 8=90, 9=95, 10=95, 11=96.

    [Fact]
    public void A_written_sending_reads_back_to_itself_sound_and_accepted()
    {
        var sending = SampleSendings.TwoMutualities();
        var result = Read(EfactWriter.Write(sending));
        Assert.True(result.IsSound, result.Envelope.Summary);
        Assert.Empty(result.AllRejections);
        Assert.All(result.Invoices, i => Assert.Equal(EfactInvoiceStatus.Accepted, i.Status));
        // The writer sorts by destination mutuality: invoice 1 (306) comes before invoice 2 (319).
        var expected = sending with { Invoices = EfactWriter.InFileOrder(sending).ToArray() };
        Assert.Equal(expected, result.ToSending());
        Assert.Equal(3, result.AcceptedLines.Count());
    }

    [Fact]
    public void The_result_carries_identity_hash_and_traceable_lines()
    {
        var bytes = Bytes(Two);
        var result = EfactReader.Read("inbox/2024-04/TF42.efact", bytes);
        Assert.Equal(new EfactSendingIdentity("18334780004", 42, new YearMonth(2024, 3), "20240300000042"), result.Identity);
        Assert.Equal("18334780004/042/2024-03/20240300000042", result.Identity!.ToString());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), result.ContentSha256);
        Assert.Equal(64, result.ContentSha256.Length);

        var line = result.AcceptedLines.Last();
        Assert.Equal("inbox/2024-04/TF42.efact", line.FileName);
        Assert.Equal(2, line.InvoiceNumber);
        Assert.Equal(7, line.RecordSequence);
        Assert.Equal(227 + 6 * 350, line.Offset);
        Assert.Equal("50000007", Two.Substring((int)line.Offset, 8));
        Assert.Equal(Money.Parse("12.10"), line.Line.InsuranceAmount);
        Assert.Equal(227 + 4 * 350, result.Invoices[1].Offset);
    }

    [Fact]
    public void The_same_bytes_give_the_same_hash_and_another_byte_another_hash()
    {
        Assert.Equal(Read(Two).ContentSha256, Read(Two).ContentSha256);
        Assert.NotEqual(Read(Two).ContentSha256, Read(SetZone(Two, 2, 138, "x")).ContentSha256);
    }
}
