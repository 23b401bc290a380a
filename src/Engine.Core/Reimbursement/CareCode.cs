namespace Engine.Core.Reimbursement;

/// <summary>Nomenclature codes as integers. eFact writes a 6-digit code with a leading zero ("0101076"):
/// both forms give the same number, 101076.</summary>
public static class CareCode
{
    public const int MaxDigits = 7;

    /// <summary>1 to 7 ASCII digits (surrounding spaces allowed), value above zero.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out int code)
    {
        code = 0;
        text = text.Trim();
        if (text.Length is 0 or > MaxDigits) return false;
        foreach (var c in text)
        {
            if (c is < '0' or > '9') return false;
            code = code * 10 + (c - '0');
        }
        return code > 0;
    }
}
