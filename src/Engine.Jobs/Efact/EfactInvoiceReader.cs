using System.Runtime.CompilerServices;
using Engine.Core.Money;
using static Engine.Jobs.Efact.EfactLayout;
using E = Engine.Jobs.Efact.EfactErrors;

namespace Engine.Jobs.Efact;

/// <summary>What the envelope checks need from an invoice: its record 80 totals and the sum of the codes it carries
/// (null when one is unreadable): the control digits of records 80, 90, 95 and 96 are that sum modulo 97
/// (<see cref="EfactCheckDigits.ForCodes(ReadOnlySpan{int})"/>), so a sum per invoice is all they need, not the codes.</summary>
internal sealed record InvoiceTotals(
    RecordView First,
    int? DestinationMutuality,
    long? AmountA,
    long? AmountB,
    long? CodeSum);

/// <summary>
/// Checks one individual invoice (a record 20, its records 50/51/52 and its record 80) on its own: format of every
/// zone, record check digits, identity repeats, totals and control digits of record 80.
/// </summary>
internal static class EfactInvoiceReader
{
    private static readonly HashSet<long> InvoiceTypes = [1, 3, 4, 5, 6, 9];

    private sealed class LineDraft(RecordView record)
    {
        public RecordView Record { get; } = record;
        public List<EfactRejection> Rejections { get; } = [];
        public EfactServiceLine? Line { get; set; }
        public long? Amount { get; set; }
        public long? Share { get; set; }
        public long? Supplement { get; set; }
        public long? Account { get; set; }

        /// <summary>Zones 4 and 5 as found (read from the record while its invoice is read).</summary>
        public ReadOnlySpan<char> Code => Record.Span(R50.Code);
        public ReadOnlySpan<char> Date => Record.Span(R50.FirstDate);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (EfactInvoiceResult Result, InvoiceTotals Totals) Read(
        string fileName, int ordinal, IReadOnlyList<RecordView> group, string? thirdPartyZone)
    {
        var invoiceRejections = new List<EfactRejection>();
        var lines = new List<LineDraft>();
        long codeSum = 0; // the invoice's codes summed as read (what its control digits are made of)
        var codesReadable = true;

        var first = group[0];
        RecordView? r20 = first.Type == "20" ? first : null;
        Header20? h = null;
        if (r20 is null)
            new ZoneChecker(first, invoiceRejections).Reject(Common.RecordType,
                E.For("20", first.TypeIsNumeric ? "0103" : "0101"),
                $"'{first.Type}' where a record 20 must open the invoice");
        else
            h = ReadRecord20(r20, invoiceRejections, thirdPartyZone);

        RecordView? r80 = null;
        string previous = first.Type;
        for (var g = r20 is null ? 0 : 1; g < group.Count; g++)
        {
            var r = group[g];
            var z = new ZoneChecker(r, invoiceRejections);
            switch (r.Type)
            {
                case "50":
                    var line = ReadRecord50(r, h, r20);
                    lines.Add(line);
                    if (RecordView.AllDigits(line.Code)) codeSum += int.Parse(line.Code); else codesReadable = false;
                    break;
                case "51" or "52":
                    var sink = lines.Count > 0 && previous is "50" or "51" or "52" ? lines[^1].Rejections : invoiceRejections;
                    var misplaced = r.Type == "51" ? previous != "50" : previous is not ("50" or "51");
                    if (misplaced)
                        z.Reject(Common.RecordType, r.Type == "51" ? E.Record51Misplaced : E.Record52Misplaced,
                            $"record {r.Type} follows a record {previous}");
                    var code = ReadRecord5x(r, new ZoneChecker(r, sink), lines.Count > 0 ? lines[^1] : null, r20);
                    if (code is { } c) codeSum += c; else codesReadable = false;
                    break;
                case "80":
                    if (previous is not ("50" or "51" or "52"))
                        z.Reject(Common.RecordType, E.Record80Misplaced, $"record 80 follows a record {previous}, not a service line");
                    r80 = r;
                    break;
                default:
                    if (r != first)
                        z.Reject(Common.RecordType, E.For("50", r.TypeIsNumeric ? "0103" : "0101"),
                            $"record type '{r.Type}' is not read inside an ambulatory invoice (20, 50, 51, 52, 80)");
                    break;
            }
            previous = r.Type;
        }

        var last = group[^1];
        if (last.Type != "80")
        {
            var error = last.Type switch
            {
                "20" => E.Record20WithoutLines,
                "51" => E.Record51NotClosed,
                "52" => E.Record52NotClosed,
                _ => E.Record50NotClosed,
            };
            new ZoneChecker(last, invoiceRejections).Reject(Common.RecordType, error,
                "the invoice is not closed by a record 80");
        }
        else if (lines.Count == 0 && r20 is not null)
        {
            new ZoneChecker(last, invoiceRejections).Reject(Common.RecordType, E.Record20WithoutLines,
                "the invoice holds no service line (record 50)");
        }

        long? amountA = null, amountB = null;
        int? destination = h?.Destination;
        if (r80 is not null)
            (amountA, amountB, destination) = ReadRecord80(r80, invoiceRejections, r20, lines, codesReadable ? codeSum : null, destination);

        foreach (var l in lines)
            invoiceRejections.AddRange(l.Rejections);

        var invoiceLevel = false;
        foreach (var r in invoiceRejections) invoiceLevel |= !r.Error.RejectsLineOnly;
        var readLines = new List<EfactReadLine>(lines.Count);
        int accepted = 0;
        foreach (var l in lines)
        {
            if (l.Line is null) continue;
            var read = new EfactReadLine(fileName, h?.InvoiceNumber ?? 0, l.Record.Sequence ?? 0, l.Record.Offset, l.Line,
                l.Rejections.Count == 0 ? ValueList<EfactRejection>.Empty : new ValueList<EfactRejection>(l.Rejections));
            readLines.Add(read);
            if (read.IsAccepted) accepted++;
        }
        var allLinesParsed = readLines.Count == lines.Count && lines.Count > 0;
        var status =
            invoiceLevel || !allLinesParsed || accepted == 0 ? EfactInvoiceStatus.Rejected
            : accepted < readLines.Count ? EfactInvoiceStatus.PartlyAccepted
            : EfactInvoiceStatus.Accepted;

        EfactInvoice? invoice = null;
        if (h is { Model: { } m } && allLinesParsed)
        {
            var serviceLines = new EfactServiceLine[readLines.Count];
            for (var i = 0; i < serviceLines.Length; i++) serviceLines[i] = readLines[i].Line;
            invoice = m with { Lines = new ValueList<EfactServiceLine>(serviceLines) };
        }

        var result = new EfactInvoiceResult(ordinal, h?.InvoiceNumber, destination, first.Offset, group.Count,
            first.Sequence ?? first.Index + 1, last.Sequence ?? last.Index + 1, status, invoice,
            new ValueList<EfactRejection>(invoiceRejections), new ValueList<EfactReadLine>(readLines));
        return (result, new InvoiceTotals(first, destination, amountA, amountB, codesReadable ? codeSum : null));
    }

    private sealed record Header20(long? InvoiceNumber, int? Destination, EfactInvoice? Model);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Header20 ReadRecord20(RecordView r, List<EfactRejection> sink, string? thirdPartyZone)
    {
        var z = new ZoneChecker(r, sink);
        var affiliation = z.Digits(R20.AffiliationMutuality, E.R20AffiliationNotNumeric);
        var niss = ReadNiss(z, R20.Beneficiary, E.R20BeneficiaryNotNumeric, E.R20BeneficiaryMissing, E.R20BeneficiaryCheckDigits);

        EfactSex? sex = null;
        if (z.Digits(R20.Sex, E.R20SexNotNumeric) is { } s)
        {
            if (s is 1 or 2) sex = (EfactSex)s;
            else z.Reject(R20.Sex, E.R20SexNotAllowed, $"{z.Show(R20.Sex)} is neither 1 (male) nor 2 (female)");
        }
        int? invoiceType = null;
        if (z.Digits(R20.InvoiceType, E.R20InvoiceTypeNotNumeric) is { } t)
        {
            if (InvoiceTypes.Contains(t)) invoiceType = (int)t;
            else z.Reject(R20.InvoiceType, E.R20InvoiceTypeNotAllowed, $"{z.Show(R20.InvoiceType)} is not an invoice type (1, 3, 4, 5, 6, 9)");
        }
        if (z.Digits(R20.InvoicingType, E.R20InvoicingTypeNotNumeric) is { } it and not 0)
            z.Reject(R20.InvoicingType, E.R20InvoicingTypeNotAllowed, $"{z.Show(R20.InvoicingType)}: corrective invoices and credit notes are not read yet");
        if (z.Digits(R20.Institution, E.R20InstitutionNotNumeric) is not null && thirdPartyZone is not null && !z.Span(R20.Institution).SequenceEqual(thirdPartyZone))
            z.Reject(R20.Institution, E.R20InstitutionDiffers, $"{z.Show(R20.Institution)} where record 10 zone 14 holds '{thirdPartyZone}'");
        var destination = z.Digits(R20.DestinationMutuality, E.R20DestinationNotNumeric);
        var number = z.Digits(R20.InvoiceNumber, E.R20InvoiceNumberNotNumeric);
        if (number == 0)
        {
            z.Reject(R20.InvoiceNumber, E.R20InvoiceNumberZero, "the individual invoice number is zero");
            number = null;
        }
        if (z.Digits(R20.BeneficiaryFlag, E.R20FlagNotNumeric) is { } flag and not 1)
            z.Reject(R20.BeneficiaryFlag, E.R20FlagNotAllowed, $"{z.Show(R20.BeneficiaryFlag)}: only NISS identification (1) is read");
        var reference = z.Text(R20.SenderReference);
        z.CheckDigits(E.For("20", "9902"));

        EfactInvoice? model = affiliation is { } a && destination is { } d && niss is not null && sex is { } sx &&
                              invoiceType is { } ty && number is { } n
            ? new EfactInvoice(n, (int)a, (int)d, niss, sx, ty, reference, ValueList<EfactServiceLine>.Empty)
            : null;
        return new Header20(number, destination is { } dd ? (int)dd : null, model);
    }

    /// <summary>Zone 8: 13 digits, "00" + an 11-digit NISS with valid check digits. Never shown in messages.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string? ReadNiss(ZoneChecker z, EfactZone zone, EfactError notNumeric, EfactError? missing, EfactError? checkDigits)
    {
        if (z.Digits(zone, notNumeric, sensitive: true) is not { } value) return null;
        if (value == 0 && missing is not null)
        {
            z.Reject(zone, missing, "no beneficiary identification (all zeros)");
            return null;
        }
        var raw = z.Span(zone);
        if (checkDigits is not null && (!raw.StartsWith("00", StringComparison.Ordinal) || !BelgianIdentifiers.IsValidNiss(raw[2..])))
        {
            z.Reject(zone, checkDigits, "the identification is not a NISS with valid check digits (value not shown)");
            return null;
        }
        return raw[2..].ToString();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static LineDraft ReadRecord50(RecordView r, Header20? h, RecordView? r20)
    {
        var draft = new LineDraft(r);
        var z = new ZoneChecker(r, draft.Rejections);

        z.Digits(R50.Norm, E.R50NormNotNumeric);
        int? code = null;
        if (z.Digits(R50.Code, E.R50CodeNotNumeric) is { } c)
        {
            if (draft.Code[0] != '0') z.Reject(R50.Code, E.R50CodeFirstDigit, $"{z.Show(R50.Code)} does not start with 0");
            else code = (int)c;
        }
        var (firstOk, first) = z.Date(R50.FirstDate, E.R50FirstDate, optional: false);
        var (lastOk, last) = z.Date(R50.LastDate, E.R50LastDate, optional: false);
        if (first is { } f1 && last is { } l1 && l1 < f1)
            z.Reject(R50.LastDate, E.R50LastBeforeFirst, $"last service date {l1:yyyy-MM-dd} is before the first {f1:yyyy-MM-dd}");

        if (z.Digits(R50.AffiliationMutuality, E.R50AffiliationNotNumeric) is not null && r20 is not null &&
            !z.Span(R50.AffiliationMutuality).SequenceEqual(r20.Span(R20.AffiliationMutuality)))
            z.Reject(R50.AffiliationMutuality, E.R50AffiliationDiffers, $"{z.Show(R50.AffiliationMutuality)} where record 20 holds '{RecordView.Printable(r20.Raw(R20.AffiliationMutuality))}'");
        if (z.Digits(R50.Beneficiary, E.R50BeneficiaryNotNumeric, sensitive: true) is not null && r20 is not null &&
            !z.Span(R50.Beneficiary).SequenceEqual(r20.Span(R20.Beneficiary)))
            z.Reject(R50.Beneficiary, E.R50BeneficiaryDiffers, "the beneficiary differs from record 20's (values not shown)");
        if (z.Digits(R50.Sex, E.R50SexNotNumeric) is not null && r20 is not null && !z.Span(R50.Sex).SequenceEqual(r20.Span(R20.Sex)))
            z.Reject(R50.Sex, E.R50SexDiffers, $"{z.Show(R50.Sex)} where record 20 holds '{RecordView.Printable(r20.Raw(R20.Sex))}'");
        draft.Account = z.Digits(R50.Account, E.R50AccountNotNumeric);
        if (draft.Account is { } acc and not 0)
            z.Reject(R50.Account, E.R50AccountNotA, $"{z.Show(R50.Account)}: the sending pays account A only (record 10 zone 3 = 0)");

        string? provider = null;
        if (z.Digits(R50.Provider, E.R50ProviderNotNumeric) is { } p)
        {
            var raw = z.Span(R50.Provider);
            if (raw[0] != '0') z.Reject(R50.Provider, E.R50ProviderFirstDigit, $"{z.Show(R50.Provider)} does not start with 0");
            else
            {
                provider = raw[1..].ToString();
                if (p == 0) z.Reject(R50.Provider, E.R50ProviderMissing, "no provider NIHII (all zeros)");
            }
        }
        var providerNorm = z.Digits(R50.ProviderNorm, E.R50ProviderNormNotNumeric);
        draft.Amount = z.Signed(R50.Amount, E.R50AmountNotNumeric, E.R50AmountSign, E.R50AmountSignInDigits);
        var (prescriptionOk, prescriptionDate) = z.Date(R50.PrescriptionDate, E.R50PrescriptionDate, optional: true);
        var units = z.Signed(R50.Units, E.R50UnitsNotNumeric, E.R50UnitsSign, E.R50UnitsSignInDigits);

        string? prescriber = null;
        var prescriberOk = false;
        if (z.Digits(R50.Prescriber, E.R50PrescriberNotNumeric) is { } pr)
        {
            var raw = z.Span(R50.Prescriber);
            if (pr != 0 && raw[0] != '0')
                z.Reject(R50.Prescriber, E.R50PrescriberFirstDigit, $"{z.Show(R50.Prescriber)} does not start with 0");
            else
            {
                prescriberOk = true;
                prescriber = pr == 0 ? null : raw[1..].ToString();
            }
        }
        if (prescriberOk && prescriptionOk)
        {
            if (prescriber is not null && prescriptionDate is null)
                z.Reject(R50.PrescriptionDate, E.R50PrescriptionDateMissing, "a prescriber is given without a prescription date");
            if (prescriber is null && prescriptionDate is not null)
                z.Reject(R50.Prescriber, E.R50PrescriberMissing, "a prescription date is given without a prescriber");
        }
        z.Digits(R50.PrescriberNorm, E.R50PrescriberNormNotNumeric);
        draft.Share = z.Signed(R50.PersonalShare, E.R50ShareNotNumeric, E.R50ShareSign, E.R50ShareSignInDigits);
        var reference = z.Text(R50.SenderReference);
        draft.Supplement = z.Signed(R50.Supplement, E.R50SupplementNotNumeric, E.R50SupplementSign, E.R50SupplementSignInDigits);
        var convention = z.Digits(R50.ConventionCode, E.R50ConventionNotNumeric);

        // Signs must agree with the insurance amount's when both are non-zero (a credit note is negative throughout).
        if (draft.Amount is { } amt and not 0)
        {
            if (units is { } u and not 0 && Math.Sign(u) != Math.Sign(amt))
                z.Reject(R50.Units, E.R50UnitsSignMismatch, $"{z.Show(R50.Units)} against amount {z.Show(R50.Amount)}");
            if (draft.Share is { } sh and not 0 && Math.Sign(sh) != Math.Sign(amt))
                z.Reject(R50.PersonalShare, E.R50ShareSignMismatch, $"{z.Show(R50.PersonalShare)} against amount {z.Show(R50.Amount)}");
            if (draft.Supplement is { } su and not 0 && Math.Sign(su) != Math.Sign(amt))
                z.Reject(R50.Supplement, E.R50SupplementSignMismatch, $"{z.Show(R50.Supplement)} against amount {z.Show(R50.Amount)}");
        }
        z.CheckDigits(E.For("50", "9902"));

        if (code is { } cd && firstOk && lastOk && first is { } fd && last is { } ld && provider is not null &&
            providerNorm is { } pn && draft.Amount is { } a && units is { } un && draft.Share is { } s2 &&
            draft.Supplement is { } s3 && convention is { } cv && prescriberOk && prescriptionOk)
            draft.Line = new EfactServiceLine(cd, fd, ld, provider, (int)pn, new Money(a), (int)un, new Money(s2),
                new Money(s3), (int)cv, prescriber, prescriptionDate, reference);
        return draft;
    }

    /// <summary>Records 51 and 52: code, date and beneficiary repeat their record 50 / 20. Returns the code read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int? ReadRecord5x(RecordView r, ZoneChecker z, LineDraft? line, RecordView? r20)
    {
        var is51 = r.Type == "51";
        int? code = null;
        if (z.Digits(R5x.Code, is51 ? E.R51CodeNotNumeric : E.R52CodeNotNumeric) is { } c)
        {
            code = (int)c;
            if (line is not null && !z.Span(R5x.Code).SequenceEqual(line.Code))
                z.Reject(R5x.Code, is51 ? E.R51CodeDiffers : E.R52CodeDiffers, $"{z.Show(R5x.Code)} where its record 50 holds '{RecordView.Printable(line.Record.Raw(R50.Code))}'");
        }
        if (z.Date(R5x.Date, is51 ? E.R51DateNotNumeric : E.R52DateNotNumeric, optional: false).Ok &&
            line is not null && !z.Span(R5x.Date).SequenceEqual(line.Date))
            z.Reject(R5x.Date, is51 ? E.R51DateDiffers : E.R52DateDiffers, $"{z.Show(R5x.Date)} where its record 50 holds '{RecordView.Printable(line.Record.Raw(R50.FirstDate))}'");
        if (z.Digits(R5x.Beneficiary, is51 ? E.R51BeneficiaryNotNumeric : E.R52BeneficiaryNotNumeric, sensitive: true) is not null &&
            r20 is not null && !z.Span(R5x.Beneficiary).SequenceEqual(r20.Span(R20.Beneficiary)))
            z.Reject(R5x.Beneficiary, is51 ? E.R51BeneficiaryDiffers : E.R52BeneficiaryDiffers, "the beneficiary differs from record 20's (values not shown)");
        z.CheckDigits(E.For(r.Type, "9902"));
        return code;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (long? A, long? B, int? Destination) ReadRecord80(
        RecordView r, List<EfactRejection> sink, RecordView? r20, List<LineDraft> lines, long? codeSum, int? destination)
    {
        var z = new ZoneChecker(r, sink);
        void Repeat(EfactZone zone80, EfactZone zone20, EfactError notNumeric, EfactError differs, bool sensitive = false)
        {
            if (z.Digits(zone80, notNumeric, sensitive) is null || r20 is null) return;
            if (!z.Span(zone80).SequenceEqual(r20.Span(zone20)))
                z.Reject(zone80, differs, sensitive
                    ? $"zone {zone80.Number} differs from record 20 zone {zone20.Number} (values not shown)"
                    : $"{z.Show(zone80)} where record 20 zone {zone20.Number} holds '{RecordView.Printable(r20.Raw(zone20))}'");
        }
        Repeat(R80.AffiliationMutuality, R20.AffiliationMutuality, E.R80AffiliationNotNumeric, E.R80AffiliationDiffers);
        Repeat(R80.Beneficiary, R20.Beneficiary, E.R80BeneficiaryNotNumeric, E.R80BeneficiaryDiffers, sensitive: true);
        Repeat(R80.Sex, R20.Sex, E.R80SexNotNumeric, E.R80SexDiffers);
        Repeat(R80.InvoiceType, R20.InvoiceType, E.R80InvoiceTypeNotNumeric, E.R80InvoiceTypeDiffers);
        Repeat(R80.Institution, R20.Institution, E.R80InstitutionNotNumeric, E.R80InstitutionDiffers);
        Repeat(R80.DestinationMutuality, R20.DestinationMutuality, E.R80DestinationNotNumeric, E.R80DestinationDiffers);
        Repeat(R80.InvoiceNumber, R20.InvoiceNumber, E.R80InvoiceNumberNotNumeric, E.R80InvoiceNumberDiffers);
        Repeat(R80.BeneficiaryFlag, R20.BeneficiaryFlag, E.R80FlagNotNumeric, E.R80FlagDiffers);
        if (destination is null && RecordView.AllDigits(z.Span(R80.DestinationMutuality)))
            destination = int.Parse(z.Span(R80.DestinationMutuality));

        var amountB = z.Signed(R80.AmountB, E.R80AmountBNotNumeric, E.R80AmountBSign, E.R80AmountBSignInDigits);
        var amountA = z.Signed(R80.AmountA, E.R80AmountANotNumeric, E.R80AmountASign, E.R80AmountASignInDigits);
        var share = z.Signed(R80.PersonalShare, E.R80ShareNotNumeric, E.R80ShareSign, E.R80ShareSignInDigits);
        var supplement = z.Signed(R80.Supplement, E.R80SupplementNotNumeric, E.R80SupplementSign, E.R80SupplementSignInDigits);

        // Totals are checked only when every line's zone could be read (an unreadable line already refuses the invoice).
        // The four totals over the lines in one loop (checked, as Enumerable.Sum): no delegate, no iterator. A total is
        // checked only when every line's account and own zone could be read.
        bool amountsRead = true, sharesRead = true, supplementsRead = true;
        long sumA = 0, sumB = 0, sumShare = 0, sumSupplement = 0;
        foreach (var l in lines)
        {
            if (l.Account is not { } account) { amountsRead = sharesRead = supplementsRead = false; break; }
            if (l.Amount is { } amount)
            {
                if (account == 0) sumA = checked(sumA + amount);
                else if (account == 1) sumB = checked(sumB + amount);
            }
            else amountsRead = false;
            if (l.Share is { } sh) sumShare = checked(sumShare + sh); else sharesRead = false;
            if (l.Supplement is { } su) sumSupplement = checked(sumSupplement + su); else supplementsRead = false;
        }
        void Total(bool read, long sum, long? found, EfactZone zone, EfactError error, string what)
        {
            if (found is not { } f || !read) return;
            if (sum != f)
                z.Reject(zone, error, $"{what} {z.Show(zone)} where the invoice's records 50 add up to {Signed(sum, zone.Width)}");
        }
        Total(amountsRead, sumA, amountA, R80.AmountA, E.R80AmountATotal, "account A total");
        Total(amountsRead, sumB, amountB, R80.AmountB, E.R80AmountBTotal, "account B total");
        Total(sharesRead, sumShare, share, R80.PersonalShare, E.R80ShareTotal, "personal share total");
        Total(supplementsRead, sumSupplement, supplement, R80.Supplement, E.R80SupplementTotal, "supplement total");

        if (codeSum is { } total)
        {
            var value = EfactCheckDigits.FromSum(total); // 1 .. 97
            var control = z.Span(Common.ControlDigits);
            if (control.Length != 2 || control[0] != (char)('0' + value / 10) || control[1] != (char)('0' + value % 10))
                z.Reject(Common.ControlDigits, E.R80ControlDigits,
                    $"'{RecordView.Printable(z.Raw(Common.ControlDigits))}' where the codes of records 50/51/52 give {value.ToString("00", System.Globalization.CultureInfo.InvariantCulture)}");
        }
        z.CheckDigits(E.For("80", "9902"));
        return (amountA, amountB, destination);
    }

    internal static string Signed(long value, int width) =>
        (value < 0 ? "-" : "+") + Math.Abs(value).ToString(new string('0', width - 1));
}
