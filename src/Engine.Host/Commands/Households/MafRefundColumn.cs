using Engine.Core.Ceilings;
using Engine.Core.Rules;

namespace Engine.Host.Commands.Households;

/// <summary>
/// The maf_refund column of `calc reimbursement --households`: one cell per line, in the order of the lines given
/// (file order). Lines are counted per household and year of care in service-date order, then file order. The
/// households file's defects and every line whose MAF cannot be computed (no household, no household row, a year
/// the rules do not cover) are written to stderr, and that line's cell is left empty; the other lines go through.
/// </summary>
public static class MafRefundColumn
{
    public const string Header = "maf_refund";

    public static IReadOnlyList<string> Compute(RuleSet rules, IReadOnlyList<MafBatchLine> lines, HouseholdsFile households,
        TextWriter stderr, IReadOnlyDictionary<MafCounterKey, MafCounterState>? counters = null)
    {
        foreach (var error in households.Errors) stderr.WriteLine(error);
        var result = MafBatch.Run(rules, lines, households.Households, counters);
        foreach (var line in result.Lines)
            if (line.Error is not null) stderr.WriteLine($"maf: {line.Error}");
        return result.Lines.Select(l => l.Cell).ToList();
    }
}
