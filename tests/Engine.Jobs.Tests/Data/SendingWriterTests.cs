using System.Text;
using Engine.Core.Money;
using Engine.Jobs.Data;
using Engine.Jobs.Data.Sqlite;
using FsCheck.Xunit;
using NodaTime;

namespace Engine.Jobs.Tests.Data;

/// <summary>The batch writer of received files and the compressed keeping of their raw bytes (migration 0010).</summary>
public sealed class SendingWriterTests() : TempStore("engine-writer-", Instant.FromUtc(2024, 3, 4, 17, 0))
{
    private static readonly Instant At = Instant.FromUtc(2024, 3, 5, 0, 0);

    private static SendingRow Sending(string sha, string identity, byte[] raw) => new()
    {
        Channel = "efact", FileName = identity + ".920000", Sha256 = sha, Identity = identity, SenderId = "12345678901",
        SendingNumber = 7, InvoicedMonth = "2024-02", Raw = raw, Status = "imported", AcceptedInvoices = 1, ReceivedAt = At,
    };

    private static CareLineRow Line(int seq) => new()
    {
        InvoiceNumber = "1", RecordSeq = seq, BeneficiaryId = "B1", ProviderId = "P1", Code = 101032, ServiceDate = new LocalDate(2024, 2, 3),
        Quantity = 1, Billed = new Money(3198), ClaimedInsurer = new Money(2798), ClaimedShare = new Money(400), Supplement = Money.Zero,
        Conventioned = true, Channel = "efact", Referral = false, KnownAt = At,
    };

    /// <summary>350 bytes a record, mostly digits and spaces, as an eFact sending.</summary>
    private static byte[] EfactLike(int records) =>
        Encoding.Latin1.GetBytes(string.Concat(Enumerable.Range(1, records).Select(i => $"50{i:000000}{new string('0', 40)}{i * 7919 % 100000:00000}".PadRight(350, ' '))));

    [Fact]
    public void Files_of_one_batch_see_each_other_and_become_durable_only_at_the_commit()
    {
        using (var writer = Store.OpenSendingWriter())
        {
            writer.Add(Sending("a1", "efact:one", EfactLike(10)), [Line(2), Line(3)]);
            Assert.True(writer.SendingIdentityExists("efact:one"));
            Assert.Equal("efact:one", writer.SendingBySha256("a1")!.Identity);
            Assert.Equal((1, 2), (writer.PendingFiles, writer.PendingLines));
            // Not committed: the rest of the store does not see it yet, and disposing drops it.
        }
        Assert.Empty(Store.Sendings());

        using (var writer = Store.OpenSendingWriter())
        {
            writer.Add(Sending("a1", "efact:one", EfactLike(10)), [Line(2), Line(3)]);
            writer.Add(Sending("b2", "efact:two", EfactLike(5)), [Line(2)]);
            writer.Commit();
            Assert.Equal((0, 0), (writer.PendingFiles, writer.PendingLines));
        }
        Assert.Equal(["efact:one", "efact:two"], Store.Sendings().Select(s => s.Identity));
        Assert.Equal(3, Store.UnprocessedLines(At).Count);
    }

    [Fact]
    public void Raw_bytes_kept_compressed_come_back_as_received()
    {
        // 200 eFact-like records: 70,000 bytes, kept as Brotli, read back byte for byte by both read paths.
        var raw = EfactLike(200);
        Store.AddSending(Sending("c3", "efact:three", raw), []);
        Assert.Equal(raw, Store.Sendings().Single().Raw);
        Assert.Equal(raw, Store.SendingBySha256("c3")!.Raw);
        var (stored, encoding) = RawEncoding.Encode(raw);
        Assert.Equal(RawEncoding.Brotli, encoding);
        Assert.True(stored.Length * 4 < raw.Length, $"{stored.Length} bytes kept for {raw.Length}");
    }

    [Fact]
    public void Bytes_that_do_not_shrink_are_kept_as_received()
    {
        var tiny = "920000"u8.ToArray();
        Assert.Equal((tiny, RawEncoding.Identity), RawEncoding.Encode(tiny));
        var noise = new byte[4096];
        new Random(7).NextBytes(noise);
        Assert.Equal(RawEncoding.Identity, RawEncoding.Encode(noise).Encoding);
        Assert.Throws<InvalidDataException>(() => RawEncoding.Decode(noise, "zip"));
    }

    [Property]
    public bool Any_bytes_come_back_as_they_were(byte[] raw, bool repeat)
    {
        var bytes = repeat ? [.. Enumerable.Repeat(raw ?? [], 50).SelectMany(b => b)] : raw ?? [];
        var (stored, encoding) = RawEncoding.Encode(bytes);
        return RawEncoding.Decode(stored, encoding).AsSpan().SequenceEqual(bytes);
    }
}
