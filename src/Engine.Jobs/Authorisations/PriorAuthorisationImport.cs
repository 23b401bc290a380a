using System.Globalization;
using Engine.Core.Reimbursement;
using Engine.Jobs.Data;
using Engine.Jobs.Efact;
using Engine.Jobs.Ingestion;
using Engine.Jobs.Registry;
using Engine.Jobs.Rules;
using NodaTime;

namespace Engine.Jobs.Authorisations;

/// <summary>
/// The medical adviser's decisions on prior-authorisation requests, one per row: columns <see cref="Columns"/>
/// (docs/authorisations-and-bim.md). A malformed row is refused with file, line, column and reason, and the other rows
/// go through; a row the store already holds with the same values (the same file imported again) adds nothing; a
/// reference sent again with other values is a new version of that decision, from now.
/// </summary>
public sealed class PriorAuthorisationImport(IEngineStore store, RuleSetProvider rules, IClock clock)
{
    public static readonly string[] Columns = ["member_niss", "code_or_group", "from", "to", "sessions", "decision", "reference"];

    public static bool Looks(byte[] content) => CsvFile.StartsWithHeader(content, Columns, 3);

    public ImportOutcome Import(string fileName, byte[] content)
    {
        var now = clock.GetCurrentInstant();
        var authorisations = rules.Current.Authorisations;
        var reimbursement = rules.Current.Reimbursement;
        var members = new MembersByNiss(store, now);
        var rows = new List<PriorAuthorisationRow>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var problems = CsvFile.ReadRows(fileName, content, Columns, r =>
        {
            var member = members.MemberOf(r, "member_niss");
            var from = r.Date("from");
            var to = r.Date("to");
            if (to < from) throw r.Error("to", $"{to:yyyy-MM-dd} is before from {from:yyyy-MM-dd}");
            var codes = r.Text("code_or_group");
            if (CareCode.TryParse(codes, out var code))
            {
                if (!reimbursement.TryGetFee(code, from, out _) && !reimbursement.TryGetFee(code, to, out _))
                    throw r.Error("code_or_group", $"code {code} is not in the nomenclature between {from:yyyy-MM-dd} and {to:yyyy-MM-dd}");
                codes = code.ToString(CultureInfo.InvariantCulture);
            }
            else if (!GroupKnown(authorisations, codes, from, to))
                throw r.Error("code_or_group", $"'{codes}' is neither a nomenclature code nor a group of rules/authorisations/prior-authorisation.csv");
            int? sessions = null;
            if (r.Optional("sessions") is { } s)
                sessions = int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                    ? n : throw r.Error("sessions", $"'{s}' is not a number of sessions above zero (empty: no count)");
            var decision = r.Text("decision").ToLowerInvariant() switch
            {
                "granted" => "granted",
                "refused" => "refused",
                var other => throw r.Error("decision", $"'{other}' is neither granted nor refused"),
            };
            var reference = r.Text("reference");
            if (seen.TryGetValue(reference, out var line)) throw r.Error("reference", $"'{reference}' is given twice in the file (line {line} first)");
            seen[reference] = r.Line;
            rows.Add(new PriorAuthorisationRow
            {
                Reference = reference, MemberId = member, Codes = codes, FromDate = from, ToDate = to, Sessions = sessions, Decision = decision,
                FileName = fileName, KnownAt = now,
            });
        }, out var headerProblem);
        if (problems is null) return new ImportOutcome(fileName, "authorisations", "refused", 0, 0, 0, 0, headerProblem!, null);
        var known = store.PriorAuthorisations(now).ToDictionary(a => a.Reference, StringComparer.Ordinal);
        var added = rows.Where(a => !known.TryGetValue(a.Reference, out var k) || !Same(k, a)).ToList();
        store.AddPriorAuthorisations(added);
        var changed = added.Count(a => known.ContainsKey(a.Reference));
        return new ImportOutcome(fileName, "authorisations", "imported", rows.Count, problems.Count, rows.Count, problems.Count,
            $"{added.Count - changed} new, {changed} changed, {rows.Count - added.Count} unchanged authorisation(s)", null) { Rejections = problems };
    }

    private static bool GroupKnown(Core.Authorisations.AuthorisationRules rules, string group, LocalDate from, LocalDate to) =>
        rules.Codes.Any(code => rules.GroupOf(code, from) == group || rules.GroupOf(code, to) == group);

    private static bool Same(PriorAuthorisationRow a, PriorAuthorisationRow b) =>
        a.MemberId == b.MemberId && a.Codes == b.Codes && a.FromDate == b.FromDate && a.ToDate == b.ToDate && a.Sessions == b.Sessions && a.Decision == b.Decision;
}
