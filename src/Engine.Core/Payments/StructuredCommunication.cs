using System.Globalization;

namespace Engine.Core.Payments;

/// <summary>
/// Belgian structured communication (OGM / VCS): 12 digits written +++DDD/DDDD/DDDDD+++, the last two being the
/// first ten mod 97 (0 written 97). In a SEPA transfer it travels as a creditor reference of type SCOR issued by BBA
/// whose Ref is the 12 digits.
/// </summary>
public readonly record struct StructuredCommunication
{
    /// <summary>The 12 digits, without separators.</summary>
    public string Digits { get; }

    private StructuredCommunication(string digits) => Digits = digits;

    /// <summary>Builds one from a 10-digit base (0 .. 9 999 999 999) by appending its check digits.</summary>
    public static StructuredCommunication FromBase(long base10)
    {
        if (base10 is < 0 or > 9_999_999_999L)
            throw new ArgumentOutOfRangeException(nameof(base10), base10, "the base of a structured communication has 10 digits");
        var check = Iban.Mod97Check(base10);
        return new StructuredCommunication(
            base10.ToString("0000000000", CultureInfo.InvariantCulture) + check.ToString("00", CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The communication for a third-party-payment transfer, built so the provider can match it to the sending it
    /// pays: base = sending number (3 digits) + invoiced month YYMM (4) + mutuality number (3), i.e.
    /// +++SSS/YYMM/MMMcc+++, the same order as the payment reference of the eFact settlement (920900 record 91
    /// zone 423, e.g. 713/202402/900/). A third party may not reuse a sending number within a year, so the
    /// two-digit year is enough to tell its sendings apart.
    /// </summary>
    public static StructuredCommunication ForSending(EfactSendingRef sending) =>
        sending.Problem is { } problem ? throw new ArgumentException(problem, nameof(sending)) :
        FromBase(sending.SendingNumber * 10_000_000L
                 + (sending.InvoicedMonth.Year % 100) * 100_000L
                 + sending.InvoicedMonth.Month * 1_000L
                 + sending.MutualityNumber);

    /// <summary>Reads "+++DDD/DDDD/DDDDD+++", "***DDD/DDDD/DDDDD***" or 12 bare digits; spaces are ignored.</summary>
    public static bool TryParse(string? text, out StructuredCommunication communication, out string problem)
    {
        communication = default;
        if (string.IsNullOrWhiteSpace(text)) { problem = "structured communication missing"; return false; }
        var t = text.Replace(" ", "");
        if (t.Length == 20 && (t.StartsWith("+++", StringComparison.Ordinal) && t.EndsWith("+++", StringComparison.Ordinal)
                               || t.StartsWith("***", StringComparison.Ordinal) && t.EndsWith("***", StringComparison.Ordinal)))
        {
            if (t[6] != '/' || t[11] != '/')
            {
                problem = "structured communication must read +++DDD/DDDD/DDDDD+++";
                return false;
            }
            t = t.Substring(3, 3) + t.Substring(7, 4) + t.Substring(12, 5);
        }
        if (t.Length != 12 || !t.All(char.IsAsciiDigit))
        {
            problem = "structured communication must read +++DDD/DDDD/DDDDD+++ (12 digits)";
            return false;
        }
        var expected = Iban.Mod97Check(long.Parse(t[..10], CultureInfo.InvariantCulture));
        if (int.Parse(t[10..], CultureInfo.InvariantCulture) != expected)
        {
            problem = "structured communication check fails (last 2 digits must be the first 10 mod 97, 0 -> 97)";
            return false;
        }
        communication = new StructuredCommunication(t);
        problem = "";
        return true;
    }

    public static StructuredCommunication Parse(string text) =>
        TryParse(text, out var c, out var problem) ? c : throw new FormatException(problem);

    /// <summary>+++DDD/DDDD/DDDDD+++</summary>
    public override string ToString() => $"+++{Digits[..3]}/{Digits[3..7]}/{Digits[7..]}+++";
}
