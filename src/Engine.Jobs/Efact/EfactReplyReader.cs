using static Engine.Jobs.Efact.EfactLayout;

namespace Engine.Jobs.Efact;

/// <summary>A reply message from (or to) a third party, as read by <see cref="EfactReplyReader"/>.</summary>
/// <param name="MessageName">Segment 200 zone 200: 931000, 920098, 920099, 920900 or 920999.</param>
/// <param name="SenderReference">Zone 204: the reference of the sending answered.</param>
/// <param name="OaReference">Zone 205: the mutuality's reference of the reply.</param>
/// <param name="Status">Zone 203 (40 in 920999).</param>
/// <param name="AcknowledgedMessage">931000 only: the name of the acknowledged message (920000).</param>
/// <param name="ErrorPercentage">Segment 300 zone 310 (920098/920099/920900), hundredths of a percent.</param>
/// <param name="RefusalType">Segment 300 zone 311: 00 accepted, 01/02 refused.</param>
/// <param name="Entries">The 800-character entries, in order.</param>
/// <param name="SummaryRecord">920999 only: the record 95/96 sent back.</param>
/// <param name="SummaryErrors">920999 only: (error zone, code) of each error zone of that record not "00".</param>
public sealed record EfactReply(
    string MessageName,
    string SenderReference,
    string OaReference,
    string Status,
    string InvoicedMonth,
    string SendingNumber,
    string? AcknowledgedMessage,
    int? ErrorPercentage,
    string? RefusalType,
    ValueList<EfactReplyEntry> Entries,
    string? SummaryRecord,
    ValueList<EfactReplyZoneError> SummaryErrors);

public sealed record EfactReplyZoneError(string Zone, string Code);

/// <summary>One returned record: the record as sent and its trailer (§6.2).</summary>
/// <param name="Codes">Letter + code of each filled rejection slot ("B509902").</param>
public sealed record EfactReplyEntry(string RecordType, string Sequence, string Record, string Trailer, ValueList<string> Codes,
    string Comment, string Index)
{
    /// <summary>Trailer positions 1-3, 4-11, 12-17, 18-20.</summary>
    public string SendingNumber => Trailer[..3];
    public string CreationDate => Trailer[3..11];
    public string InvoicedMonth => Trailer[11..17];
    public string Mutuality => Trailer[17..20];
    /// <summary>Trailer positions 45-56.</summary>
    public string ThirdParty => Trailer[44..56];
}

/// <summary>Reads reply messages (931000, 920098, 920099, 920900, 920999); null for text that is none of them.</summary>
public static class EfactReplyReader
{
    private static readonly int[] SummaryErrorStarts = [3, 8, 22, 36, 50, 64, 74, 78, 92];

    public static EfactReply? Read(string text)
    {
        if (text.Length < HeaderLength) return null;
        var name = text[..6];
        string Zone(EfactZone z) => text.Substring(z.Start - 1, z.Width);
        string S300Zone(EfactZone z) => text.Substring(Segment200Length + z.Start - 1, z.Width);
        var entries = new List<EfactReplyEntry>();
        switch (name)
        {
            case "931000":
                return new EfactReply(name, Zone(S200.Reference), Zone(S200.OaReference), Zone(S200.Status), "", "",
                    text.Substring(Segment200Length, 6), null, null, ValueList<EfactReplyEntry>.Empty, null, ValueList<EfactReplyZoneError>.Empty);
            case "920999":
                string? record = text.Length >= HeaderLength + RecordLength ? text.Substring(HeaderLength, RecordLength) : null;
                var errors = record is null ? [] : SummaryErrorStarts
                    .Select(p => new EfactReplyZoneError(ZoneName(record, p), record.Substring(p - 1, 2)))
                    .Where(e => e.Code is not ("00" or "  ")).ToList();
                return new EfactReply(name, Zone(S200.Reference), Zone(S200.OaReference), Zone(S200.Status),
                    S300Zone(S300.InvoicedMonth), S300Zone(S300.SendingNumber), null, null, null,
                    ValueList<EfactReplyEntry>.Empty, record, new ValueList<EfactReplyZoneError>(errors));
            case "920098" or "920099" or "920900":
                const int head = Segment200Length + EfactAnswerWriter.ReplySegment300Length;
                if (text.Length < head) return null;
                for (var at = head; at + EfactAnswerWriter.EntryLength <= text.Length; at += EfactAnswerWriter.EntryLength)
                    entries.Add(Entry(text.Substring(at, EfactAnswerWriter.EntryLength)));
                var percent = text.Substring(Segment200Length + 140, 5);
                return new EfactReply(name, Zone(S200.Reference), Zone(S200.OaReference), Zone(S200.Status),
                    S300Zone(S300.InvoicedMonth), S300Zone(S300.SendingNumber), null,
                    RecordView.AllDigits(percent) ? int.Parse(percent) : null, text.Substring(Segment200Length + 147, 2),
                    new ValueList<EfactReplyEntry>(entries), null, ValueList<EfactReplyZoneError>.Empty);
            default:
                return null;
        }
    }

    private static string ZoneName(string record, int errorStart)
    {
        // Error zone xxx1 follows data zone xxx (4001 after 400, 4041 after 404, ...); record 96 numbers them 5xx1.
        var prefix = record.StartsWith("96", StringComparison.Ordinal) ? "5" : "4";
        string[] zones = ["001", "011", "021", "041", "061", "081", "091", "101", "121"];
        return prefix + zones[Array.IndexOf(SummaryErrorStarts, errorStart)];
    }

    private static EfactReplyEntry Entry(string entry)
    {
        var record = entry[..RecordLength];
        var trailer = entry[RecordLength..];
        var codes = new List<string>();
        if (record[..2] is not ("91" or "92"))
            for (var slot = 0; slot < 3; slot++)
            {
                var letter = trailer[106 + slot * 7];
                var code = trailer.Substring(107 + slot * 7, 6);
                if (letter != ' ' && code != "000000") codes.Add(letter + code);
            }
        return new EfactReplyEntry(record[..2], record.Substring(2, 6), record, trailer, new ValueList<string>(codes),
            trailer.Substring(183, 200).TrimEnd(), trailer.Substring(444, 6));
    }
}
