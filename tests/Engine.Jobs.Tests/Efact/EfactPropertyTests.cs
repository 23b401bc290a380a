using Engine.Jobs.Efact;
using FsCheck.Xunit;

namespace Engine.Jobs.Tests.Efact;

[Properties(Arbitrary = [typeof(EfactArbitraries)], MaxTest = 300)]
public class EfactPropertyTests
{
    [Property]
    public void Reading_a_written_sending_gives_it_back_exactly(ValidSending valid)
    {
        var text = EfactWriter.Write(valid.Sending);
        Assert.Equal(227 + 350 * (4 + valid.Sending.Invoices.Sum(i => 2 + i.Lines.Count) +
                                  valid.Sending.Invoices.Select(i => i.DestinationMutuality).Distinct().Count() - 1), text.Length);
        var result = EfactReader.Read("p.efact", EfactTestFiles.Bytes(text));
        Assert.True(result.IsSound, result.Envelope.Summary);
        Assert.Empty(result.AllRejections);
        Assert.Equal(valid.Sending, result.ToSending());
        Assert.Equal(valid.Sending.Invoices.Sum(i => i.Lines.Count), result.AcceptedLines.Count());
    }

    [Property]
    public void Damaged_files_are_read_without_exception_and_untouched_invoices_survive(MutatedSending m)
    {
        var original = EfactTestFiles.Bytes(EfactWriter.Write(m.Sending));
        var damaged = EfactMutations.Apply(original, m);
        var result = EfactReader.Read("damaged.efact", damaged);

        Assert.DoesNotContain(result.Envelope.Reasons, r => r.Detail.StartsWith("reader failure", StringComparison.Ordinal));
        foreach (var invoice in result.Invoices)
        {
            if (invoice.Status == EfactInvoiceStatus.Accepted) Assert.Empty(invoice.Rejections);
            else Assert.NotEmpty(invoice.Rejections);
            Assert.All(invoice.Rejections, r => Assert.Matches("^[0-9]{2}[0-9]{4}$|^[0-9]{2}$", r.Code));
        }
        if (!result.IsSound)
        {
            Assert.Empty(result.AcceptedLines);
            return;
        }

        // Every invoice whose bytes sit unchanged at the same place is accepted and reads back as written.
        var ranges = EfactMutations.InvoiceRanges(m.Sending);
        for (var n = 0; n < ranges.Count; n++)
        {
            var (start, length) = ranges[n];
            if (!EfactMutations.SameBytes(original, damaged, start, length)) continue;
            var found = result.Invoices.SingleOrDefault(i => i.Offset == start);
            Assert.NotNull(found);
            Assert.Equal(EfactInvoiceStatus.Accepted, found!.Status);
            Assert.Equal(EfactWriter.InFileOrder(m.Sending)[n], found.Invoice);
        }

        if (m.Kind == MutationKind.FlipLineReference)
        {
            // A changed free-text character of a line is caught by its record's check digits alone.
            var refused = Assert.Single(result.Invoices, i => i.Status == EfactInvoiceStatus.Rejected);
            Assert.Equal(["509902"], refused.Rejections.Select(r => r.Code));
        }
    }

    [Property(MaxTest = 100)]
    public void A_changed_line_reference_always_leaves_the_envelope_sound(ValidSending valid, int where, byte value)
    {
        var m = new MutatedSending(valid.Sending, MutationKind.FlipLineReference, Math.Abs(where % 100_000), 0, value);
        var original = EfactTestFiles.Bytes(EfactWriter.Write(valid.Sending));
        var damaged = EfactMutations.Apply(original, m);
        var result = EfactReader.Read("d.efact", damaged);
        Assert.True(result.IsSound, result.Envelope.Summary);
        Assert.Single(result.Invoices, i => i.Status == EfactInvoiceStatus.Rejected);
    }
}
