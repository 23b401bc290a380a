using Engine.Jobs.Efact;
using Engine.Tests.Shared;

namespace Engine.Jobs.Tests.Efact;

/// <summary>The CIN reference sendings of shared/: read as they are, and written back.</summary>
public class EfactCinFileTests
{
    public static TheoryData<string> CinFiles => new() { "TFAC1SC09.509E", "TFAC1SC11.510E", "TFAC1SC12.518E", "TFAC1SC13.519E", "TFAC1SC15.520E" };

    private static (string Path, byte[] Bytes) Load(string name)
    {
        var path = SharedFolder.File("efact-samples/efact/cin-reference-920000/" + name);
        return (path, File.ReadAllBytes(path));
    }

    [SkippableTheory]
    [MemberData(nameof(CinFiles))]
    public void The_CIN_files_are_flagged_for_their_check_digits_10_too_high_and_nothing_else(string name)
    {
        var (_, bytes) = Load(name);
        var result = EfactReader.Read(name, bytes);

        // §5.1: every record carries (sum + 10) mod 97 in zone 99. Records 10 and 90 break the envelope...
        Assert.Equal(["10:109902", "90:909902"], result.Envelope.Reasons.Select(r => $"{r.RecordType}:{r.Code}"));
        // ...and each record of the invoice is flagged with its own xx9902, and no other code.
        var invoice = Assert.Single(result.Invoices);
        Assert.Equal(EfactInvoiceStatus.Rejected, invoice.Status);
        Assert.All(invoice.Rejections, r => Assert.EndsWith("9902", r.Code));
        var text = System.Text.Encoding.ASCII.GetString(bytes);
        foreach (var r in invoice.Rejections.Concat(result.Envelope.Reasons))
        {
            var record = text.Substring((int)r.Offset!.Value, 350);
            var stored = int.Parse(record[348..]);
            Assert.Equal((EfactCheckDigits.ForRecord(record) + 10) % 97, stored % 97);
        }
        // one per record of the invoice: 20 50 [51] 80 = every record but 10, 90, 95 and 96.
        Assert.Equal((text.Length - 227) / 350 - 4, invoice.Rejections.Count);
    }

    [SkippableTheory]
    [MemberData(nameof(CinFiles))]
    public void Writing_what_was_read_from_a_CIN_file_gives_a_sound_file_with_the_same_content(string name)
    {
        var (_, bytes) = Load(name);
        var sending = EfactReader.Read(name, bytes).ToSending();
        Assert.NotNull(sending);
        var line = sending!.Invoices[0].Lines[0];
        Assert.Equal(101032, line.NomenclatureCode);
        if (name == "TFAC1SC09.509E")
        {
            // §3.5: EUR 19.42 reimbursed, EUR 1.50 personal share, 2014-11-25.
            Assert.Equal(1942, line.InsuranceAmount.Cents);
            Assert.Equal(150, line.PersonalShare.Cents);
            Assert.Equal(new NodaTime.LocalDate(2014, 11, 25), line.FirstServiceDate);
            Assert.Equal("36121015396", sending.Invoices[0].BeneficiaryNiss);
        }

        var rewritten = EfactWriter.Write(sending);
        var again = EfactReader.Read(name, System.Text.Encoding.ASCII.GetBytes(rewritten));
        Assert.True(again.IsSound, again.Envelope.Summary);
        Assert.Empty(again.AllRejections);
        Assert.Equal(sending, again.ToSending());
        // Same identity as the CIN file; the CIN's record 51 (payment commitment) is not part of the model and is not rewritten.
        Assert.Equal(EfactReader.Read(name, bytes).Identity, again.Identity);
    }
}
