using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using static Engine.Jobs.Efact.EfactLayout;
using E = Engine.Jobs.Efact.EfactErrors;
using S = Engine.Jobs.Efact.EfactSegmentErrors;

namespace Engine.Jobs.Efact;

/// <summary>
/// Reads an eFact invoicing message (920000) and checks it (efact-layout.md §1-§5). Never throws on its input: every
/// fault becomes a rejection naming record, sequence, zone and an official code.
/// <para>Policy: faults in the envelope (segments 200/300, records 10, 90, 95, 96, the sequence numbers, the order of
/// records, the file length) break the envelope and refuse the whole sending. Faults inside an invoice (records 20 to
/// 80) refuse that invoice only — even those the official table letters B — and R faults refuse one line only. The
/// official letter is kept on every rejection.</para>
/// <para>The methods run for every record and line (here, in <see cref="EfactInvoiceReader"/>, <see cref="RecordView"/>,
/// <see cref="ZoneChecker"/>, <see cref="EfactCheckDigits"/>, <see cref="EfactDataChecks"/>) are compiled optimized at
/// their first call (<see cref="MethodImplOptions.AggressiveOptimization"/>): an import runs them cold, once per process,
/// and their quick and instrumented first versions took more processor time than the reading itself.</para>
/// </summary>
public static class EfactReader
{
    /// <summary>Format checks only.</summary>
    public static EfactReadResult Read(string fileName, byte[] content) => Read(fileName, content, null);

    /// <summary>
    /// Format checks, then — when the envelope is sound — the data checks through <paramref name="referenceData"/> on the
    /// invoices not already refused. Exceptions thrown by <paramref name="referenceData"/> (a database down) propagate:
    /// they say nothing about the file.
    /// </summary>
    public static EfactReadResult Read(string fileName, byte[] content, IEfactReferenceData? referenceData)
    {
        ArgumentNullException.ThrowIfNull(content);
        fileName ??= "";
        var hash = Convert.ToHexStringLower(SHA256.HashData(content));
        EfactReadResult result;
        try
        {
            result = ReadFormat(fileName, Message(content), hash);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A fault of the reader itself, not of the file: the sending is refused rather than half-read.
            var reason = new EfactRejection("200", null, 0, "200", S.Unknown, $"reader failure {e.GetType().Name}: {e.Message}");
            result = new EfactReadResult(fileName, hash, content.LongLength, null, null,
                new EfactEnvelope(new ValueList<EfactRejection>([reason])), ValueList<EfactInvoiceResult>.Empty);
        }
        return referenceData is null || !result.IsSound ? result : EfactDataChecks.Apply(result, referenceData);
    }

    /// <summary>
    /// The message in the bytes received: without a UTF-8 byte order mark an editor put in front (eFact is ASCII, the
    /// mark is no part of it). Positions and offsets count from the message's first byte; the content hash and the
    /// stored bytes stay those received.
    /// </summary>
    public static byte[] Message(byte[] content) =>
        content.Length >= 3 && content[0] == 0xEF && content[1] == 0xBB && content[2] == 0xBF ? content[3..] : content;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static EfactReadResult ReadFormat(string fileName, byte[] content, string hash)
    {
        var reasons = new List<EfactRejection>();
        EfactReadResult Done(EfactSendingIdentity? identity = null, EfactSendingHeader? header = null, List<EfactInvoiceResult>? invoices = null) =>
            new(fileName, hash, content.LongLength, identity, header, new EfactEnvelope(new ValueList<EfactRejection>(reasons)),
                new ValueList<EfactInvoiceResult>(invoices ?? []));

        // One byte = one character, so positions are byte offsets; bytes outside ASCII stay visible as themselves.
        // Only the header is made text here, each record on its own below: no copy of the whole file.
        var text = Encoding.Latin1.GetString(content, 0, Math.Min(content.Length, HeaderLength));
        var length = content.Length;
        if (length == 0)
        {
            reasons.Add(new EfactRejection("200", null, 0, "length", S.NotASending, "the file is empty"));
            return Done();
        }
        if (!text.StartsWith(SendingMessageName, StringComparison.Ordinal))
        {
            reasons.Add(new EfactRejection("200", null, 0, "200", S.NotASending,
                $"the file starts with '{RecordView.Printable(text[..Math.Min(6, text.Length)])}', not 920000: not an eFact invoicing message"));
            return Done();
        }
        if (length < HeaderLength)
        {
            reasons.Add(new EfactRejection("200", null, 0, "length", S.Unknown,
                $"{length} bytes: shorter than the {HeaderLength}-byte header (segments 200 and 300)"));
            return Done();
        }

        var segments = EfactEnvelopeReader.ReadSegments(text, reasons);
        var bodyLength = length - HeaderLength;
        if (bodyLength % RecordLength != 0)
            reasons.Add(new EfactRejection("200", null, 0, "length", S.Unknown,
                $"{length} bytes is not 227 + 350 n: {bodyLength / RecordLength} whole records and {bodyLength % RecordLength} bytes left over"));
        var records = new List<RecordView>(bodyLength / RecordLength);
        for (var i = 0; i < bodyLength / RecordLength; i++)
        {
            var offset = HeaderLength + (long)i * RecordLength;
            records.Add(new RecordView(content, i, offset));
        }
        if (records.Count == 0)
        {
            reasons.Add(new EfactRejection("10", null, null, "1", E.For("10", "0103"), "the file holds no record after the header"));
            return Done();
        }

        // Structure: 10, invoices (20 .. 80), 90, 95..., 96.
        Record10Values? h10 = null;
        var start = 0;
        if (records[0].Type == "10")
        {
            h10 = EfactEnvelopeReader.ReadRecord10(records[0], segments, reasons);
            start = 1;
        }
        else
            new ZoneChecker(records[0], reasons).Reject(Common.RecordType, E.For("10", records[0].TypeIsNumeric ? "0103" : "0101"),
                $"the first record is '{records[0].Type}', not the sending header 10");

        var index90 = records.FindLastIndex(r => r.Type == "90");
        if (index90 < start) index90 = -1;
        var regionEnd = index90 >= 0 ? index90 : FirstSummaryOrEnd(records, start);
        if (index90 < 0)
            reasons.Add(new EfactRejection("90", null, null, "1", E.Record90Missing, "no record 90 (end of sending) after the invoices"));

        CheckSequence(records, index90 >= 0 ? index90 : regionEnd - 1, reasons);

        var groups = Group(records, start, regionEnd);
        var invoices = new List<EfactInvoiceResult>();
        var totals = new List<InvoiceTotals>();
        char[] buffer = [];
        foreach (var group in groups)
        {
            // Only the invoice being read is held as text, in one buffer lent to its records and used again for the next.
            if (buffer.Length < group.Count * RecordLength)
            {
                if (buffer.Length > 0) ArrayPool<char>.Shared.Return(buffer);
                buffer = ArrayPool<char>.Shared.Rent(group.Count * RecordLength);
            }
            for (var i = 0; i < group.Count; i++) group[i].Attach(buffer, i * RecordLength);
            var (result, total) = EfactInvoiceReader.Read(fileName, invoices.Count + 1, group, h10?.ThirdPartyZone);
            invoices.Add(Bounded(result));
            totals.Add(total);
            foreach (var r in group) r.Release();
        }
        if (buffer.Length > 0) ArrayPool<char>.Shared.Return(buffer);
        if (invoices.Count == 0)
            reasons.Add(new EfactRejection("10", records[0].Sequence, records[0].Offset, "1", E.For("20", "0103"),
                "the sending holds no invoice (no record 20 after record 10)"));
        CheckDestinationOrder(totals, reasons);

        var afterTrailer = index90 >= 0 ? index90 + 1 : regionEnd;
        if (index90 >= 0)
            EfactEnvelopeReader.ReadRecord90(records[index90], h10, totals, index90 + 1, reasons);
        var summaries = records.Skip(afterTrailer).ToList();
        CheckSummaryOrder(summaries, reasons);
        EfactEnvelopeReader.ReadSummaries(summaries, totals, reasons);

        EfactSendingHeader? header = null;
        EfactSendingIdentity? identity = null;
        if (h10 is { SendingNumber: { } sn, InvoicedMonth: { } month, ThirdPartyNihii: { } tp } && segments.MessageReference is { } reference)
        {
            identity = new EfactSendingIdentity(tp, sn, month, reference);
            if (h10 is { CreationDate: { } created, EnterpriseNumber: { } bce } && segments.IsTest is { } isTest)
                header = new EfactSendingHeader(reference, sn, month, created, isTest, tp, bce, h10.Iban, h10.Bic, h10.SenderReference);
        }
        return Done(identity, header, invoices);
    }

    /// <summary>Most faults told for an invoice refused whole (each is an entry of the answer).</summary>
    public const int MaxRejectionsPerInvoice = 1_000;

    /// <summary>
    /// An invoice refused whole tells its first <see cref="MaxRejectionsPerInvoice"/> faults and how many more: 50 MB of
    /// damaged records read as one invoice once gave 150,000 rejections and an answer of hundreds of MB. The verdict is
    /// the same (refused whole); an invoice partly accepted keeps every rejection (they say which lines are refused).
    /// </summary>
    private static EfactInvoiceResult Bounded(EfactInvoiceResult invoice)
    {
        if (invoice.Status != EfactInvoiceStatus.Rejected || invoice.Rejections.Count <= MaxRejectionsPerInvoice) return invoice;
        var kept = invoice.Rejections.Take(MaxRejectionsPerInvoice - 1).ToList();
        var last = kept[^1];
        kept.Add(last with { Detail = $"and {invoice.Rejections.Count - kept.Count:N0} more faults in this invoice, not listed" });
        return invoice with { Rejections = new ValueList<EfactRejection>(kept) };
    }

    private static int FirstSummaryOrEnd(List<RecordView> records, int start)
    {
        for (var i = start; i < records.Count; i++)
            if (records[i].Type is "95" or "96") return i;
        return records.Count;
    }

    /// <summary>Records 10 .. 90 are numbered 000001, 000002, ... without gaps; only the first fault is reported.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CheckSequence(List<RecordView> records, int last, List<EfactRejection> reasons)
    {
        var faults = 0;
        RecordView? firstFault = null;
        for (var i = 1; i <= last && i < records.Count; i++)
        {
            if (records[i].Sequence == i + 1) continue;
            faults++;
            firstFault ??= records[i];
        }
        if (firstFault is not { } r) return;
        var type = r.Type is "20" or "50" or "51" or "52" or "80" or "90" ? r.Type : "50";
        var error = r.Sequence is null ? E.For(type, "0201") : E.For(type, "0210");
        new ZoneChecker(r, reasons).Reject(Common.Sequence, error,
            $"'{RecordView.Printable(r.Raw(Common.Sequence))}' where record #{r.Index + 1} is expected{(faults > 1 ? $" ({faults - 1} more records out of sequence)" : "")}");
    }

    /// <summary>
    /// Cuts the records between 10 and 90 into invoices: a record 20 opens one, a record 80 closes it. Records found
    /// between an 80 and the next 20 form an invoice of their own (refused), so they never swallow a sound neighbour.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<List<RecordView>> Group(List<RecordView> records, int start, int end)
    {
        var groups = new List<List<RecordView>>();
        List<RecordView>? current = null;
        for (var i = start; i < end; i++)
        {
            var r = records[i];
            if (r.Type == "20" || current is null)
            {
                current = [r];
                groups.Add(current);
            }
            else current.Add(r);
            if (r.Type == "80") current = null;
        }
        return groups;
    }

    /// <summary>Invoices are sorted by destination mutuality (record 20 zone 18), never decreasing.</summary>
    private static void CheckDestinationOrder(List<InvoiceTotals> totals, List<EfactRejection> reasons)
    {
        int? previous = null;
        foreach (var t in totals)
        {
            if (t.DestinationMutuality is not { } d) continue;
            if (previous is { } p && d < p)
            {
                new ZoneChecker(t.First, reasons).Reject(R20.DestinationMutuality, E.R20DestinationOrder,
                    $"mutuality {d:000} after an invoice for mutuality {p:000}");
                return;
            }
            previous = d;
        }
    }

    /// <summary>After record 90 come records 95 then one record 96, the last of the file.</summary>
    private static void CheckSummaryOrder(List<RecordView> summaries, List<EfactRejection> reasons)
    {
        for (var i = 0; i < summaries.Count; i++)
        {
            var r = summaries[i];
            var expected = i == summaries.Count - 1 ? "96" : "95";
            if (r.Type == expected) continue;
            if (r.Type == "96" && expected == "95")
            {
                reasons.Add(new EfactRejection("96", null, r.Offset, "500", S.Unknown, "record 96 is not the last record of the file"));
                continue;
            }
            if (r.Type == "95") continue; // a 95 in last place: the missing 96 is reported with the summaries
            new ZoneChecker(r, reasons).Reject(Common.RecordType, E.Record90NotLast,
                $"record '{r.Type}' after record 90, where only records 95 and 96 may follow");
        }
    }
}
