using System.Xml;
using System.Xml.Linq;
using NodaTime.Text;

namespace Engine.Jobs.Payments;

using Money = Engine.Core.Money.Money;

/// <summary>
/// Reads a pain.001.001.03 file back into what it says (header, blocks, transactions, counts and sums as written),
/// for tests and for replay checks. It reads the subset <see cref="Pain001Writer"/> writes; a missing element or a
/// value it cannot read is a <see cref="FormatException"/> naming the element path.
/// </summary>
public static class Pain001Reader
{
    private static readonly XNamespace Ns = Pain001Writer.Namespace;

    public static Pain001Message ReadFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream);
    }

    public static Pain001Message Read(byte[] bytes) => Read(new MemoryStream(bytes, writable: false));

    public static Pain001Message Read(Stream stream)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        XDocument doc;
        using (var reader = XmlReader.Create(stream, settings)) doc = XDocument.Load(reader);
        var root = doc.Root!;
        if (root.Name != Ns + "Document")
            throw new FormatException($"not a pain.001.001.03 document: root is {root.Name}, expected {{{Ns}}}Document");
        var initiation = Child(root, "CstmrCdtTrfInitn");
        var header = ReadHeader(Child(initiation, "GrpHdr"));
        var blocks = initiation.Elements(Ns + "PmtInf").Select(ReadBlock).ToList();
        return new Pain001Message(header, blocks);
    }

    private static Pain001GroupHeader ReadHeader(XElement h)
    {
        var created = Pain001Writer.CreationPattern.Parse(Text(h, "CreDtTm"));
        if (!created.Success) throw new FormatException($"GrpHdr/CreDtTm: {created.Exception.Message}");
        var org = Child(Child(Child(Child(h, "InitgPty"), "Id"), "OrgId"), "Othr");
        if (Text(org, "Issr") != "KBO-BCE") throw new FormatException("GrpHdr/InitgPty/Id/OrgId/Othr/Issr: expected KBO-BCE");
        return new Pain001GroupHeader(Text(h, "MsgId"), created.Value, Count(h, "NbOfTxs"), Amount(h, "CtrlSum"),
            Text(Child(h, "InitgPty"), "Nm"), Text(org, "Id"));
    }

    private static Pain001PaymentBlock ReadBlock(XElement b)
    {
        var date = LocalDatePattern.Iso.Parse(Text(b, "ReqdExctnDt"));
        if (!date.Success) throw new FormatException($"PmtInf/ReqdExctnDt: {date.Exception.Message}");
        var txs = b.Elements(Ns + "CdtTrfTxInf").Select(ReadTransaction).ToList();
        return new Pain001PaymentBlock(Text(b, "PmtInfId"), date.Value, Count(b, "NbOfTxs"), Amount(b, "CtrlSum"),
            Text(Child(b, "Dbtr"), "Nm"), Text(Child(Child(b, "DbtrAcct"), "Id"), "IBAN"),
            Text(Child(Child(b, "DbtrAgt"), "FinInstnId"), "BIC"), txs);
    }

    private static Pain001Transaction ReadTransaction(XElement t)
    {
        var amount = Child(Child(t, "Amt"), "InstdAmt");
        if ((string?)amount.Attribute("Ccy") != "EUR") throw new FormatException($"{PathOf(amount)}: currency must be EUR");
        if (!Money.TryParse(amount.Value, out var money)) throw new FormatException($"{PathOf(amount)}: '{amount.Value}' is not an amount");
        var rmt = Child(t, "RmtInf");
        var ustrd = rmt.Element(Ns + "Ustrd")?.Value;
        string? reference = null;
        if (rmt.Element(Ns + "Strd") is { } strd)
        {
            var cdtrRef = Child(strd, "CdtrRefInf");
            var tp = Child(cdtrRef, "Tp");
            if (Text(Child(tp, "CdOrPrtry"), "Cd") != "SCOR" || Text(tp, "Issr") != "BBA")
                throw new FormatException($"{PathOf(tp)}: expected type SCOR issued by BBA");
            reference = Text(cdtrRef, "Ref");
        }
        return new Pain001Transaction(Text(Child(t, "PmtId"), "EndToEndId"), money, Text(Child(t, "Cdtr"), "Nm"),
            Text(Child(Child(t, "CdtrAcct"), "Id"), "IBAN"), ustrd, reference);
    }

    private static XElement Child(XElement parent, string name) =>
        parent.Element(Ns + name) ?? throw new FormatException($"{PathOf(parent)}/{name} is missing");

    private static string Text(XElement parent, string name) => Child(parent, name).Value;

    private static int Count(XElement parent, string name) =>
        int.TryParse(Text(parent, name), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? n : throw new FormatException($"{PathOf(parent)}/{name}: not a count");

    private static Money Amount(XElement parent, string name) =>
        Money.TryParse(Text(parent, name), out var m) ? m : throw new FormatException($"{PathOf(parent)}/{name}: not an amount");

    private static string PathOf(XElement e) =>
        string.Join('/', e.AncestorsAndSelf().Reverse().Select(a => a.Name.LocalName));
}
