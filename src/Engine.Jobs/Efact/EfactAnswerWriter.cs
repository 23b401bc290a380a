using System.Globalization;
using System.Text;
using static Engine.Jobs.Efact.EfactLayout;

namespace Engine.Jobs.Efact;

/// <summary>Who answers: the mutuality's message reference and contact person, written in the reply's segments.</summary>
/// <param name="OaMessageReference">Segment 200 zone 205: 14 digits, the insurer's own reference of this reply.</param>
/// <param name="ContactLastName">Segment 300 zone 305 (45 characters at most, ASCII).</param>
/// <param name="ContactFirstName">Segment 300 zone 306 (24 characters at most, ASCII).</param>
/// <param name="ContactPhone">Segment 300 zone 307: 10 digits.</param>
public sealed record EfactReplyContext(string OaMessageReference, string ContactLastName, string ContactFirstName, string ContactPhone);

/// <summary>A reply message: its name (931000, 920098, 920099, 920999) and its characters (ASCII, no line breaks).</summary>
public sealed record EfactAnswer(string MessageName, string Text)
{
    public byte[] Bytes => Encoding.ASCII.GetBytes(Text);
}

/// <summary>
/// Writes the insurer's replies to a sending (efact-layout.md §6): the acknowledgement 931000, and the answer:
/// <list type="bullet">
/// <item>920999 — envelope refused for a fault of segments 200/300 or records 95/96 only (or a file that is no sending):
/// segments 200 + 300 (160) and the first faulty 95/96 record with its error zones filled.</item>
/// <item>920099 — sending refused: the envelope is broken in records 10/90 or the order of records (refusal type 01),
/// or no invoice could be accepted (type 01 when a B code was given, else 02).</item>
/// <item>920098 — sending accepted, type 00, listing the refused records (the other invoices are paid).</item>
/// </list>
/// 920098/920099 carry the 610-character reply segment 300 and 800-character entries: the record as received + a
/// 450-character trailer holding up to three codes; records 10 and 90 always, and for each invoice with a fault its
/// 20, its faulty records and its 80. A record with more than three codes is repeated with the next ones.
/// </summary>
public static class EfactAnswerWriter
{
    public const int ReplySegment300Length = 610;
    public const int EntryLength = 800;

    /// <summary>Most record entries listed in an answer (16 MB of answer); a sending damaged beyond it is refused all the same.</summary>
    public const int MaxEntries = 20_000;

    public static EfactAnswer Acknowledgement(EfactReadResult result, byte[] content, EfactReplyContext context)
    {
        var text = Latin(content);
        var s300 = new RecordBuffer(Segment300Length, ' ')
            .Fixed(S300.InvoicedMonth, SendingMessageName)
            .Fixed(new EfactZone("3001", 7, 2), "00");
        return new EfactAnswer("931000", Segment200("931000", text, result, context, "00") + s300);
    }

    /// <summary>Which answer a read result calls for: 920098, 920099 or 920999.</summary>
    public static string AnswerName(EfactReadResult result)
    {
        if (!result.IsSound)
            return result.Envelope.Reasons.All(r => r.RecordType is "200" or "300" or "95" or "96") ? "920999" : "920099";
        return result.Invoices.Any(i => i.Status != EfactInvoiceStatus.Rejected) ? "920098" : "920099";
    }

    public static EfactAnswer Answer(EfactReadResult result, byte[] content, EfactReplyContext context)
    {
        var text = Latin(content);
        var name = AnswerName(result);
        return name == "920999"
            ? new EfactAnswer(name, EnvelopeRefusal(text, result, context))
            : new EfactAnswer(name, Segment200(name, text, result, context, "00") + ReplySegment300(text, result, context, name) + Entries(text, result));
    }

    private static Latin1Text Latin(byte[] content) => new(content);

    /// <summary>The sending read as Latin-1 (one byte, one character) in place, without a copy of the whole file.</summary>
    private readonly struct Latin1Text(byte[] bytes)
    {
        public int Length => bytes.Length;
        public char this[int index] => (char)bytes[index];

        public bool StartsWith(string prefix, StringComparison _)
        {
            if (bytes.Length < prefix.Length) return false;
            for (var i = 0; i < prefix.Length; i++) if (bytes[i] != prefix[i]) return false;
            return true;
        }
    }

    /// <summary>The sending's character at a position, or a filler when the file is shorter; made printable ASCII.</summary>
    private static string Copy(Latin1Text text, int start, int width, char filler)
    {
        var sb = new StringBuilder(width);
        for (var i = 0; i < width; i++)
        {
            var at = start + i;
            var c = at < text.Length ? text[at] : filler;
            sb.Append(c is >= ' ' and <= '~' ? c : '?');
        }
        return sb.ToString();
    }

    private static string ErrorCode(EfactReadResult result, string segment, string zone) =>
        result.Envelope.Reasons.FirstOrDefault(r => r.RecordType == segment && r.Zone == zone)?.Code is { Length: 2 } code ? code : "00";

    private static string Segment200(string name, Latin1Text text, EfactReadResult result, EfactReplyContext context, string status)
    {
        var type = Copy(text, S200.Type.Start - 1, 2, '0');
        var reference = Copy(text, S200.Reference.Start - 1, 14, '0');
        var sb = new StringBuilder(Segment200Length);
        sb.Append(name).Append(text.StartsWith(SendingMessageName, StringComparison.Ordinal) ? "00" : EfactSegmentErrors.NotASending.Code)
            .Append("01").Append("00")
            .Append(type is "12" or "92" ? type : "12").Append(ErrorCode(result, "200", "202"))
            .Append(name == "920999" ? "40" : status).Append("00")
            .Append(RecordView.AllDigits(reference) ? reference : new string('0', 14)).Append(ErrorCode(result, "200", "204"))
            .Append(Digits(context.OaMessageReference, 14)).Append("00")
            .Append(' ', 15);
        return sb.ToString();
    }

    private static string Digits(string value, int width) =>
        value.Length == width && RecordView.AllDigits(value) ? value : throw new ArgumentException($"'{value}' is not {width} digits");

    /// <summary>The first 140 characters of segment 300: the sending's zones echoed, the insurer's contact, error codes.</summary>
    private static string Segment300Head(Latin1Text text, EfactReadResult result, EfactReplyContext context)
    {
        const int s = Segment200Length;
        string Zone(EfactZone z) => Copy(text, s + z.Start - 1, z.Width, '0');
        string Err(EfactZone z) => ErrorCode(result, "300", z.Number);
        var sb = new StringBuilder(140);
        sb.Append(Zone(S300.InvoicedMonth)).Append(Err(S300.InvoicedMonth))
            .Append(Zone(S300.SendingNumber)).Append(Err(S300.SendingNumber))
            .Append(Zone(S300.CreationDate)).Append(Err(S300.CreationDate))
            .Append(Copy(text, s + S300.FileReference.Start - 1, 13, ' ')).Append("00")
            .Append(Zone(S300.InstructionsVersion)).Append(Err(S300.InstructionsVersion))
            .Append(Ascii(context.ContactLastName, 45)).Append("00")
            .Append(Ascii(context.ContactFirstName, 24)).Append("00")
            .Append(Digits(context.ContactPhone, 10)).Append("00")
            .Append("03").Append("00").Append("01").Append("00");
        return sb.ToString();
    }

    private static string Ascii(string value, int width)
    {
        var folded = new string(value.Normalize(NormalizationForm.FormD)
            .Where(c => c is >= ' ' and <= '~').ToArray());
        return folded.Length > width ? folded[..width] : folded.PadRight(width);
    }

    private static string ReplySegment300(Latin1Text text, EfactReadResult result, EfactReplyContext context, string name)
    {
        var refusal = name == "920098" ? "00"
            : !result.IsSound || result.AllRejections.Any(r => r.Error.Letter == 'B') ? "01"
            : "02";
        return Segment300Head(text, result, context) + ErrorPercentage(result).ToString("00000", CultureInfo.InvariantCulture) + "00" +
               refusal + "00" + new string(' ', ReplySegment300Length - 151);
    }

    /// <summary>
    /// Zone 310: share of the service lines refused, in hundredths of a percent (10000 = 100.00 %), rounded half away
    /// from zero; 10000 when the envelope is broken or no line could be read.
    /// </summary>
    public static int ErrorPercentage(EfactReadResult result)
    {
        var total = result.Invoices.Sum(i => Math.Max(i.Lines.Count, 1));
        if (!result.IsSound || total == 0) return 10000;
        var refused = result.Invoices.Sum(i => i.Status == EfactInvoiceStatus.Rejected
            ? Math.Max(i.Lines.Count, 1)
            : i.Lines.Count(l => !l.IsAccepted));
        return (int)Math.Round(refused * 10000m / total, MidpointRounding.AwayFromZero);
    }

    private enum Fill { Line, Header, Trailer }

    private static string Entries(Latin1Text text, EfactReadResult result)
    {
        var records = (text.Length - HeaderLength) / RecordLength;
        string? Record(long? offset) =>
            offset is { } o && o >= HeaderLength && o + RecordLength <= text.Length ? Copy(text, (int)o, RecordLength, ' ') : null;
        var sending = Copy(text, Segment200Length + S300.SendingNumber.Start - 1, 3, '0');
        var created = Copy(text, Segment200Length + S300.CreationDate.Start - 1, 8, '0');
        var month = Copy(text, Segment200Length + S300.InvoicedMonth.Start - 1, 6, '0');
        var thirdParty = records > 0 ? Copy(text, HeaderLength + R10.ThirdParty.Start - 1, 12, '0') : new string('0', 12);

        var sb = new StringBuilder();
        var index = 0;
        void Entry(string record, IReadOnlyList<EfactRejection> codes, Fill fill, int mutuality)
        {
            // The answer of a sending of hundreds of thousands of damaged records stops listing them at a bound (its
            // segment 300 still gives the share refused); records 10 and 90 are always listed.
            if (fill == Fill.Line && index >= MaxEntries) return;
            var chunks = codes.Count == 0 ? [[]] : codes.Chunk(3).Select(c => c.ToList()).ToList();
            foreach (var chunk in chunks)
            {
                sb.Append(record);
                sb.Append(Trailer(sending, created, month, mutuality, thirdParty, chunk, fill, fill == Fill.Line ? ++index : 0));
            }
        }

        var envelopeByOffset = result.Envelope.Reasons.Where(r => r.Offset is >= HeaderLength).ToLookup(r => r.Offset!.Value);
        var first = Record(HeaderLength);
        if (first is not null) Entry(first, envelopeByOffset[HeaderLength].ToList(), Fill.Header, 0);

        foreach (var invoice in result.Invoices)
        {
            if (invoice.Rejections.Count == 0 && envelopeByOffset.Count == 0) continue; // nothing to list: the common case
            var byOffset = invoice.Rejections.Concat(envelopeByOffset.Where(g => InInvoice(invoice, g.Key)).SelectMany(g => g))
                .Where(r => r.Offset is not null).ToLookup(r => r.Offset!.Value);
            if (byOffset.Count == 0) continue;
            var start = invoice.Offset;
            var end = start + (long)invoice.RecordCount * RecordLength; // just after its last record
            for (var offset = start; offset < end && offset + RecordLength <= text.Length; offset += RecordLength)
            {
                var isFirst = offset == start;
                var isLast = offset + RecordLength >= end;
                if (!isFirst && !isLast && !byOffset.Contains(offset)) continue;
                Entry(Record(offset)!, byOffset[offset].ToList(), Fill.Line, invoice.DestinationMutuality ?? 0);
            }
        }

        // Faults of the envelope in other records (90, 95, 96, records out of place) follow, in file order.
        long last90 = -1; // the last record 90
        for (var k = records - 1; k >= 0 && last90 < 0; k--)
        {
            var o = HeaderLength + (long)k * RecordLength;
            if (text[(int)o] == '9' && text[(int)o + 1] == '0') last90 = o;
        }
        if (envelopeByOffset.Count > 0) // none in a sound sending: no set of every record's offset to make
        {
            var listed = new HashSet<long>(result.Invoices.SelectMany(i => Enumerable.Range(0, i.RecordCount)
                .Select(k => i.Offset + (long)k * RecordLength)));
            listed.Add(HeaderLength);
            foreach (var group in envelopeByOffset.Where(g => !listed.Contains(g.Key) && g.Key != last90).OrderBy(g => g.Key))
                if (Record(group.Key) is { } r) Entry(r, group.ToList(), Fill.Line, 0);
        }
        if (last90 >= 0) Entry(Record(last90)!, envelopeByOffset[last90].ToList(), Fill.Trailer, 0);
        return sb.ToString();
    }

    private static bool InInvoice(EfactInvoiceResult invoice, long offset) =>
        offset >= invoice.Offset && offset < invoice.Offset + (long)invoice.RecordCount * RecordLength;

    /// <summary>
    /// The 450-character trailer (§6.2): sending number, creation date, invoiced month, mutuality, the third party at
    /// trailer positions 45-56, three codes at 107-127, the comment (the first reason in plain words) at 184-383, the
    /// entry's running number at 445-450. After record 10 the unused positions hold 1s, after record 90 9s.
    /// </summary>
    private static string Trailer(string sending, string created, string month, int mutuality, string thirdParty,
        IReadOnlyList<EfactRejection> codes, Fill fill, int index)
    {
        var f = fill switch { Fill.Header => '1', Fill.Trailer => '9', _ => '0' };
        var sb = new StringBuilder(450);
        sb.Append(sending)
            .Append(fill == Fill.Trailer ? new string('9', 8) : created)
            .Append(fill == Fill.Line ? month : new string(f, 6))
            .Append(fill == Fill.Line ? mutuality.ToString("000", CultureInfo.InvariantCulture) : new string(f, 3))
            .Append(f, 24).Append(thirdParty).Append(f, 50);
        for (var i = 0; i < 3; i++)
            sb.Append(i < codes.Count && codes[i].Code.Length == 6 ? codes[i].Error.LetterCode : " 000000");
        sb.Append(f, 56);
        if (fill == Fill.Line)
        {
            var comment = codes.Count == 0 ? "" : string.Join(" | ", codes.Select(c => $"{c.Error.LetterCode} zone {c.Zone}: {c.Detail}"));
            sb.Append(Ascii(comment, 200)).Append('1', 12).Append(' ', 49).Append(index.ToString("000000", CultureInfo.InvariantCulture));
        }
        else sb.Append(f, 200 + 12 + 49 + 6);
        return sb.ToString();
    }

    /// <summary>920999: segments 200 + 300 (160) and the first faulty record 95/96 with its error zones filled.</summary>
    private static string EnvelopeRefusal(Latin1Text text, EfactReadResult result, EfactReplyContext context)
    {
        var sb = new StringBuilder();
        sb.Append(Segment200("920999", text, result, context, "40"));
        sb.Append(Segment300Head(text, result, context)).Append('0', 20);
        var faulty = result.Envelope.Reasons.Where(r => r.RecordType is "95" or "96" && r.Offset is not null).ToList();
        if (faulty.Count == 0) return sb.ToString();
        var offset = faulty[0].Offset!.Value;
        var record = Copy(text, (int)offset, RecordLength, ' ').ToCharArray();
        foreach (var reason in faulty.Where(r => r.Offset == offset))
        {
            // The error zone follows its data zone: 404 -> 4041, whose position is the data zone's end + 1.
            var zone = SummaryZone(reason.Zone);
            if (zone is not { } z) continue;
            reason.Code.CopyTo(0, record, z.End, 2);
        }
        return sb.Append(record).ToString();
    }

    private static EfactZone? SummaryZone(string number)
    {
        var name = number.Length == 3 && number[0] == '5' ? "4" + number[1..] : number;
        EfactZone[] zones = [R9x.Mutuality, R9x.RecapNumber, R9x.AmountA, R9x.AmountB, R9x.AmountTotal, R9x.RecordCount, R9x.ControlDigits];
        foreach (var z in zones) if (z.Number == name) return z;
        // a sign zone: its error is reported on the amount that follows it
        return name switch { "403" => R9x.AmountA, "405" => R9x.AmountB, "407" => R9x.AmountTotal, _ => null };
    }
}
