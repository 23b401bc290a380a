namespace Engine.Jobs.Efact;

/// <summary>
/// What a sending must satisfy to be written faithfully (every value fits its zone, one federation, unique invoice
/// numbers). The writer refuses anything else: a file it writes always reads back to the same sending.
/// </summary>
public static class EfactSendingValidation
{
    public const long MaxAmount11 = 99_999_999_999;
    public const long MaxAmount9 = 999_999_999;

    public static IReadOnlyList<string> Problems(EfactSending s)
    {
        var p = new List<string>();
        var sending = default(Where);
        Digits(p, sending, "message reference (segment 200 zone 204)", s.MessageReference, 14);
        if (s.SendingNumber is < 1 or > 999) p.Add($"sending number {s.SendingNumber} is not 1..999");
        if (s.InvoicedMonth.Year is < 1 or > 9999) p.Add($"invoiced month {s.InvoicedMonth} cannot be written");
        if (s.CreationDate.Year is < 1 or > 9999) p.Add($"creation date {s.CreationDate} cannot be written");
        Digits(p, sending, "third-party NIHII", s.ThirdPartyNihii, 11);
        Digits(p, sending, "enterprise number", s.EnterpriseNumber, 10);
        Text(p, sending, "IBAN", s.Iban, 34, allowSpaces: false);
        Text(p, sending, "BIC", s.Bic, 11, allowSpaces: false);
        Text(p, sending, "sender reference", s.SenderReference, 25);
        if (s.Invoices.Count == 0) p.Add("a sending holds at least one invoice");

        var seen = new HashSet<long>();
        foreach (var i in s.Invoices)
        {
            var where = new Where(i.InvoiceNumber, 0);
            if (i.InvoiceNumber is < 1 or > 999_999_999_999) p.Add($"{where}: number is not 1..999999999999");
            if (!seen.Add(i.InvoiceNumber)) p.Add($"{where}: number used twice in the sending");
            if (i.AffiliationMutuality is < 0 or > 999) p.Add($"{where}: affiliation mutuality is not 3 digits");
            if (i.DestinationMutuality is < 0 or > 999) p.Add($"{where}: destination mutuality is not 3 digits");
            Digits(p, where, "beneficiary NISS", i.BeneficiaryNiss, 11);
            if (!Enum.IsDefined(i.Sex)) p.Add($"{where}: sex {(int)i.Sex} is not 1 or 2");
            if (i.InvoiceType is < 0 or > 9) p.Add($"{where}: invoice type {i.InvoiceType} is not one digit");
            Text(p, where, "sender reference", i.SenderReference, 25);
            if (i.Lines.Count == 0) p.Add($"{where}: an invoice holds at least one service line");
            if (Math.Abs(i.TotalAmount.Cents) > MaxAmount11) p.Add($"{where}: total amount does not fit 11 digits");
            if (Math.Abs(i.TotalPersonalShare.Cents) > MaxAmount9) p.Add($"{where}: total personal share does not fit 9 digits");
            if (Math.Abs(i.TotalSupplement.Cents) > MaxAmount9) p.Add($"{where}: total supplement does not fit 9 digits");
            for (var n = 0; n < i.Lines.Count; n++) Line(p, new Where(i.InvoiceNumber, n + 1), i.Lines[n]);
        }
        if (s.Invoices.Select(i => i.DestinationMutuality / 100).Distinct().Count() > 1)
            p.Add("the destination mutualities belong to more than one federation (first digit); one sending addresses one federation");
        if (Math.Abs(s.TotalAmount.Cents) > MaxAmount11) p.Add("sending total does not fit 11 digits");
        if (4 + s.Invoices.Sum(i => 2 + i.Lines.Count) > 999_999) p.Add("more than 999999 records");
        return p;
    }

    public static void ThrowIfInvalid(EfactSending sending)
    {
        var problems = Problems(sending);
        if (problems.Count > 0)
            throw new ArgumentException("eFact sending cannot be written: " + string.Join("; ", problems), nameof(sending));
    }

    private static void Line(List<string> p, Where where, EfactServiceLine l)
    {
        if (l.NomenclatureCode is < 1 or > 999_999) p.Add($"{where}: nomenclature code {l.NomenclatureCode} is not 6 digits");
        if (l.FirstServiceDate.Year is < 1 or > 9999 || l.LastServiceDate.Year is < 1 or > 9999) p.Add($"{where}: a service date cannot be written");
        if (l.LastServiceDate < l.FirstServiceDate) p.Add($"{where}: last service date is before the first");
        Digits(p, where, "provider NIHII", l.ProviderNihii, 11);
        if (l.ProviderNorm is < 0 or > 9) p.Add($"{where}: provider norm is not one digit");
        if (Math.Abs(l.InsuranceAmount.Cents) > MaxAmount11) p.Add($"{where}: amount does not fit 11 digits");
        if (l.Units is < -9999 or > 9999) p.Add($"{where}: units {l.Units} do not fit 4 digits");
        if (Math.Abs(l.PersonalShare.Cents) > MaxAmount9) p.Add($"{where}: personal share does not fit 9 digits");
        if (Math.Abs(l.Supplement.Cents) > MaxAmount9) p.Add($"{where}: supplement does not fit 9 digits");
        if (l.ConventionCode is < 0 or > 9) p.Add($"{where}: convention code is not one digit");
        if (l.PrescriberNihii is { } prescriber) Digits(p, where, "prescriber NIHII", prescriber, 11);
        if (l.PrescriptionDate is { Year: < 1 or > 9999 }) p.Add($"{where}: prescription date cannot be written");
        Text(p, where, "sender reference", l.SenderReference, 25);
    }

    /// <summary>
    /// Where a problem is: the sending itself (no words), an invoice ("invoice 12") or one of its lines ("invoice 12
    /// line 3"). Put in words only when there is a problem: a sending has hundreds of thousands of values to check.
    /// </summary>
    private readonly record struct Where(long? Invoice, int Line)
    {
        public override string ToString() => Invoice is not { } invoice ? "" : Line > 0 ? $"invoice {invoice} line {Line}" : $"invoice {invoice}";

        /// <summary>The words of a value there: "invoice 12 line 3: provider NIHII", or "third-party NIHII" on the sending.</summary>
        public string Of(string value) => Invoice is null ? value : $"{this}: {value}";
    }

    private static void Digits(List<string> p, Where where, string what, string? value, int length)
    {
        if (value is null || value.Length != length || value.AsSpan().ContainsAnyExceptInRange('0', '9'))
            p.Add($"{where.Of(what)} is not {length} digits");
    }

    private static void Text(List<string> p, Where where, string what, string? value, int max, bool allowSpaces = true)
    {
        if (value is null) { p.Add($"{where.Of(what)} is missing"); return; }
        if (value.Length > max) p.Add($"{where.Of(what)} is longer than {max} characters");
        if (value.AsSpan().ContainsAnyExceptInRange(allowSpaces ? ' ' : '!', '~'))
            p.Add($"{where.Of(what)} holds characters outside printable ASCII");
        if (value.EndsWith(' ')) p.Add($"{where.Of(what)} ends with a space (the zone's padding would swallow it)");
    }
}
