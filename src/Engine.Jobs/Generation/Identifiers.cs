using System.Numerics;
using NodaTime;

namespace Engine.Jobs.Generation;

/// <summary>Valid-looking Belgian identifiers for synthetic data: NISS, NIHII, IBAN, all with correct check digits.</summary>
public static class Identifiers
{
    /// <summary>NISS: yymmdd + 3-digit sequence (odd for men, even for women) + 97 - (number mod 97), with a 2 prefix after 1999.</summary>
    public static string Niss(LocalDate birth, int sequence)
    {
        var body = $"{birth.Year % 100:00}{birth.Month:00}{birth.Day:00}{sequence:000}";
        var n = long.Parse(body) + (birth.Year >= 2000 ? 2_000_000_000L : 0);
        var check = 97 - (int)(n % 97);
        return body + check.ToString("00");
    }

    /// <summary>An 11-digit NIHII: 1 + 5-digit number + 2 check digits + 3-digit qualification.</summary>
    public static string Nihii(int number, string qualification)
    {
        var body = $"1{number:00000}";
        var check = 97 - (int)(long.Parse(body) % 97);
        return body + check.ToString("00") + qualification;
    }

    /// <summary>A Belgian IBAN from a 3-digit bank code and a 7-digit account number.</summary>
    public static string BelgianIban(int bank, int account)
    {
        var ten = $"{bank:000}{account:0000000}";
        var national = (int)(long.Parse(ten) % 97);
        if (national == 0) national = 97;
        var bban = ten + national.ToString("00");
        // ISO 13616: move "BE00" to the end, letters to numbers (B=11, E=14), check = 98 - mod 97.
        var numeric = BigInteger.Parse(bban + "1114" + "00");
        var check = 98 - (int)(numeric % 97);
        return $"BE{check:00}{bban}";
    }

    /// <summary>A KBO/BCE enterprise number: 0 + 7 digits + 97 - (the first 8 mod 97).</summary>
    public static string EnterpriseNumber(int number)
    {
        var body = $"0{number % 10_000_000:0000000}";
        return body + (97 - (int)(long.Parse(body) % 97)).ToString("00");
    }
}
