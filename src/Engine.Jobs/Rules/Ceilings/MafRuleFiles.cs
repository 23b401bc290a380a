using Engine.Core.Ceilings;
using Engine.Core.Rules;

namespace Engine.Jobs.Rules.Ceilings;

using Money = Engine.Core.Money.Money;

/// <summary>
/// Reads rules/ceilings/maf-revenus.csv: one row per income bracket and year of care, columns
/// from,to,bracket,income_up_to,ceiling,confidence,source[,note,illustrative]. The rows of one period form its table:
/// brackets numbered 1..n, upper bounds rising, only the last one open, ceilings rising. Periods may neither overlap
/// nor leave a gap. The single MAF figures (social, chronic, child) are parameters in parameters-maf.csv.
/// No file: <see cref="MafRules.Empty"/>, and every year of care is refused when the MAF is asked for.
/// </summary>
public static class MafRuleFiles
{
    public const string BracketsFile = "ceilings/maf-revenus.csv";
    private static readonly string[] Required = ["from", "to", "bracket", "income_up_to", "ceiling", "confidence", "source"];
    private static readonly string[] Optional = ["note", "illustrative"];

    public static MafRules Load(string rulesDir)
    {
        var path = Path.Combine(rulesDir, BracketsFile);
        if (!File.Exists(path)) return MafRules.Empty;
        var display = RuleSetLoader.Display(rulesDir, path);
        var rows = RuleTable.Read(path, display, Required, Optional);
        if (rows.Count == 0) throw new RuleLoadException($"{display}: no bracket at all");

        var periods = new List<Dated<MafBracketTable>>();
        foreach (var group in rows.GroupBy(r => (From: r.Date("from"), To: r.OptionalDate("to"))))
        {
            var brackets = group.Select(r => new MafBracket(r.Int("bracket"), OptionalMoney(r, "income_up_to"), Amount(r, "ceiling"), r.Origin()))
                .OrderBy(b => b.Number).ToList();
            var first = group.First();
            for (int i = 0; i < brackets.Count; i++)
            {
                var b = brackets[i];
                var where = $"{b.Origin.File}:{b.Origin.Line}";
                if (b.Number != i + 1)
                    throw new RuleLoadException($"{where}: bracket {b.Number} of the period from {group.Key.From:yyyy-MM-dd}: brackets must be numbered 1, 2, 3... without a gap or a repeat");
                bool last = i == brackets.Count - 1;
                if (last != (b.IncomeUpTo is null))
                    throw new RuleLoadException($"{where}: only the last bracket of a period has an empty income_up_to");
                if (b.Ceiling <= Money.Zero)
                    throw new RuleLoadException($"{where}: ceiling must be above zero");
                if (i > 0)
                {
                    var prev = brackets[i - 1];
                    if (!last && b.IncomeUpTo!.Value <= prev.IncomeUpTo!.Value)
                        throw new RuleLoadException($"{where}: income_up_to must rise from one bracket to the next");
                    if (b.Ceiling <= prev.Ceiling)
                        throw new RuleLoadException($"{where}: ceiling must rise from one bracket to the next");
                }
            }
            periods.Add(new Dated<MafBracketTable>(group.Key.From, group.Key.To, new MafBracketTable(brackets), first.Origin()));
        }
        return new MafRules(DatedSeries<MafBracketTable>.Create(MafRules.BracketsName, periods));
    }

    private static Money Amount(RuleRow row, string column)
    {
        var d = row.Decimal(column);
        if (d * 100m != decimal.Truncate(d * 100m))
            throw new RuleLoadException($"{row.Where}: column '{column}' = '{d}' has more than two decimals");
        return new Money((long)(d * 100m));
    }

    private static Money? OptionalMoney(RuleRow row, string column) => row.Optional(column) is null ? null : Amount(row, column);
}
