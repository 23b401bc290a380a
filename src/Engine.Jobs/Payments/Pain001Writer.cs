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
    /// given in its header (<see cref="Pain001PaymentBlock.Transactions"/> is ignored) and its transactions streamed.
    /// </summary>
    public static void Write(Pain001GroupHeader header, IEnumerable<(Pain001PaymentBlock Block, IEnumerable<Pain001Transaction> Transactions)> blocks,
        Stream output)
    {
        using (var w = XmlWriter.Create(output, Settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("Document", Namespace);
            w.WriteStartElement("CstmrCdtTrfInitn");
            WriteHeader(w, header);
            foreach (var (block, transactions) in blocks) WriteBlock(w, block, transactions);
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        output.WriteByte((byte)'\n');
    }

    private static XmlWriterSettings Settings => new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = true,
        IndentChars = "  ",
        NewLineChars = "\n",
        NewLineHandling = NewLineHandling.Replace,
        CloseOutput = false,
    };

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
