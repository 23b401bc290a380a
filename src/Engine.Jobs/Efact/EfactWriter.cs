using System.Globalization;
using System.Text;
using static Engine.Jobs.Efact.EfactLayout;

namespace Engine.Jobs.Efact;

/// <summary>
/// Writes an eFact invoicing message (920000): segments 200 + 300, record 10, per invoice 20 + 50s + 80, record 90,
/// one record 95 per destination mutuality, record 96 (efact-layout.md §4). Invoices are written sorted by destination
/// mutuality (stable: same-mutuality invoices keep their order). Deterministic: same sending, same characters.
/// A sending that cannot be written faithfully (a value too wide, not ASCII, duplicate invoice numbers, mutualities of
/// two federations) is refused with an <see cref="ArgumentException"/> naming the invoice/line and zone.
/// </summary>
public static class EfactWriter
{
    public static string Write(EfactSending sending) => Encoding.ASCII.GetString(WriteBytes(sending));

    /// <summary>The message as the ASCII bytes that are sent, each record written in place: through strings a zone, a
    /// record and the whole file, it allocated about 12 KB a record.</summary>
    public static byte[] WriteBytes(EfactSending sending)
    {
        EfactSendingValidation.ThrowIfInvalid(sending);
        var invoices = InFileOrder(sending);
        var groups = invoices.GroupBy(i => i.DestinationMutuality).ToList();
        var lastSequence = 2 + invoices.Sum(i => 2 + i.Lines.Count); // records 10 to 90
        var totalRecords = lastSequence + groups.Count + 1;
        var file = new byte[HeaderLength + RecordLength * totalRecords];
        Segment200(file.AsSpan(0, Segment200Length), sending);
        Segment300(file.AsSpan(Segment200Length, Segment300Length), sending);

        var at = HeaderLength;
        Span<byte> Next()
        {
            var record = file.AsSpan(at, RecordLength);
            at += RecordLength;
            return record;
        }
        var sequence = 1;
        WithCheckDigits(Record10(Next(), sending));
        foreach (var invoice in invoices)
        {
            WithCheckDigits(Record20(Next(), sending, invoice, ++sequence));
            foreach (var line in invoice.Lines)
                WithCheckDigits(Record50(Next(), sending, invoice, line, ++sequence));
            WithCheckDigits(Record80(Next(), sending, invoice, ++sequence));
        }
        WithCheckDigits(Record90(Next(), sending, invoices, ++sequence));

        var ordinal = 0;
        foreach (var group in groups)
            Record95(Next(), group.Key, group.ToList(), ++ordinal);
        Record96(Next(), sending, invoices, totalRecords);
        return file;
    }

    /// <summary>The invoices in the order they are written: by destination mutuality, stable.</summary>
    public static IReadOnlyList<EfactInvoice> InFileOrder(EfactSending sending) =>
        sending.Invoices.OrderBy(i => i.DestinationMutuality).ToList();

    /// <summary>
    /// Record 96 zone 501: the federation code, first digit of the destination mutualities followed by 99
    /// (131 -> 199). A sending addresses one federation.
    /// </summary>
    public static int FederationCode(int destinationMutuality) => destinationMutuality / 100 * 100 + 99;

    private static string InstructionsVersion(EfactSending s) => s.IsTest ? "9991999" : "0001999";

    private static void Segment200(Span<byte> bytes, EfactSending s) => new RecordBytes(bytes)
        .Fixed(S200.Name, SendingMessageName)
        .Fixed(S200.Version, "01")
        .Fixed(S200.Type, s.IsTest ? "92" : "12")
        .Fixed(S200.Status, "00")
        .Digits(S200.Reference, s.MessageReference);

    private static void Segment300(Span<byte> bytes, EfactSending s) => new RecordBytes(bytes)
        .Fixed(S300.InvoicedMonth, YearMonthText(s))
        .Number(S300.SendingNumber, s.SendingNumber)
        .Date(S300.CreationDate, s.CreationDate)
        .Fill(S300.FileReference, ' ')
        .Fixed(S300.InstructionsVersion, InstructionsVersion(s))
        .Fill(S300.ContactLastName, ' ')
        .Fill(S300.ContactFirstName, ' ')
        .Fixed(S300.InvoiceType, "03")
        .Fixed(S300.InvoicingMode, "01");

    private static string YearMonthText(EfactSending s) =>
        s.InvoicedMonth.Year.ToString("0000", CultureInfo.InvariantCulture) +
        s.InvoicedMonth.Month.ToString("00", CultureInfo.InvariantCulture);

    private static RecordBytes Record(Span<byte> bytes, string type, int sequence) => new RecordBytes(bytes)
        .Fixed(Common.RecordType, type)
        .Number(Common.Sequence, sequence);

    private static RecordBytes Record10(Span<byte> bytes, EfactSending s) => Record(bytes, "10", 1)
        .Fixed(R10.InstructionsVersion, InstructionsVersion(s))
        .Number(R10.SendingNumber, s.SendingNumber)
        .Fixed(R10.InvoicingContent, "040")
        .Digits(R10.ThirdParty, s.ThirdPartyNihii)
        .Number(R10.InvoicedYear, s.InvoicedMonth.Year)
        .Number(R10.InvoicedMonth, s.InvoicedMonth.Month)
        .Date(R10.CreationDate, s.CreationDate)
        .Digits(R10.EnterpriseNumber, s.EnterpriseNumber)
        .Text(R10.SenderReference, s.SenderReference)
        .Text(R10.BicA, s.Bic)
        .Text(R10.IbanA, s.Iban)
        .Fill(R10.BicB, ' ')
        .Fill(R10.IbanB, ' ');

    private static RecordBytes Record20(Span<byte> bytes, EfactSending s, EfactInvoice i, int sequence) => Record(bytes, "20", sequence)
        .Number(R20.AffiliationMutuality, i.AffiliationMutuality)
        .Digits(R20.Beneficiary, i.BeneficiaryNiss)
        .Number(R20.Sex, (int)i.Sex)
        .Number(R20.InvoiceType, i.InvoiceType)
        .Digits(R20.Institution, s.ThirdPartyNihii)
        .Number(R20.DestinationMutuality, i.DestinationMutuality)
        .Number(R20.InvoiceNumber, i.InvoiceNumber)
        .Text(R20.SenderReference, i.SenderReference)
        .Fixed(R20.BeneficiaryFlag, "1")
        .Fill(R20.RefA, ' ')
        .Fill(R20.RefB, ' ');

    private static RecordBytes Record50(Span<byte> bytes, EfactSending s, EfactInvoice i, EfactServiceLine l, int sequence)
    {
        var r = Record(bytes, "50", sequence)
            .Number(R50.Code, l.NomenclatureCode)
            .Date(R50.FirstDate, l.FirstServiceDate)
            .Date(R50.LastDate, l.LastServiceDate)
            .Number(R50.AffiliationMutuality, i.AffiliationMutuality)
            .Digits(R50.Beneficiary, i.BeneficiaryNiss)
            .Number(R50.Sex, (int)i.Sex)
            .Fixed(R50.ServiceCode, "990")
            .Digits(R50.Provider, l.ProviderNihii)
            .Number(R50.ProviderNorm, l.ProviderNorm)
            .Signed(R50.Amount, l.InsuranceAmount.Cents)
            .Date(R50.PrescriptionDate, l.PrescriptionDate)
            .Signed(R50.Units, l.Units)
            .Signed(R50.PersonalShare, l.PersonalShare.Cents)
            .Text(R50.SenderReference, l.SenderReference)
            .Signed(R50.Supplement, l.Supplement.Cents)
            .Number(R50.ConventionCode, l.ConventionCode)
            .Fill(R50.ProductLabel, ' ');
        if (l.PrescriberNihii is { } prescriber)
            r.Digits(R50.Prescriber, prescriber).Fixed(R50.PrescriberNorm, "1");
        // Zone 47 became a signed base value for invoiced months from 2019-07; before, it was eight zeros.
        if (s.InvoicedMonth >= new NodaTime.YearMonth(2019, 7)) r.Fixed(R50.BaseValue, "+0000000");
        return r;
    }

    private static RecordBytes Record80(Span<byte> bytes, EfactSending s, EfactInvoice i, int sequence) => Record(bytes, "80", sequence)
        .Number(R80.AffiliationMutuality, i.AffiliationMutuality)
        .Digits(R80.Beneficiary, i.BeneficiaryNiss)
        .Number(R80.Sex, (int)i.Sex)
        .Number(R80.InvoiceType, i.InvoiceType)
        .Digits(R80.Institution, s.ThirdPartyNihii)
        .Signed(R80.AmountB, 0)
        .Number(R80.DestinationMutuality, i.DestinationMutuality)
        .Signed(R80.AmountA, i.TotalAmount.Cents)
        .Number(R80.InvoiceNumber, i.InvoiceNumber)
        .Signed(R80.PersonalShare, i.TotalPersonalShare.Cents)
        .Text(R80.Reference, i.SenderReference)
        .Signed(R80.Supplement, i.TotalSupplement.Cents)
        .Fixed(R80.BeneficiaryFlag, "1")
        .Signed(R80.Advance, 0)
        .Number(Common.ControlDigits, EfactCheckDigits.ForCodes(i.Lines.Select(l => l.NomenclatureCode)));

    private static RecordBytes Record90(Span<byte> bytes, EfactSending s, IReadOnlyList<EfactInvoice> invoices, int sequence) =>
        Record(bytes, "90", sequence)
            .Number(R90.SendingNumber, s.SendingNumber)
            .Digits(R90.ThirdParty, s.ThirdPartyNihii)
            .Signed(R90.AmountB, 0)
            .Signed(R90.AmountA, s.TotalAmount.Cents)
            .Number(R90.InvoicedYear, s.InvoicedMonth.Year)
            .Number(R90.InvoicedMonth, s.InvoicedMonth.Month)
            .Digits(R90.EnterpriseNumber, s.EnterpriseNumber)
            .Text(R90.Reference, s.SenderReference)
            .Text(R90.BicA, s.Bic)
            .Text(R90.IbanA, s.Iban)
            .Fill(R90.BicB, ' ')
            .Fill(R90.IbanB, ' ')
            .Number(Common.ControlDigits, SendingControl(invoices));

    /// <summary>
    /// Zone 409 (record count) follows the CIN reference files: for one mutuality, records 10 to 90 of the file. With
    /// several mutualities each 95 counts records 10 and 90 plus its own invoices' records 20 to 80 (no source settles
    /// this case, efact-layout.md §5.4).
    /// </summary>
    private static void Record95(Span<byte> bytes, int mutuality, IReadOnlyList<EfactInvoice> invoices, int ordinal)
    {
        var amount = invoices.Aggregate(0L, (sum, i) => sum + i.TotalAmount.Cents);
        var records = 2 + invoices.Sum(i => 2 + i.Lines.Count);
        SummaryRecord(bytes, "95", mutuality, ordinal, amount, records, SendingControl(invoices));
    }

    /// <summary>Zone 509 (record count) follows the CIN reference files: every record of the file, 95s and 96 included.</summary>
    private static void Record96(Span<byte> bytes, EfactSending s, IReadOnlyList<EfactInvoice> invoices, int totalRecords)
    {
        var federation = invoices.Count == 0 ? 999 : FederationCode(invoices[0].DestinationMutuality);
        SummaryRecord(bytes, "96", federation, 0, s.TotalAmount.Cents, totalRecords, SendingControl(invoices));
    }

    private static void SummaryRecord(Span<byte> bytes, string type, int mutuality, long recapNumber, long amountA, int records, int control) =>
        new RecordBytes(bytes)
            .Fixed(R9x.RecordType, type)
            .Number(R9x.Mutuality, mutuality)
            .Number(R9x.RecapNumber, recapNumber)
            .SignedSplit(R9x.SignA, R9x.AmountA, amountA)
            .SignedSplit(R9x.SignB, R9x.AmountB, 0)
            .SignedSplit(R9x.SignTotal, R9x.AmountTotal, amountA)
            .Number(R9x.RecordCount, records)
            .Number(R9x.ControlDigits, control)
            // Zones 411-413 (account C and reserved) are left blank, as in the CIN files.
            .FillFrom(80, ' ');

    private static int SendingControl(IEnumerable<EfactInvoice> invoices) =>
        EfactCheckDigits.ForCodes(invoices.SelectMany(i => i.Lines).Select(l => l.NomenclatureCode));

    /// <summary>Zone 99 of a record 10 to 90: the check digits of positions 1-348.</summary>
    private static void WithCheckDigits(RecordBytes record)
    {
        var check = EfactCheckDigits.ForRecord(record.Written[..348]);
        record.Written[348] = (byte)('0' + check / 10);
        record.Written[349] = (byte)('0' + check % 10);
    }
}
