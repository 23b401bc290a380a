using Engine.Core.Money;
using Engine.Jobs.Data;
using Engine.Jobs.Efact;
using NodaTime;

namespace Engine.Jobs.Ingestion;

/// <summary>
/// Imports one eFact sending: read and check it (envelope, records, control digits, totals, the insurer's data),
/// keep the raw bytes with their hash, store the accepted lines, and answer. Idempotent: the same bytes received
/// again change nothing; the same sending identity with other bytes is refused as a sending sent twice.
/// </summary>
public sealed class EfactImport(ISendingWriter sendings, StoreReferenceData reference, IClock clock, AnswerOutbox answers,
    string? outbox = null, string contactName = "")
{
    private bool _outboxMade;

    public ImportOutcome Import(string fileName, byte[] content) => Import(fileName, content, EfactReader.Read(fileName, content));

    /// <param name="format">The sending read with its format checks only (<see cref="EfactReader.Read(string, byte[])"/>),
    /// possibly ahead on another thread; the checks against the insurer's data are made here, in file order, since
    /// an invoice accepted in one file is already received for the next.</param>
    public ImportOutcome Import(string fileName, byte[] content, EfactReadResult format)
    {
        var sha = format.ContentSha256;
        if (sendings.SendingBySha256(sha) is { } already)
            return new ImportOutcome(fileName, "efact", "duplicate", 0, 0, 0, 0, $"same content as sending {already.SendingId} ({already.FileName})", null);

        // What EfactReader.Read(fileName, content, reference) gives: the data checks on a sound envelope.
        var read = format.IsSound ? EfactDataChecks.Apply(format, reference) : format;
        var identity = read.Identity?.ToString() ?? $"unreadable:{sha}";
        if (read.Identity is { } sent && sendings.SendingIdentityExists("efact:" + identity))
        {
            // Refused, and answered so (920099 with the official code on record 10): answered from the reading alone, a
            // sound file said 920098 while none of its lines was kept, and the provider waited for a payment never made.
            read = read with
            {
                Envelope = new EfactEnvelope(new ValueList<EfactRejection>([.. read.Envelope.Reasons,
                    new EfactRejection("10", 1, EfactLayout.HeaderLength, EfactLayout.R10.SendingNumber.Number, EfactErrors.R10SendingTwice,
                        $"sending {sent.SendingNumber:000} of {sent.InvoicedMonth.Year:0000}-{sent.InvoicedMonth.Month:00} was already received from this third party with other content: send it under a new number")])),
            };
            return Store(fileName, content, sha, read, "refused", $"sending {identity} was already received with other content", []);
        }
        if (!read.IsSound)
            return Store(fileName, content, sha, read, "refused", read.Envelope.Summary, []);

        var now = clock.GetCurrentInstant();
        var lines = new List<CareLineRow>();
        foreach (var invoice in read.AcceptedInvoices)
        {
            var member = reference.Member(invoice.Invoice!.BeneficiaryNiss)!;
            string? number = null; // the invoice's lines share their invoice number: one string for them all
            foreach (var l in invoice.Lines)
            {
                if (!l.IsAccepted) continue;
                var s = l.Line;
                var provider = reference.Provider(s.ProviderNihii)!;
                lines.Add(new CareLineRow
                {
                    InvoiceNumber = number ??= l.InvoiceNumber.ToString(), RecordSeq = l.RecordSequence, BeneficiaryId = member.BeneficiaryId,
                    ProviderId = provider.ProviderId, Code = s.NomenclatureCode, ServiceDate = s.FirstServiceDate, Quantity = s.Units,
                    Billed = s.InsuranceAmount + s.PersonalShare + s.Supplement, ClaimedInsurer = s.InsuranceAmount,
                    ClaimedShare = s.PersonalShare, Supplement = s.Supplement, Conventioned = provider.Conventioned,
                    Channel = "efact", Referral = s.PrescriberNihii is not null, KnownAt = now,
                    // 690 = MediPrima: the kernel gives the line to SPP IS (PayerDecision).
                    DestinationMutuality = invoice.Invoice.DestinationMutuality,
                });
            }
            reference.Received(read.Identity!.ThirdPartyNihii, invoice.InvoiceNumber!.Value);
        }
        return Store(fileName, content, sha, read, "imported", "", lines);
    }

    /// <summary>
    /// The acknowledgement (931000) and the answer (920098 accepted with the refused records listed, 920099 refused,
    /// 920999 envelope refused) written to the outbox as FILE.931000 and FILE.9200xx; the insurer's reference of the
    /// reply is taken from the content hash, so answering the same file again gives the same bytes.
    /// </summary>
    private string? WriteAnswer(string fileName, byte[] content, string sha, EfactReadResult read)
    {
        if (outbox is null) return null;
        if (!_outboxMade) Directory.CreateDirectory(outbox); // once per import, not for every sending
        _outboxMade = true;
        var reference = string.Concat(sha.Where(char.IsAsciiDigit).Concat(Enumerable.Repeat('0', 14)).Take(14));
        var context = new EfactReplyContext(reference, Ascii(contactName, 45), "", "0000000000");
        content = EfactReader.Message(content); // answered on the message read (a byte order mark left out)
        var ack = EfactAnswerWriter.Acknowledgement(read, content, context);
        answers.Write(Path.Combine(outbox, $"{fileName}.{ack.MessageName}"), ack.Bytes);
        var answer = EfactAnswerWriter.Answer(read, content, context);
        var path = Path.Combine(outbox, $"{fileName}.{answer.MessageName}");
        answers.Write(path, answer.Bytes);
        return path;
    }

    private static string Ascii(string text, int max)
    {
        var ascii = new string(text.Normalize(System.Text.NormalizationForm.FormD).Where(c => c < 128 && !char.IsControl(c)).ToArray());
        return ascii.Length > max ? ascii[..max] : ascii;
    }

    /// <summary>The identity a sending is looked up by (<see cref="ISendingWriter.Expect"/>); null when unreadable.</summary>
    internal static string? ExpectedIdentity(EfactReadResult format) => format.Identity is { } id ? "efact:" + id : null;

    private ImportOutcome Store(string fileName, byte[] content, string sha, EfactReadResult read, string status, string detail,
        IReadOnlyList<CareLineRow> lines)
    {
        var accepted = read.IsSound && status == "imported" ? read.AcceptedInvoices.Count() : 0;
        var rejected = read.Invoices.Count - accepted;
        var identity = read.Identity is { } id ? "efact:" + id : $"efact:unreadable:{sha}";
        // The answer first: a sending kept without its answer (outbox failure, crash in between) would be a duplicate
        // when taken again, and never answered. Written again with the same bytes if the storing fails.
        var answer = WriteAnswer(fileName, content, sha, read);
        sendings.Add(new SendingRow
        {
            Channel = "efact", FileName = fileName, Sha256 = sha,
            // A refused duplicate keeps its own identity row apart so the original stays the one recognised.
            Identity = status == "refused" && sendings.SendingIdentityExists(identity) ? $"{identity}#refused:{sha[..12]}" : identity,
            SenderId = read.Identity?.ThirdPartyNihii, SendingNumber = read.Identity?.SendingNumber,
            InvoicedMonth = read.Identity is { } i ? $"{i.InvoicedMonth.Year:0000}-{i.InvoicedMonth.Month:00}" : null,
            Raw = content, Status = status, AcceptedInvoices = accepted, RejectedInvoices = rejected, ReceivedAt = clock.GetCurrentInstant(),
        }, lines);
        var rejectedLines = read.Invoices.Sum(i => i.Lines.Count) - lines.Count;
        return new ImportOutcome(fileName, "efact", status, accepted, rejected, lines.Count, rejectedLines, detail, answer)
        {
            Rejections = ImportOutcome.Told(read.AllRejections.Select(r => r.ToString())),
        };
    }
}
