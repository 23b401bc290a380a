using NodaTime;

namespace Engine.Jobs.Efact;

/// <summary>
/// Everything read from one eFact file. Nothing is accepted unless <see cref="Envelope"/> is sound; then each invoice
/// stands alone: a rejected invoice never holds back the others.
/// </summary>
/// <param name="FileName">The name given to the reader, repeated on every line for tracing.</param>
/// <param name="ContentSha256">SHA-256 of the raw bytes, lower-case hex: the key for an idempotent import.</param>
/// <param name="Length">Number of bytes read.</param>
/// <param name="Identity">Third party, sending number, invoiced month, message reference; null when unreadable.</param>
/// <param name="Header">The sending's header zones when segments 200/300 and record 10 could be read.</param>
/// <param name="Envelope">Sound, or broken with the reasons (whole sending refused).</param>
/// <param name="Invoices">Every invoice found, in file order, with its own verdict.</param>
public sealed record EfactReadResult(
    string FileName,
    string ContentSha256,
    long Length,
    EfactSendingIdentity? Identity,
    EfactSendingHeader? Header,
    EfactEnvelope Envelope,
    ValueList<EfactInvoiceResult> Invoices)
{
    public bool IsSound => Envelope.IsSound;

    /// <summary>Invoices to pay (fully or partly); none when the envelope is broken.</summary>
    public IEnumerable<EfactInvoiceResult> AcceptedInvoices =>
        IsSound ? Invoices.Where(i => i.Status != EfactInvoiceStatus.Rejected) : [];

    /// <summary>Lines to pay: the accepted lines of the accepted invoices; none when the envelope is broken.</summary>
    public IEnumerable<EfactReadLine> AcceptedLines => AcceptedInvoices.SelectMany(i => i.Lines.Where(l => l.IsAccepted));

    /// <summary>Every rejection: the envelope's, then each invoice's.</summary>
    public IEnumerable<EfactRejection> AllRejections => Envelope.Reasons.Concat(Invoices.SelectMany(i => i.Rejections));

    /// <summary>
    /// The sending as parsed (whatever the verdicts), or null when the header or an invoice could not be parsed.
    /// For a file the writer produced, this is the sending it was written from.
    /// </summary>
    public EfactSending? ToSending()
    {
        if (Header is not { } h || Invoices.Any(i => i.Invoice is null)) return null;
        return new EfactSending(h.MessageReference, h.SendingNumber, h.InvoicedMonth, h.CreationDate, h.IsTest,
            h.ThirdPartyNihii, h.EnterpriseNumber, h.Iban, h.Bic, h.SenderReference,
            new ValueList<EfactInvoice>(Invoices.Select(i => i.Invoice!)));
    }
}

/// <summary>What makes a sending unique for the import: the same identity twice is the same sending sent again.</summary>
public sealed record EfactSendingIdentity(string ThirdPartyNihii, int SendingNumber, YearMonth InvoicedMonth, string MessageReference)
{
    public override string ToString() =>
        $"{ThirdPartyNihii}/{SendingNumber:000}/{InvoicedMonth.Year:0000}-{InvoicedMonth.Month:00}/{MessageReference}";
}

/// <summary>The header zones of a sending (segments 200/300 and record 10).</summary>
public sealed record EfactSendingHeader(
    string MessageReference,
    int SendingNumber,
    YearMonth InvoicedMonth,
    LocalDate CreationDate,
    bool IsTest,
    string ThirdPartyNihii,
    string EnterpriseNumber,
    string Iban,
    string Bic,
    string SenderReference);

/// <summary>The verdict on the envelope (header segments, records 10, 90, 95, 96, sequence, structure).</summary>
public sealed record EfactEnvelope(ValueList<EfactRejection> Reasons)
{
    public bool IsSound => Reasons.Count == 0;

    /// <summary>One line for a log or a screen: "sound", or the first reason and how many more.</summary>
    public string Summary => IsSound
        ? "sound"
        : Reasons[0] + (Reasons.Count > 1 ? $" (and {Reasons.Count - 1} more)" : "");
}

public enum EfactInvoiceStatus
{
    /// <summary>Every line accepted.</summary>
    Accepted,
    /// <summary>Some lines refused (R codes), the others accepted.</summary>
    PartlyAccepted,
    /// <summary>The whole invoice refused (a B or F code on one of its records, or every line refused).</summary>
    Rejected,
}

/// <summary>One individual invoice (records 20 .. 80) and its verdict.</summary>
/// <param name="Ordinal">1-based position of the invoice in the file.</param>
/// <param name="InvoiceNumber">Record 20 zones 24-25 when readable.</param>
/// <param name="DestinationMutuality">Record 20 zone 18 when readable.</param>
/// <param name="Offset">Byte offset of its first record (normally its record 20) in the file.</param>
/// <param name="RecordCount">How many 350-byte records it spans from <paramref name="Offset"/>.</param>
/// <param name="FirstSequence">Sequence number (zone 2) of its first record, as positioned in the file.</param>
/// <param name="LastSequence">Sequence number of its last record.</param>
/// <param name="Invoice">The parsed invoice, when its record 20 and every record 50 could be parsed.</param>
/// <param name="Rejections">Every rejection of its records (invoice-level and line-level).</param>
/// <param name="Lines">Its service lines (records 50) that could be parsed, each with its own rejections.</param>
public sealed record EfactInvoiceResult(
    int Ordinal,
    long? InvoiceNumber,
    int? DestinationMutuality,
    long Offset,
    int RecordCount,
    int FirstSequence,
    int LastSequence,
    EfactInvoiceStatus Status,
    EfactInvoice? Invoice,
    ValueList<EfactRejection> Rejections,
    ValueList<EfactReadLine> Lines);

/// <summary>One service line read from a file, traceable to its bytes.</summary>
/// <param name="FileName">The file it was read from.</param>
/// <param name="InvoiceNumber">Its invoice (record 20 zones 24-25).</param>
/// <param name="RecordSequence">The record 50's sequence number (zone 2).</param>
/// <param name="Offset">Byte offset of the record 50 in the file.</param>
/// <param name="Rejections">Line-level rejections (R codes); empty when the line is accepted.</param>
public sealed record EfactReadLine(
    string FileName,
    long InvoiceNumber,
    int RecordSequence,
    long Offset,
    EfactServiceLine Line,
    ValueList<EfactRejection> Rejections)
{
    public bool IsAccepted => Rejections.Count == 0;
}
