using Engine.Core.Money;
using Engine.Jobs.Data;
using Engine.Jobs.EAttest;
using Engine.Jobs.Efact;
using NodaTime;

namespace Engine.Jobs.Ingestion;

/// <summary>
/// Imports one eAttest message: read and check it (structure, member, provider, codes), keep the raw bytes with their
/// hash, store the accepted lines as direct refunds to the member, and answer. The same bytes again change nothing;
/// the same attestation id from the same provider with other bytes is refused as sent twice.
/// </summary>
public sealed class EAttestImport(ISendingWriter sendings, StoreReferenceData reference, IClock clock, AnswerOutbox answers, string? outbox,
    string insurerName, int mutuality)
{
    private bool _outboxMade;

    /// <summary>The outbox folder made once per import, not checked again for every message.</summary>
    private void OutboxReady(string folder)
    {
        if (_outboxMade) return;
        Directory.CreateDirectory(folder);
        _outboxMade = true;
    }

    /// <summary>The identity a message is looked up by (<see cref="ISendingWriter.Expect"/>); null when unreadable.</summary>
    internal static string? ExpectedIdentity(EAttestReadResult format) =>
        format.Attestation is { } a ? $"eattest:{a.ProviderNihii}:{a.AttestationId}" : null;

    public ImportOutcome Import(string fileName, byte[] content) => Import(fileName, content, EAttestReader.Read(fileName, content));

    /// <param name="format">The message read with its format checks only (<see cref="EAttestReader.Read(string, byte[])"/>),
    /// possibly ahead on another thread; the checks against the insurer's data are made here, in file order.</param>
    public ImportOutcome Import(string fileName, byte[] content, EAttestReadResult format)
    {
        var sha = format.ContentSha256;
        if (sendings.SendingBySha256(sha) is { } already)
            return new ImportOutcome(fileName, "eattest", "duplicate", 0, 0, 0, 0, $"same content as sending {already.SendingId} ({already.FileName})", null);
        var read = EAttestReader.Check(format, reference);
        if (read.Kind == EAttestMessageKind.Cancel && read.Status != EAttestStatus.Rejected)
            // Nothing here applies a cancellation (its lines may be computed or paid already): the answer must not say it
            // was done, or the provider takes the attestation as cancelled while the member is refunded anyway.
            read = read with
            {
                Rejections = new ValueList<EAttestRejection>([.. read.Rejections, new EAttestRejection("Bundle/entry/resource/MessageHeader/eventCoding/code",
                    EAttestReasons.Invalid,
                    $"the cancellation of attestation {read.CancelledAttestationId} is not applied automatically: the attestation stays as received; " +
                    "the insurer's staff cancel it by hand")]),
            };
        var a = read.Attestation;
        var identity = a is null ? $"eattest:unreadable:{sha}" : $"eattest:{a.ProviderNihii}:{a.AttestationId}";
        var status = read.Status == EAttestStatus.Rejected ? "refused" : "imported";
        var detail = "";
        if (a is not null && sendings.SendingIdentityExists(identity))
        {
            status = "refused";
            detail = $"attestation {a.AttestationId} of this provider was already received with other content";
            identity += $"#refused:{sha[..12]}";
            // Answered as refused too: answered from the reading alone it said "ok" while none of its lines was kept.
            read = read with
            {
                Rejections = new ValueList<EAttestRejection>([.. read.Rejections,
                    new EAttestRejection("Bundle/entry/resource/Claim/id", EAttestReasons.Invalid, detail + ": send it under a new attestation number")]),
            };
        }
        var now = clock.GetCurrentInstant();
        var lines = new List<CareLineRow>();
        if (status == "imported" && a is not null)
        {
            var member = reference.Member(a.MemberNiss)!;
            var provider = reference.Provider(a.ProviderNihii)!;
            foreach (var l in read.AcceptedLines)
            {
                var supplement = l.Supplement ?? Money.Zero;
                lines.Add(new CareLineRow
                {
                    InvoiceNumber = a.AttestationId, RecordSeq = l.Sequence, BeneficiaryId = member.BeneficiaryId, ProviderId = provider.ProviderId,
                    Code = l.NomenclatureCode, ServiceDate = l.ServiceDate, Quantity = l.Units, Billed = l.Fee + supplement,
                    ClaimedInsurer = Money.Zero, ClaimedShare = Money.Zero, Supplement = supplement, Conventioned = provider.Conventioned,
                    Channel = "eattest", Referral = false, KnownAt = now,
                });
            }
        }
        // The answer first, as for eFact: an attestation kept without its answer would never be answered.
        string? answerPath = null;
        if (outbox is not null)
        {
            OutboxReady(outbox);
            var answer = EAttestAnswerWriter.WriteBytes(read, new EAttestAnswerContext(mutuality.ToString("000"), insurerName,
                a?.AttestationId ?? sha[..16], now.InUtc().ToOffsetDateTime()));
            answerPath = Path.Combine(outbox, fileName + ".answer.xml");
            answers.Write(answerPath, answer);
        }
        sendings.Add(new SendingRow
        {
            Channel = "eattest", FileName = fileName, Sha256 = sha, Identity = identity, SenderId = a?.ProviderNihii, Raw = content,
            Status = status, AcceptedInvoices = status == "imported" ? 1 : 0, RejectedInvoices = status == "imported" ? 0 : 1, ReceivedAt = now,
        }, lines);
        var rejectedLines = read.Lines.Count - lines.Count;
        return new ImportOutcome(fileName, "eattest", status, status == "imported" ? 1 : 0, status == "imported" ? 0 : 1, lines.Count,
            rejectedLines, detail.Length > 0 ? detail : read.Rejections.Count == 0 ? "" : string.Join("; ", read.Rejections.Select(r => r.ToString()).Take(3)), answerPath)
        {
            Rejections = read.AllRejections.Select(r => r.ToString()).ToList(),
        };
    }
}
