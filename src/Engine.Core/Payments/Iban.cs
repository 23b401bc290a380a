namespace Engine.Core.Payments;

/// <summary>
/// A checked IBAN in electronic form (no spaces, upper case). <see cref="ToString"/> masks all but the last four
/// characters so an IBAN never reaches a log in clear by accident; <see cref="Value"/> is the full account for the
/// payment file and the finance reports.
/// </summary>
public readonly record struct Iban
{
    public string Value { get; }

    private Iban(string value) => Value = value;

    public string CountryCode => Value[..2];

    /// <summary>Checks an IBAN as typed (spaces allowed, any case). Success holds the electronic form.</summary>
    public static IbanCheck Check(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return IbanCheck.Fail("IBAN missing");
        var iban = text.Replace(" ", "").ToUpperInvariant();
        foreach (var c in iban)
            if (!(c is >= 'A' and <= 'Z' || c is >= '0' and <= '9'))
                return IbanCheck.Fail("IBAN has characters other than letters and digits");
        if (iban.Length < 4 || !char.IsAsciiLetterUpper(iban[0]) || !char.IsAsciiLetterUpper(iban[1]))
            return IbanCheck.Fail("IBAN must start with a two-letter country code");
        var country = iban[..2];
        if (!IbanCountries.Lengths.TryGetValue(country, out var length))
            return IbanCheck.Fail($"IBAN country '{country}' is not a SEPA country known to the engine");
        if (iban.Length != length)
            return IbanCheck.Fail($"IBAN for {country} must have {length} characters, has {iban.Length}");
        if (!char.IsAsciiDigit(iban[2]) || !char.IsAsciiDigit(iban[3]))
            return IbanCheck.Fail("IBAN check digits (positions 3-4) must be digits");
        // ISO 13616 allows 02..98 only; 00, 01 and 99 can pass mod 97 yet are never issued.
        var checkDigits = (iban[2] - '0') * 10 + (iban[3] - '0');
        if (checkDigits is < 2 or > 98)
            return IbanCheck.Fail("IBAN check digits must be between 02 and 98");
        if (Mod97(iban[4..] + iban[..4]) != 1)
            return IbanCheck.Fail("IBAN fails the ISO 13616 check (mod 97 must be 1)");
        if (country == "BE" && BelgianBbanProblem(iban[4..]) is { } problem)
            return IbanCheck.Fail(problem);
        return IbanCheck.Ok(new Iban(iban));
    }

    public static bool TryParse(string? text, out Iban iban)
    {
        var check = Check(text);
        iban = check.Iban ?? default;
        return check.IsValid;
    }

    public static Iban Parse(string text)
    {
        var check = Check(text);
        return check.IsValid ? check.Iban!.Value : throw new FormatException(check.Problem);
    }

    /// <summary>All but the last four characters replaced by '*': BE68539007547034 -> ************7034.</summary>
    public static string Mask(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var compact = text.Replace(" ", "");
        return compact.Length <= 4 ? new string('*', compact.Length) : new string('*', compact.Length - 4) + compact[^4..];
    }

    public string Masked => Mask(Value);

    public override string ToString() => Masked;

    /// <summary>
    /// Remainder mod 97 of the number written by the characters, letters counting as 10 (A) to 35 (Z), computed
    /// digit by digit so any length works without big integers.
    /// </summary>
    internal static int Mod97(string alphanumeric)
    {
        var r = 0;
        foreach (var c in alphanumeric)
        {
            if (char.IsAsciiDigit(c)) r = (r * 10 + (c - '0')) % 97;
            else r = (r * 100 + (c - 'A' + 10)) % 97;
        }
        return r;
    }

    /// <summary>Belgian BBAN: 12 digits, the last two = the first ten mod 97, with 0 written 97.</summary>
    private static string? BelgianBbanProblem(string bban)
    {
        foreach (var c in bban)
            if (!char.IsAsciiDigit(c)) return "Belgian IBAN must have 12 digits after BE and the check digits";
        var expected = Mod97Check(long.Parse(bban[..10], System.Globalization.CultureInfo.InvariantCulture));
        var actual = int.Parse(bban[10..], System.Globalization.CultureInfo.InvariantCulture);
        return expected == actual ? null : "Belgian account number check fails (last 2 digits must be the first 10 mod 97)";
    }

    /// <summary>The Belgian mod-97 check used by account numbers and structured communications: n mod 97, 0 -> 97.</summary>
    internal static int Mod97Check(long n)
    {
        var r = (int)(n % 97);
        return r == 0 ? 97 : r;
    }
}

/// <summary>The outcome of an IBAN check: the IBAN, or the reason it is refused (never the IBAN itself).</summary>
public sealed record IbanCheck(Iban? Iban, string? Problem)
{
    public bool IsValid => Iban is not null;
    internal static IbanCheck Ok(Iban iban) => new(iban, null);
    internal static IbanCheck Fail(string problem) => new(null, problem);
}
