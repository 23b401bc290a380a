using Engine.Core.Rules;

namespace Engine.Jobs.Rules;

/// <summary>
/// Dated numeric parameters: every file named parameters*.csv under rules/, columns
/// parameter,from,to,value,confidence,source[,unit,note,illustrative]. A parameter may be spread over
/// several rows (one per period); the periods of one parameter may not overlap nor leave a gap.
/// </summary>
public static class ParameterFiles
{
    private static readonly string[] Required = ["parameter", "from", "to", "value", "confidence", "source"];
    private static readonly string[] Optional = ["unit", "note", "illustrative"];

    public static ParameterSet Load(string rulesDir)
    {
        var files = Directory.EnumerateFiles(rulesDir, "parameters*.csv", SearchOption.AllDirectories)
            .OrderBy(f => f, StringComparer.Ordinal);
        var byName = new Dictionary<string, List<Dated<decimal>>>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var display = RuleSetLoader.Display(rulesDir, file);
            foreach (var row in RuleTable.Read(file, display, Required, Optional))
            {
                var name = row.Required("parameter");
                if (!byName.TryGetValue(name, out var list)) byName[name] = list = [];
                list.Add(new Dated<decimal>(row.Date("from"), row.OptionalDate("to"), row.Decimal("value"), row.Origin()));
            }
        }
        return new ParameterSet(byName.Select(kv => DatedSeries<decimal>.Create(kv.Key, kv.Value)));
    }
}
