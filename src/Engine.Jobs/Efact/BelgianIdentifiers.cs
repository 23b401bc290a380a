using System.Numerics;
using System.Runtime.CompilerServices;

namespace Engine.Jobs.Efact;

/// <summary>Check digits of the Belgian identifiers the eFact reader verifies.</summary>
public static class BelgianIdentifiers
{
    /// <summary>
    /// NISS/INSZ: 11 digits, the last two = 97 - (first nine mod 97); for people born from 2000 the first nine are
    /// prefixed with 2 before the modulo. Either form is accepted (the birth century is not in the number).
    /// </summary>
    public static bool IsValidNiss(string? niss) => niss is not null && IsValidNiss(niss.AsSpan());

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsValidNiss(ReadOnlySpan<char> niss)
    {
        if (niss.Length != 11 || niss.ContainsAnyExceptInRange('0', '9')) return false;
        var body = long.Parse(niss[..9]);
        var check = int.Parse(niss[9..]);
        return check == 97 - (int)(body % 97) || check == 97 - (int)((2_000_000_000L + body) % 97);
    }

    /// <summary>Enterprise number (BCE/KBO): 10 digits, the last two = 97 - (first eight mod 97).</summary>
    public static bool IsValidEnterpriseNumber(string? number)
    {
        if (number is not { Length: 10 } || !number.All(char.IsAsciiDigit)) return false;
        var body = long.Parse(number[..8]);
        return body > 0 && int.Parse(number[8..]) == 97 - (int)(body % 97);
    }

    /// <summary>IBAN (ISO 13616): the first four characters moved to the end, letters as 10..35, mod 97 = 1.</summary>
    public static bool IsValidIban(string? iban)
    {
        if (iban is not { Length: >= 15 and <= 34 }) return false;
        if (!char.IsAsciiLetterUpper(iban[0]) || !char.IsAsciiLetterUpper(iban[1]) ||
            !char.IsAsciiDigit(iban[2]) || !char.IsAsciiDigit(iban[3])) return false;
        var digits = new System.Text.StringBuilder(iban.Length * 2);
        foreach (var c in iban[4..] + iban[..4])
        {
            if (char.IsAsciiDigit(c)) digits.Append(c);
            else if (char.IsAsciiLetterUpper(c)) digits.Append(c - 'A' + 10);
            else return false;
        }
        return BigInteger.Parse(digits.ToString()) % 97 == 1;
    }

    /// <summary>A NISS with valid check digits (born before 2000 form) from its first nine digits.</summary>
    public static string NissFromBody(int firstNine) =>
        firstNine.ToString("000000000") + (97 - firstNine % 97).ToString("00");

    /// <summary>A Belgian IBAN from a 12-digit domestic account number (its own check digits are not verified).</summary>
    public static string BelgianIban(string accountDigits)
    {
        // BE + check + account; check = 98 - (account + "1114" + "00") mod 97, B=11, E=14.
        var n = BigInteger.Parse(accountDigits + "111400");
        return "BE" + (98 - (int)(n % 97)).ToString("00") + accountDigits;
    }
}
