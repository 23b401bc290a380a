namespace Engine.Core.Rules;

/// <summary>
/// Which provisional rule values (confidence I inferred or U unverified) an amount was computed with, in one compact,
/// deterministic cell: each step's rule id, '@', the rules file (its name without extension) and line the value was
/// read from, and the letter; distinct entries in ordinal order, joined with ';'. Empty: every value used is stated
/// (S). Example: <c>fee.101076@fees:6(I);maf.child@parameters-maf:10(I)</c>.
/// </summary>
public static class Provisional
{
    public static string Of(IEnumerable<ExplanationStep> steps)
    {
        var entries = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var step in steps)
            if (step.Origin is { Confidence: not Confidence.S } o)
                entries.Add($"{step.RuleId}@{Name(o.File)}:{o.Line}({o.Confidence})");
        return string.Join(';', entries);
    }

    /// <summary>Two cells joined (a line's reimbursement and its MAF refund), still distinct and in order.</summary>
    public static string Join(string a, string b) =>
        a.Length == 0 ? b : b.Length == 0 ? a
        : string.Join(';', a.Split(';').Concat(b.Split(';')).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    private static string Name(string file)
    {
        var slash = Math.Max(file.LastIndexOf('/'), file.LastIndexOf('\\'));
        var name = slash >= 0 ? file[(slash + 1)..] : file;
        var dot = name.LastIndexOf('.');
        return dot > 0 ? name[..dot] : name;
    }
}
