using Engine.Core.Payments;
using NodaTime;

namespace Engine.Core.Tests.Payments;

public class PaymentIdsTests
{
    [Fact]
    public void Message_id_is_the_run_id_when_it_fits()
    {
        Assert.Equal("nightly-2025-03-14", PaymentIds.MessageId("nightly-2025-03-14"));
        Assert.Equal(new string('a', 35), PaymentIds.MessageId(new string('a', 35)));
    }

    [Theory]
    [InlineData("3f2504e0-4f89-11d3-9a0c-0305e82c3301x")] // 37 characters
    [InlineData("run/1")]
    [InlineData("-run")]
    [InlineData("run 1")]
    public void Message_id_is_a_hash_otherwise(string runId)
    {
        var id = PaymentIds.MessageId(runId);
        Assert.Matches("^R[0-9A-F]{34}$", id);
        Assert.Equal(id, PaymentIds.MessageId(runId));
    }

    [Fact]
    public void Payment_block_id_names_its_date_and_depends_on_the_run()
    {
        var a = PaymentIds.PaymentInfoId("run-1", new LocalDate(2025, 3, 14));
        Assert.Matches("^B20250314-[0-9A-F]{24}$", a);
        Assert.NotEqual(a, PaymentIds.PaymentInfoId("run-2", new LocalDate(2025, 3, 14)));
    }

    [Fact]
    public void End_to_end_id_tells_payee_ids_apart_whatever_their_characters()
    {
        // A payee id holding the separator cannot imitate another key: the id is length-prefixed in the canonical key.
        var date = new LocalDate(2025, 3, 14);
        var k1 = new PaymentGroupKey(PayeeKind.Member, "A|Member", PaymentPurpose.DirectRefund, date, null, null);
        var k2 = new PaymentGroupKey(PayeeKind.Member, "A", PaymentPurpose.DirectRefund, date, null, null);
        Assert.NotEqual(k1.Canonical, k2.Canonical);
        Assert.Equal("v1|Member|1:A|DirectRefund|2025-03-14|-|-", k2.Canonical);
        Assert.NotEqual(PaymentIds.EndToEndId("r", k1), PaymentIds.EndToEndId("r", k2));
        Assert.Equal(34, PaymentIds.EndToEndId("r", k1).Length);
    }

    [Fact]
    public void Refuses_an_empty_run_id() =>
        Assert.Throws<ArgumentException>(() => PaymentIds.MessageId(" "));
}
