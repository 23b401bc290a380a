using Engine.Jobs.Payments;

namespace Engine.Jobs.Tests.Payments;

public class PaymentReportsTests
{
    [Fact]
    public void Remittance_report_has_one_row_per_transfer_and_item()
    {
        // Written by hand from the small run: 5 paid items in 3 transfers, in the payment file's order.
        // For Excel: a UTF-8 BOM, and the structured communication guarded by a leading apostrophe in quotes.
        var expected = File.ReadAllBytes(SmallRun.Expected("small.remittance.csv"));
        var actual = RemittanceReportWriter.ToBytes(SmallRun.Plan());
        Assert.Equal(System.Text.Encoding.UTF8.GetString(expected), System.Text.Encoding.UTF8.GetString(actual));
    }

    [Fact]
    public void Held_back_report_lists_every_unpaid_item_and_why()
    {
        var expected = File.ReadAllBytes(SmallRun.Expected("small.held-back.csv"));
        var actual = HeldBackReportWriter.ToBytes(SmallRun.Plan());
        Assert.Equal(System.Text.Encoding.UTF8.GetString(expected), System.Text.Encoding.UTF8.GetString(actual));
        Assert.Equal(expected, actual);
    }
}
