using Engine.Jobs.Data;
using NodaTime;

namespace Engine.Jobs.Ingestion;

/// <summary>
/// Changes of family situation of declared indemnity cases (a partner's income changed, a member now lives alone):
/// columns <see cref="Columns"/>, one change per row, from the date it applies. The nightly run pays the days from
/// that date at the rate of the new situation; days already paid are settled by `recalc`. A malformed row, a case not
/// declared, or a (case, date) given twice in the file is refused with its line, column and reason; a row identical
/// to what is already known changes nothing.
/// </summary>
public sealed class IndemnityFamilyImport(IEngineStore store, IClock clock)
{
    public static readonly string[] Columns = ["case_id", "from_date", "family_status"];

    public static bool Looks(byte[] content) => CsvFile.StartsWithHeader(content, Columns, 3);

    public (ImportOutcome Outcome, IReadOnlyList<string> Changed) Import(string fileName, byte[] content)
    {
        var now = clock.GetCurrentInstant();
        var cases = store.IndemnityCases(now).Select(c => c.CaseId).ToHashSet(StringComparer.Ordinal);
        var known = store.IndemnityFamily(now).ToDictionary(f => (f.CaseId, f.FromDate), f => f.FamilyStatus);
        var rows = new List<(IndemnityFamilyRow Row, int Line)>();
        int unchanged = 0;
        var problems = CsvFile.ReadRows(fileName, content, Columns, r =>
        {
            var caseId = r.Text("case_id");
            if (!cases.Contains(caseId)) throw r.Error("case_id", $"'{caseId}' is not a declared indemnity case");
            var status = r.Text("family_status");
            if (status is not ("family" or "isolated" or "cohabitant"))
                throw r.Error("family_status", $"'{status}' is not family, isolated or cohabitant");
            var from = r.Date("from_date");
            if (rows.Any(x => x.Row.CaseId == caseId && x.Row.FromDate == from))
                throw r.Error("from_date", $"case {caseId} already has a change on {from:yyyy-MM-dd} in this file");
            if (known.TryGetValue((caseId, from), out var before) && before == status) { unchanged++; return; }
            rows.Add((new IndemnityFamilyRow { CaseId = caseId, FromDate = from, FamilyStatus = status, SourceFile = fileName, KnownAt = now }, r.Line));
        }, out var headerProblem);
        if (problems is null) return (new ImportOutcome(fileName, "indemnity-family", "refused", 0, 0, 0, 0, headerProblem!, null), []);
        store.AddIndemnityFamily(rows.Select(r => r.Row));
        var outcome = new ImportOutcome(fileName, "indemnity-family", "imported", rows.Count, problems.Count, rows.Count, problems.Count,
            unchanged > 0 ? $"{unchanged} change(s) already known" : "", null) { Rejections = problems };
        return (outcome, rows.Select(r => r.Row.CaseId).Distinct(StringComparer.Ordinal).ToList());
    }
}
