using System.Text;

namespace Engine.Core.Payments;

/// <summary>
/// Text in the SEPA Latin character set (EPC: a-z A-Z 0-9 / - ? : ( ) . , ' + and space), the only characters
/// every bank in the chain must carry. Accented letters are transliterated (é -> e, ß -> ss, æ -> ae), typographic
/// quotes become ', &amp; becomes +, _ becomes -, anything else becomes a space; runs of spaces collapse and the
/// result is trimmed and cut to the field's maximum length.
/// </summary>
public static class SepaText
{
    public const int NameMaxLength = 70;
    public const int UnstructuredRemittanceMaxLength = 140;

    private static readonly Dictionary<char, string> Transliteration = Build();

    public static bool IsAllowed(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9'
            or '/' or '-' or '?' or ':' or '(' or ')' or '.' or ',' or '\'' or '+' or ' ';

    /// <summary>The text in the SEPA character set, cut to <paramref name="maxLength"/> characters.</summary>
    public static string ToSepa(string? text, int maxLength)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (IsAllowed(c)) sb.Append(c);
            else if (Transliteration.TryGetValue(c, out var t)) sb.Append(t);
            else sb.Append(' ');
        }
        var collapsed = string.Join(' ', sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return collapsed.Length <= maxLength ? collapsed : collapsed[..maxLength].TrimEnd();
    }

    public static string Name(string? text) => ToSepa(text, NameMaxLength);

    private static Dictionary<char, string> Build()
    {
        var map = new Dictionary<char, string>();
        void Add(string from, string to) { foreach (var c in from) map[c] = to; }
        Add("àáâãäåāăą", "a"); Add("ÀÁÂÃÄÅĀĂĄ", "A");
        Add("æ", "ae"); Add("Æ", "AE");
        Add("çćĉċč", "c"); Add("ÇĆĈĊČ", "C");
        Add("ďđð", "d"); Add("ĎĐÐ", "D");
        Add("èéêëēĕėęě", "e"); Add("ÈÉÊËĒĔĖĘĚ", "E");
        Add("ĝğġģ", "g"); Add("ĜĞĠĢ", "G");
        Add("ĥħ", "h"); Add("ĤĦ", "H");
        Add("ìíîïĩīĭįı", "i"); Add("ÌÍÎÏĨĪĬĮİ", "I");
        Add("ĵ", "j"); Add("Ĵ", "J");
        Add("ķ", "k"); Add("Ķ", "K");
        Add("ĺļľŀł", "l"); Add("ĹĻĽĿŁ", "L");
        Add("ñńņňŉ", "n"); Add("ÑŃŅŇ", "N");
        Add("òóôõöøōŏő", "o"); Add("ÒÓÔÕÖØŌŎŐ", "O");
        Add("œ", "oe"); Add("Œ", "OE");
        Add("ŕŗř", "r"); Add("ŔŖŘ", "R");
        Add("śŝşšș", "s"); Add("ŚŜŞŠȘ", "S");
        Add("ß", "ss");
        Add("ţťŧț", "t"); Add("ŢŤŦȚ", "T");
        Add("ùúûüũūŭůűų", "u"); Add("ÙÚÛÜŨŪŬŮŰŲ", "U");
        Add("ŵ", "w"); Add("Ŵ", "W");
        Add("ýÿŷ", "y"); Add("ÝŸŶ", "Y");
        Add("źżž", "z"); Add("ŹŻŽ", "Z");
        Add("þ", "th"); Add("Þ", "TH");
        Add("‘’‚‛`´\"“”„«»", "'");
        Add("&", "+");
        Add("_–—", "-");
        return map;
    }
}
