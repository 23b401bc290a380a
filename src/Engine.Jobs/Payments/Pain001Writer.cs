using System.Text;
using System.Xml;
using Engine.Core.Payments;
using NodaTime;
using NodaTime.Text;

namespace Engine.Jobs.Payments;

/// <summary>
/// Writes pain.001.001.03 (namespace urn:iso:std:iso:20022:tech:xsd:pain.001.001.03) the way Belgian banks take it:
/// UTF-8 without BOM, two-space indent, "\n" line ends and a final "\n", amounts with a dot and two decimals,
/// CreDtTm as Europe/Brussels local time with offset (2025-03-14T02:30:00+01:00). Same message, same bytes.
/// </summary>
public static class Pain001Writer
{
    public const string Namespace = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03";

    internal static readonly OffsetDateTimePattern CreationPattern =
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'sso<+HH:mm>");

    public static byte[] ToBytes(PaymentPlan plan, PaymentDebtor debtor, Instant createdAt) =>
        ToBytes(Pain001Builder.Build(plan, debtor, createdAt));

    public static byte[] ToBytes(Pain001Message message)
    {
        using var stream = new MemoryStream();
        Write(message, stream);
        return stream.ToArray();
    }

    public static void Write(Pain001Message message, Stream output)
    {
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.Replace,
            CloseOutput = false,
        };
        using (var w = XmlWriter.Create(output, settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("Document", Namespace);
            w.WriteStartElement("CstmrCdtTrfInitn");
            WriteHeader(w, message.Header);
            foreach (var block in message.Blocks) WriteBlock(w, block);
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        output.WriteByte((byte)'\n');
    }

    private static void WriteHeader(XmlWriter w, Pain001GroupHeader h)
    {
        w.WriteStartElement("GrpHdr");
        w.WriteElementString("MsgId", h.MessageId);
        w.WriteElementString("CreDtTm", CreationPattern.Format(h.CreatedAt));
        w.WriteElementString("NbOfTxs", Count(h.NumberOfTransactions));
        w.WriteElementString("CtrlSum", h.ControlSum.ToString());
        w.WriteStartElement("InitgPty");
        w.WriteElementString("Nm", h.InitiatingPartyName);
        w.WriteStartElement("Id");
        w.WriteStartElement("OrgId");
        w.WriteStartElement("Othr");
        w.WriteElementString("Id", h.EnterpriseNumber);
        w.WriteElementString("Issr", "KBO-BCE");
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
    }

    /// <summary>
    /// The same bytes as <see cref="Write(Pain001Message, Stream)"/>, in one pass: each block's counts and sums are
    /// given in its header (<see cref="Pain001PaymentBlock.Transactions"/> is ignored) and its transactions streamed,
    /// written straight to UTF-8 (<see cref="Pain001Bytes"/>: the XmlWriter cost more than reading the transfers, at a
    /// million lines a file of some 380,000 transactions).
    /// </summary>
    public static void Write(Pain001GroupHeader header, IEnumerable<(Pain001PaymentBlock Block, IEnumerable<Pain001Transaction> Transactions)> blocks,
        Stream output)
    {
        using var w = new Pain001Bytes(output);
        w.Raw("<?xml version=\"1.0\" encoding=\"utf-8\"?>"u8);
        w.Start("Document"u8, " xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\""u8);
        w.Start("CstmrCdtTrfInitn"u8);
        w.Start("GrpHdr"u8);
        w.Element("MsgId"u8, header.MessageId);
        w.Element("CreDtTm"u8, CreationPattern.Format(header.CreatedAt));
        w.Element("NbOfTxs"u8, Count(header.NumberOfTransactions));
        w.Element("CtrlSum"u8, header.ControlSum.ToString());
        w.Start("InitgPty"u8);
        w.Element("Nm"u8, header.InitiatingPartyName);
        w.Start("Id"u8);
        w.Start("OrgId"u8);
        w.Start("Othr"u8);
        w.Element("Id"u8, header.EnterpriseNumber);
        w.Element("Issr"u8, "KBO-BCE");
        w.End("Othr"u8);
        w.End("OrgId"u8);
        w.End("Id"u8);
        w.End("InitgPty"u8);
        w.End("GrpHdr"u8);
        foreach (var (b, transactions) in blocks)
        {
            w.Start("PmtInf"u8);
            w.Element("PmtInfId"u8, b.PaymentInfoId);
            w.Element("PmtMtd"u8, "TRF");
            w.Element("NbOfTxs"u8, Count(b.NumberOfTransactions));
            w.Element("CtrlSum"u8, b.ControlSum.ToString());
            w.Start("PmtTpInf"u8);
            w.Start("SvcLvl"u8);
            w.Element("Cd"u8, "SEPA");
            w.End("SvcLvl"u8);
            w.End("PmtTpInf"u8);
            w.Element("ReqdExctnDt"u8, LocalDatePattern.Iso.Format(b.RequestedExecutionDate));
            w.Start("Dbtr"u8);
            w.Element("Nm"u8, b.DebtorName);
            w.End("Dbtr"u8);
            Account(w, "DbtrAcct"u8, b.DebtorIban);
            w.Start("DbtrAgt"u8);
            w.Start("FinInstnId"u8);
            w.Element("BIC"u8, b.DebtorBic);
            w.End("FinInstnId"u8);
            w.End("DbtrAgt"u8);
            w.Element("ChrgBr"u8, "SLEV");
            foreach (var t in transactions) Transaction(w, t);
            w.End("PmtInf"u8);
        }
        w.End("CstmrCdtTrfInitn"u8);
        w.End("Document"u8);
        w.Raw("\n"u8);
    }

    private static void Transaction(Pain001Bytes w, Pain001Transaction t)
    {
        if ((t.UnstructuredRemittance is null) == (t.StructuredReference is null))
            throw new ArgumentException($"transaction {t.EndToEndId} must carry exactly one remittance (structured or text)");
        w.Start("CdtTrfTxInf"u8);
        w.Start("PmtId"u8);
        w.Element("EndToEndId"u8, t.EndToEndId);
        w.End("PmtId"u8);
        w.Start("Amt"u8);
        w.Line();
        w.Raw("<InstdAmt Ccy=\"EUR\">"u8);
        w.Amount(t.Amount);
        w.Raw("</InstdAmt>"u8);
        w.End("Amt"u8);
        w.Start("Cdtr"u8);
        w.Element("Nm"u8, t.CreditorName);
        w.End("Cdtr"u8);
        Account(w, "CdtrAcct"u8, t.CreditorIban);
        w.Start("RmtInf"u8);
        if (t.UnstructuredRemittance is not null)
        {
            w.Element("Ustrd"u8, t.UnstructuredRemittance);
        }
        else
        {
            w.Start("Strd"u8);
            w.Start("CdtrRefInf"u8);
            w.Start("Tp"u8);
            w.Start("CdOrPrtry"u8);
            w.Element("Cd"u8, "SCOR");
            w.End("CdOrPrtry"u8);
            w.Element("Issr"u8, "BBA");
            w.End("Tp"u8);
            w.Element("Ref"u8, t.StructuredReference);
            w.End("CdtrRefInf"u8);
            w.End("Strd"u8);
        }
        w.End("RmtInf"u8);
        w.End("CdtTrfTxInf"u8);
    }

    private static void Account(Pain001Bytes w, ReadOnlySpan<byte> element, string iban)
    {
        w.Start(element);
        w.Start("Id"u8);
        w.Element("IBAN"u8, iban);
        w.End("Id"u8);
        w.End(element);
    }

    private static void WriteBlock(XmlWriter w, Pain001PaymentBlock b) => WriteBlock(w, b, b.Transactions);

    private static void WriteBlock(XmlWriter w, Pain001PaymentBlock b, IEnumerable<Pain001Transaction> transactions)
    {
        w.WriteStartElement("PmtInf");
        w.WriteElementString("PmtInfId", b.PaymentInfoId);
        w.WriteElementString("PmtMtd", "TRF");
        w.WriteElementString("NbOfTxs", Count(b.NumberOfTransactions));
        w.WriteElementString("CtrlSum", b.ControlSum.ToString());
        w.WriteStartElement("PmtTpInf");
        w.WriteStartElement("SvcLvl");
        w.WriteElementString("Cd", "SEPA");
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteElementString("ReqdExctnDt", LocalDatePattern.Iso.Format(b.RequestedExecutionDate));
        w.WriteStartElement("Dbtr");
        w.WriteElementString("Nm", b.DebtorName);
        w.WriteEndElement();
        WriteAccount(w, "DbtrAcct", b.DebtorIban);
        w.WriteStartElement("DbtrAgt");
        w.WriteStartElement("FinInstnId");
        w.WriteElementString("BIC", b.DebtorBic);
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteElementString("ChrgBr", "SLEV");
        foreach (var t in transactions) WriteTransaction(w, t);
        w.WriteEndElement();
    }

    private static void WriteTransaction(XmlWriter w, Pain001Transaction t)
    {
        if ((t.UnstructuredRemittance is null) == (t.StructuredReference is null))
            throw new ArgumentException($"transaction {t.EndToEndId} must carry exactly one remittance (structured or text)");
        w.WriteStartElement("CdtTrfTxInf");
        w.WriteStartElement("PmtId");
        w.WriteElementString("EndToEndId", t.EndToEndId);
        w.WriteEndElement();
        w.WriteStartElement("Amt");
        w.WriteStartElement("InstdAmt");
        w.WriteAttributeString("Ccy", "EUR");
        w.WriteString(t.Amount.ToString());
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteStartElement("Cdtr");
        w.WriteElementString("Nm", t.CreditorName);
        w.WriteEndElement();
        WriteAccount(w, "CdtrAcct", t.CreditorIban);
        w.WriteStartElement("RmtInf");
        if (t.UnstructuredRemittance is not null)
        {
            w.WriteElementString("Ustrd", t.UnstructuredRemittance);
        }
        else
        {
            w.WriteStartElement("Strd");
            w.WriteStartElement("CdtrRefInf");
            w.WriteStartElement("Tp");
            w.WriteStartElement("CdOrPrtry");
            w.WriteElementString("Cd", "SCOR");
            w.WriteEndElement();
            w.WriteElementString("Issr", "BBA");
            w.WriteEndElement();
            w.WriteElementString("Ref", t.StructuredReference);
            w.WriteEndElement();
            w.WriteEndElement();
        }
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void WriteAccount(XmlWriter w, string element, string iban)
    {
        w.WriteStartElement(element);
        w.WriteStartElement("Id");
        w.WriteElementString("IBAN", iban);
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static string Count(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
