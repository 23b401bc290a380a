using System.Globalization;
using Engine.Core.Authorisations;
using Engine.Core.Reimbursement;
using Engine.Core.Rules;

namespace Engine.Jobs.Rules.Authorisations;

/// <summary>
/// Reads rules/authorisations/prior-authorisation.csv: per nomenclature code and period, whether care needs the medical
/// adviser's prior agreement (<c>required</c>) and the group of codes an authorisation may name instead of the code.
/// Columns code,group,from,to,required,confidence,source[,illustrative,note]. The periods of one code may neither
/// overlap nor leave a gap (a code that stops needing one gets a row with required=false); an unknown column, a code
/// that is not digits, a group that is not a plain name fail the load naming file and line. No file: no code needs one.
/// </summary>
public static class AuthorisationRuleFiles
{
    public const string File = "authorisations/prior-authorisation.csv";
    private static readonly string[] Required = ["code", "group", "from", "to", "required", "confidence", "source"];
    private static readonly string[] Optional = ["illustrative", "note"];

    public static AuthorisationRules Load(string rulesDir, ReimbursementRules? reimbursement = null)
    {
        var path = Path.Combine(rulesDir, File);
        if (!System.IO.File.Exists(path)) return AuthorisationRules.Empty;
        var display = RuleSetLoader.Display(rulesDir, path);
        var rows = RuleTable.Read(path, display, Required, Optional);
        var byCode = new Dictionary<int, List<Dated<AuthorisationFlag>>>();
        foreach (var row in rows)
        {
            var text = row.Required("code");
            if (!CareCode.TryParse(text, out var code))
                throw new RuleLoadException($"{row.Where}: column 'code' = '{text}' is not a nomenclature code (digits)");
            if (reimbursement is not null && !reimbursement.TryGetFee(code, row.Date("from"), out _))
                throw new RuleLoadException($"{row.Where}: code {code} has no fee in rules/reimbursement/ on {row.Date("from"):yyyy-MM-dd} (not in the nomenclature then)");
            var group = row.Optional("group");
            if (group is not null && (group.All(char.IsAsciiDigit) || !group.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')))
                throw new RuleLoadException($"{row.Where}: column 'group' = '{group}' must be a name of letters, digits, '_', '-' or '.', not only digits (a code)");
            var from = row.Date("from");
            var to = row.OptionalDate("to");
            (byCode.TryGetValue(code, out var list) ? list : byCode[code] = [])
                .Add(new Dated<AuthorisationFlag>(from, to, new AuthorisationFlag(row.Bool("required"), group), row.Origin()));
        }
        return new AuthorisationRules(byCode.ToDictionary(kv => kv.Key,
            kv => DatedSeries<AuthorisationFlag>.Create($"prior authorisation of code {kv.Key.ToString(CultureInfo.InvariantCulture)}", kv.Value)));
    }
}
