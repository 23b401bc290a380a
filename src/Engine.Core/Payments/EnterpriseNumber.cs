namespace Engine.Core.Payments;

/// <summary>
/// Belgian enterprise number (KBO-BCE): 10 digits starting with 0 or 1, the last two = 97 - (first eight mod 97).
/// Written in the payment file as the initiating party's id, issuer KBO-BCE.
/// </summary>
public static class EnterpriseNumber
{
    /// <summary>The 10 digits when valid ("BE", dots and spaces are ignored), else null and the reason.</summary>
    public static string? Normalize(string? text, out string? problem)
    {
        problem = null;
        var t = (text ?? "").Replace(" ", "").Replace(".", "").ToUpperInvariant();
        if (t.StartsWith("BE", StringComparison.Ordinal)) t = t[2..];
        if (t.Length != 10 || !t.All(char.IsAsciiDigit) || t[0] is not ('0' or '1'))
        {
            problem = "enterprise number must have 10 digits starting with 0 or 1";
            return null;
        }
        var first8 = long.Parse(t[..8], System.Globalization.CultureInfo.InvariantCulture);
        if (97 - first8 % 97 != long.Parse(t[8..], System.Globalization.CultureInfo.InvariantCulture))
        {
            problem = "enterprise number check fails (last 2 digits must be 97 - first 8 mod 97)";
            return null;
        }
        return t;
    }
}
