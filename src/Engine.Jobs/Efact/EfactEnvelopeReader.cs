using System.Globalization;
using NodaTime;
using static Engine.Jobs.Efact.EfactLayout;
using E = Engine.Jobs.Efact.EfactErrors;
using S = Engine.Jobs.Efact.EfactSegmentErrors;

namespace Engine.Jobs.Efact;

/// <summary>The header segments as read; null members could not be read.</summary>
internal sealed record SegmentValues(
    string? MessageReference, bool? IsTest, YearMonth? InvoicedMonth, int? SendingNumber, LocalDate? CreationDate,
    string? Version);

/// <summary>Record 10 as read; the raw zones are kept for the repeats in records 20 and 90.</summary>
internal sealed record Record10Values(RecordView Record, int? SendingNumber, YearMonth? InvoicedMonth, LocalDate? CreationDate,
    string? ThirdPartyNihii, string? EnterpriseNumber, string Bic, string Iban, string SenderReference)
{
    public string ThirdPartyZone => Record.Raw(R10.ThirdParty);
}

/// <summary>Checks of the envelope: segments 200/300, records 10 and 90, records 95 and 96.</summary>
internal static class EfactEnvelopeReader
{
    public static EfactRejection SegmentRejection(string segment, long offset, string zone, EfactError error, string detail) =>
        new(segment, null, offset, zone, error, detail);

    /// <summary>Segments 200 and 300 (the caller made sure the text holds at least 227 characters).</summary>
    public static SegmentValues ReadSegments(string text, List<EfactRejection> reasons)
    {
        string Zone(int segmentStart, EfactZone z) => text.Substring(segmentStart + z.Start - 1, z.Width);
        void Reject(string segment, int offset, EfactZone z, EfactError e, string detail) =>
            reasons.Add(SegmentRejection(segment, offset, z.Number, e, detail));
        string Show(string raw) => $"'{RecordView.Printable(raw)}'";

        bool? isTest = Zone(0, S200.Type) switch { "92" => true, "12" => false, _ => null };
        if (isTest is null) Reject("200", 0, S200.Type, S.Unknown, $"{Show(Zone(0, S200.Type))} is neither 12 (production) nor 92 (test)");
        var reference = Zone(0, S200.Reference);
        if (!RecordView.AllDigits(reference))
        {
            Reject("200", 0, S200.Reference, S.Unknown, $"{Show(reference)} is not a 14-digit message reference");
            reference = null;
        }

        const int s300 = Segment200Length;
        YearMonth? month = null;
        var monthRaw = Zone(s300, S300.InvoicedMonth);
        if (RecordView.ParseDate(monthRaw + "01") is { } m) month = new YearMonth(m.Year, m.Month);
        else Reject("300", s300, S300.InvoicedMonth, S.Unknown, $"{Show(monthRaw)} is not a month YYYYMM");
        int? sending = null;
        var sendingRaw = Zone(s300, S300.SendingNumber);
        if (RecordView.AllDigits(sendingRaw) && sendingRaw != "000") sending = int.Parse(sendingRaw, CultureInfo.InvariantCulture);
        else Reject("300", s300, S300.SendingNumber, S.Unknown, $"{Show(sendingRaw)} is not a sending number 001-999");
        var creationRaw = Zone(s300, S300.CreationDate);
        var creation = RecordView.ParseDate(creationRaw);
        if (creation is null) Reject("300", s300, S300.CreationDate, S.Unknown, $"{Show(creationRaw)} is not a date YYYYMMDD");
        var version = Zone(s300, S300.InstructionsVersion);
        if (version is not ("0001999" or "9991999"))
        {
            Reject("300", s300, S300.InstructionsVersion, S.Unknown, $"{Show(version)} is neither 0001999 (production) nor 9991999 (test)");
            version = null;
        }
        else if (isTest is { } t && t != (version == "9991999"))
            Reject("300", s300, S300.InstructionsVersion, S.Incompatible, $"{Show(version)} does not match message type {Show(Zone(0, S200.Type))} of segment 200");
        return new SegmentValues(reference, isTest, month, sending, creation, version);
    }

    public static Record10Values ReadRecord10(RecordView r, SegmentValues seg, List<EfactRejection> reasons)
    {
        var z = new ZoneChecker(r, reasons);
        if (r.Sequence is not 1)
            z.Reject(Common.Sequence, E.FirstSequenceNotOne, $"{z.Show(Common.Sequence)} where the first record is numbered 000001");
        if (z.Digits(R10.IndexCode, E.For("10", "0101")) is { } index && index != 0)
            z.Reject(R10.IndexCode, E.R10IndexCode, $"{z.Show(R10.IndexCode)}: only account A (index 0) is read");
        if (z.Digits(R10.InstructionsVersion, E.R10VersionNotNumeric) is not null)
        {
            var v = z.Raw(R10.InstructionsVersion);
            if (v is not ("0001999" or "9991999"))
                z.Reject(R10.InstructionsVersion, E.R10VersionNotAllowed, $"{z.Show(R10.InstructionsVersion)} is neither 0001999 nor 9991999");
            else if (seg.Version is { } sv && sv != v)
                z.Reject(R10.InstructionsVersion, E.R10VersionDiffers, $"{z.Show(R10.InstructionsVersion)} where segment 300 zone 304 holds '{sv}'");
        }

        int? sending = null;
        if (z.Digits(R10.SendingNumber, E.R10SendingNotNumeric) is { } sn)
        {
            if (sn == 0) z.Reject(R10.SendingNumber, E.R10SendingZero, "sending number 000");
            else
            {
                sending = (int)sn;
                if (seg.SendingNumber is { } s3 && s3 != sn)
                    z.Reject(R10.SendingNumber, E.R10SendingDiffers, $"{z.Show(R10.SendingNumber)} where segment 300 zone 301 holds {s3:000}");
            }
        }

        string? thirdParty = null;
        if (z.Digits(R10.ThirdParty, E.R10ThirdPartyNotNumeric) is not null)
        {
            var raw = z.Raw(R10.ThirdParty);
            if (raw[0] != '0') z.Reject(R10.ThirdParty, E.R10ThirdPartyFirstDigit, $"{z.Show(R10.ThirdParty)} does not start with 0");
            else thirdParty = raw[1..];
        }

        YearMonth? month = null;
        var year = z.Digits(R10.InvoicedYear, E.R10YearNotNumeric);
        if (year is not null && z.Raw(R10.InvoicedYear)[0] != '0')
        {
            z.Reject(R10.InvoicedYear, E.R10YearFirstDigit, $"{z.Show(R10.InvoicedYear)} does not start with 0");
            year = null;
        }
        else if (year is 0)
        {
            z.Reject(R10.InvoicedYear, E.R10YearNotAllowed, "invoiced year 0");
            year = null;
        }
        var monthNumber = z.Digits(R10.InvoicedMonth, E.R10MonthNotNumeric);
        if (monthNumber is not null and not (>= 1 and <= 12))
        {
            z.Reject(R10.InvoicedMonth, E.R10MonthNotAllowed, $"{z.Show(R10.InvoicedMonth)} is not a month 01-12");
            monthNumber = null;
        }
        if (year is { } y && monthNumber is { } mo)
        {
            month = new YearMonth((int)y, (int)mo);
            if (seg.InvoicedMonth is { } sm && sm.Year != y)
                z.Reject(R10.InvoicedYear, E.R10YearDiffers, $"{y} where segment 300 zone 300 holds {sm.Year}");
            else if (seg.InvoicedMonth is { } sm2 && sm2.Month != mo)
                z.Reject(R10.InvoicedMonth, E.R10MonthDiffers, $"{mo:00} where segment 300 zone 300 holds {sm2.Month:00}");
        }

        var (_, creation) = z.Date(R10.CreationDate, E.R10CreationDate, optional: false);
        if (creation is { } cd && seg.CreationDate is { } sc && sc != cd)
            reasons.Add(SegmentRejection("300", Segment200Length, S300.CreationDate.Number, S.Incompatible,
                $"creation date {sc:yyyyMMdd} where record 10 zones 25-26 hold {cd:yyyyMMdd}"));

        string? enterprise = null;
        if (z.Digits(R10.EnterpriseNumber, E.R10EnterpriseNotNumeric) is { } bce)
        {
            var raw = z.Raw(R10.EnterpriseNumber);
            // Mandatory (and checked) for invoiced months from 2015-01; before, zeros are allowed.
            var mandatory = month is null || month >= new YearMonth(2015, 1);
            if (bce == 0 && mandatory) z.Reject(R10.EnterpriseNumber, E.R10EnterpriseMissing, "no enterprise number (all zeros)");
            else if (bce != 0 && !BelgianIdentifiers.IsValidEnterpriseNumber(raw))
                z.Reject(R10.EnterpriseNumber, E.R10EnterpriseCheckDigits, $"{z.Show(R10.EnterpriseNumber)}: 97 - (first eight digits mod 97) is not the last two");
            else enterprise = raw;
        }

        var bic = z.Text(R10.BicA);
        if (bic.Trim().Length == 0) z.Reject(R10.BicA, E.R10BicMissing, "no BIC for account A");
        var iban = z.Text(R10.IbanA);
        if (iban.Trim().Length == 0) z.Reject(R10.IbanA, E.R10IbanMissing, "no IBAN for account A");
        else if (!BelgianIdentifiers.IsValidIban(iban)) z.Reject(R10.IbanA, E.R10IbanCheckDigits, "the IBAN fails its mod-97 check (value not shown)");
        var reference = z.Text(R10.SenderReference);
        z.CheckDigits(E.For("10", "9902"));
        return new Record10Values(r, sending, month, creation, thirdParty, enterprise, bic, iban, reference);
    }

    public static void ReadRecord90(RecordView r, Record10Values? h, IReadOnlyList<InvoiceTotals> invoices, int expectedSequence,
        List<EfactRejection> reasons)
    {
        var z = new ZoneChecker(r, reasons);
        void Repeat(EfactZone zone90, EfactZone zone10, EfactError? notNumeric, EfactError differs, bool sensitive = false)
        {
            if (notNumeric is not null && z.Digits(zone90, notNumeric) is null) return;
            if (h is null || z.Raw(zone90) == h.Record.Raw(zone10)) return;
            z.Reject(zone90, differs, sensitive
                ? $"zone {zone90.Number} differs from record 10 zone {zone10.Number} (values not shown)"
                : $"{z.Show(zone90)} where record 10 zone {zone10.Number} holds '{RecordView.Printable(h.Record.Raw(zone10))}'");
        }
        Repeat(R90.SendingNumber, R10.SendingNumber, E.R90SendingNotNumeric, E.R90SendingDiffers);
        Repeat(R90.ThirdParty, R10.ThirdParty, E.R90ThirdPartyNotNumeric, E.R90ThirdPartyDiffers);
        Repeat(R90.InvoicedYear, R10.InvoicedYear, E.R90YearNotNumeric, E.R90YearDiffers);
        Repeat(R90.InvoicedMonth, R10.InvoicedMonth, E.R90MonthNotNumeric, E.R90MonthDiffers);
        Repeat(R90.EnterpriseNumber, R10.EnterpriseNumber, null, E.R90EnterpriseDiffers);
        Repeat(R90.BicA, R10.BicA, null, E.R90BicDiffers);
        Repeat(R90.IbanA, R10.IbanA, null, E.R90IbanDiffers, sensitive: true);

        var b = z.Signed(R90.AmountB, E.R90AmountBNotNumeric, E.R90AmountBSign, E.R90AmountBSignInDigits);
        var a = z.Signed(R90.AmountA, E.R90AmountANotNumeric, E.R90AmountASign, E.R90AmountASignInDigits);
        Total(z, a, invoices, i => i.AmountA, R90.AmountA, E.R90AmountATotal);
        Total(z, b, invoices, i => i.AmountB, R90.AmountB, E.R90AmountBTotal);

        var control = z.Raw(Common.ControlDigits);
        if (!RecordView.AllDigits(control))
            z.Reject(Common.ControlDigits, E.R90ControlNotNumeric, $"{z.Show(Common.ControlDigits)} is not two digits");
        else if (SendingControl(invoices) is not { } expected)
            z.Reject(Common.ControlDigits, E.R90ControlDigits, "cannot be verified: a nomenclature code of the file is unreadable");
        else if (control != expected.ToString("00"))
            z.Reject(Common.ControlDigits, E.R90ControlDigits, $"'{control}' where the codes of all records 50/51/52 give {expected:00}");
        z.CheckDigits(E.For("90", "9902"));
    }

    private static void Total(ZoneChecker z, long? found, IReadOnlyList<InvoiceTotals> invoices, Func<InvoiceTotals, long?> part,
        EfactZone zone, EfactError error)
    {
        if (found is not { } f) return;
        var missing = invoices.FirstOrDefault(i => part(i) is null);
        if (missing is not null)
        {
            z.Reject(zone, error, $"cannot be verified: the invoice starting at record #{missing.First.Index + 1} has no readable record 80 amount");
            return;
        }
        var sum = invoices.Sum(i => part(i)!.Value);
        if (sum != f)
            z.Reject(zone, error, $"{z.Show(zone)} where the records 80 add up to {EfactInvoiceReader.Signed(sum, zone.Width)}");
    }

    /// <summary>Σ of every code of records 50/51/52, mod 97 (0 -> 97); null when a code is unreadable.</summary>
    public static int? SendingControl(IEnumerable<InvoiceTotals> invoices)
    {
        long sum = 0;
        foreach (var i in invoices)
        {
            if (i.CodeSum is not { } s) return null;
            sum += s;
        }
        return EfactCheckDigits.FromSum(sum);
    }

    /// <summary>
    /// Records 95 (one per destination mutuality, in the order of the invoices) and 96. Amounts must match the records 80;
    /// control digits the codes. Zones 409/509 (record counts) are not checked: no source settles how they count
    /// (efact-layout.md §5.4), and the mutualities echo them without error.
    /// </summary>
    public static void ReadSummaries(IReadOnlyList<RecordView> summaries, IReadOnlyList<InvoiceTotals> invoices, List<EfactRejection> reasons)
    {
        var mutualities = new List<int>();
        foreach (var i in invoices)
            if (i.DestinationMutuality is { } d && (mutualities.Count == 0 || mutualities[^1] != d)) mutualities.Add(d);
        var distinct = mutualities.Distinct().ToList();

        var r95 = summaries.Where(s => s.Type == "95").ToList();
        var r96 = summaries.Where(s => s.Type == "96").ToList();
        for (var n = 0; n < r95.Count; n++)
        {
            var r = r95[n];
            int? expectedMutuality = n < distinct.Count ? distinct[n] : null;
            var group = expectedMutuality is { } em ? invoices.Where(i => i.DestinationMutuality == em).ToList() : [];
            var mutRaw = r.Raw(R9x.Mutuality);
            if (!RecordView.AllDigits(mutRaw) || expectedMutuality is null || int.Parse(mutRaw) != expectedMutuality)
            {
                Reject(r, reasons, R9x.Mutuality, false, S.Unknown, expectedMutuality is null
                    ? $"record 95 for mutuality '{RecordView.Printable(mutRaw)}' but the invoices address only {distinct.Count} mutualities"
                    : $"'{RecordView.Printable(mutRaw)}' where the {Ordinal(n + 1)} destination mutuality of the invoices is {expectedMutuality:000}");
                continue;
            }
            CheckAmounts(r, false, group, reasons);
            var control = r.Raw(R9x.ControlDigits);
            var expected = SendingControl(group);
            if (expected is null || control != expected.Value.ToString("00"))
                Reject(r, reasons, R9x.ControlDigits, false, S.Unknown, expected is null
                    ? "cannot be verified: a nomenclature code of this mutuality's invoices is unreadable"
                    : $"'{RecordView.Printable(control)}' where the codes of this mutuality's invoices give {expected:00}");
        }
        for (var n = r95.Count; n < distinct.Count; n++)
            reasons.Add(new EfactRejection("95", null, null, R9x.Mutuality.Number, S.Unknown, $"no record 95 for destination mutuality {distinct[n]:000}"));

        if (r96.Count == 0)
        {
            reasons.Add(new EfactRejection("96", null, null, "500", S.Unknown, "no record 96 (grand total) at the end of the file"));
            return;
        }
        var total = r96[^1];
        var federationRaw = total.Raw(R9x.Mutuality);
        if (distinct.Count > 0)
        {
            var federation = EfactWriter.FederationCode(distinct[0]);
            if (federationRaw != federation.ToString("000"))
                Reject(total, reasons, R9x.Mutuality, true, S.Unknown, $"'{RecordView.Printable(federationRaw)}' where the destination mutualities give federation {federation:000}");
        }
        CheckAmounts(total, true, invoices, reasons);
        var sendingControl = SendingControl(invoices);
        var control96 = total.Raw(R9x.ControlDigits);
        if (sendingControl is null || control96 != sendingControl.Value.ToString("00"))
            Reject(total, reasons, R9x.ControlDigits, true, S.Unknown, sendingControl is null
                ? "cannot be verified: a nomenclature code of the file is unreadable"
                : $"'{RecordView.Printable(control96)}' where the codes of the file give {sendingControl:00} (= record 90 zone 98)");
    }

    private static void CheckAmounts(RecordView r, bool is96, IReadOnlyList<InvoiceTotals> group, List<EfactRejection> reasons)
    {
        long? Amount(EfactZone sign, EfactZone amount)
        {
            var s = r.Raw(sign);
            if (s is not ("+" or "-"))
            {
                Reject(r, reasons, sign, is96, S.Sign, $"'{RecordView.Printable(s)}' is not + or -");
                return null;
            }
            var digits = r.Raw(amount);
            if (!RecordView.AllDigits(digits))
            {
                Reject(r, reasons, amount, is96, S.Unknown, $"'{RecordView.Printable(digits)}' is not 11 digits");
                return null;
            }
            var v = long.Parse(digits, CultureInfo.InvariantCulture);
            return s == "-" ? -v : v;
        }
        var a = Amount(R9x.SignA, R9x.AmountA);
        var b = Amount(R9x.SignB, R9x.AmountB);
        var t = Amount(R9x.SignTotal, R9x.AmountTotal);
        var readable = group.All(i => i.AmountA is not null && i.AmountB is not null);
        var sumA = readable ? group.Sum(i => i.AmountA!.Value) : (long?)null;
        var sumB = readable ? group.Sum(i => i.AmountB!.Value) : (long?)null;
        void Compare(long? found, long? expected, EfactZone zone, string what)
        {
            if (found is not { } f) return;
            if (expected is not { } e)
                Reject(r, reasons, zone, is96, S.AmountMismatch, $"{what} cannot be verified: a record 80 amount is unreadable");
            else if (e != f)
                Reject(r, reasons, zone, is96, S.AmountMismatch, $"{what} {f} cents where the records 80 add up to {e} cents");
        }
        Compare(a, sumA, R9x.AmountA, "account A");
        Compare(b, sumB, R9x.AmountB, "account B");
        Compare(t, sumA + sumB, R9x.AmountTotal, "total");
    }

    private static void Reject(RecordView r, List<EfactRejection> reasons, EfactZone zone, bool is96, EfactError error, string detail) =>
        reasons.Add(new EfactRejection(r.Type, null, r.Offset, R9x.Name(zone, is96), error, detail));

    private static string Ordinal(int n) => n switch { 1 => "1st", 2 => "2nd", 3 => "3rd", _ => $"{n}th" };
}
