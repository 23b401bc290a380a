using System.Globalization;
using Engine.Jobs.Data;
using NodaTime;

namespace Engine.Jobs.Ingestion;

/// <summary>
/// Indemnity declarations (the employer's wage declaration, or the notice of a self-employed member, maternity or
/// birth leave), one case per row: columns <see cref="Columns"/>. A malformed row is refused with its line, column and
/// reason; the other rows go in. A row identical to what is already known changes nothing (idempotent); a changed row
/// is a new version of the case, known from now on.
/// </summary>
public sealed class IndemnityDeclarationImport(IEngineStore store, IClock clock)
{
    public static readonly string[] Columns =
        ["case_id", "member_id", "kind", "regime", "regular_worker", "first_day", "last_day", "daily_wage", "family_status"];

    public static bool Looks(byte[] content) => CsvFile.StartsWithHeader(content, Columns, 2);

    /// <returns>The outcome, and the ids of the cases new or changed by this file (to be paid on arrival).</returns>
    public (ImportOutcome Outcome, IReadOnlyList<string> Arrived) Import(string fileName, byte[] content)
    {
        var now = clock.GetCurrentInstant();
        var known = store.IndemnityCases(now).ToDictionary(c => c.CaseId, StringComparer.Ordinal);
        var members = store.Beneficiaries(now).Select(b => b.BeneficiaryId).ToHashSet(StringComparer.Ordinal);
        var parsed = new List<(int Line, IndemnityCaseRow Row)>();
        var problems = CsvFile.ReadRows(fileName, content, Columns, r =>
        {
            var row = Parse(r, fileName, now);
            if (!members.Contains(row.BeneficiaryId)) throw r.Error("member_id", $"'{row.BeneficiaryId}' is not a known member");
            parsed.Add((r.Line, row));
        }, out var headerProblem);
        if (problems is null) return (new ImportOutcome(fileName, "indemnity", "refused", 0, 0, 0, 0, headerProblem!, null), []);
        // A case twice in one file: which row is the declaration cannot be told, so none is taken (and both would be the
        // same version of the case, known at the same instant).
        var rows = new List<IndemnityCaseRow>();
        int unchanged = 0;
        foreach (var group in parsed.GroupBy(p => p.Row.CaseId, StringComparer.Ordinal))
        {
            if (group.Count() > 1)
            {
                var lines = group.Select(p => p.Line).ToList();
                var where = string.Join(", ", lines.SkipLast(1)) + " and " + lines[^1];
                problems.AddRange(lines.Select(l =>
                    $"{fileName}:{l}: column 'case_id': case {group.Key} is declared on lines {where} of this file: one row per case, none of them taken"));
                continue;
            }
            var row = group.Single().Row;
            if (known.TryGetValue(row.CaseId, out var k) && Same(k, row)) { unchanged++; continue; }
            rows.Add(row);
        }
        store.AddIndemnityCases(rows);
        var outcome = new ImportOutcome(fileName, "indemnity", "imported", rows.Count, problems.Count, rows.Count, problems.Count,
            unchanged > 0 ? $"{unchanged} case(s) already known unchanged" : "", null) { Rejections = problems };
        return (outcome, rows.Select(r => r.CaseId).ToList());
    }

    private static IndemnityCaseRow Parse(CsvRow r, string file, Instant now)
    {
        var kind = r.Text("kind");
        if (kind is not ("incapacity" or "maternity" or "birth_leave")) throw r.Error("kind", $"'{kind}' is not incapacity, maternity or birth_leave");
        var regime = r.Text("regime");
        if (regime is not ("employee" or "worker" or "self_employed")) throw r.Error("regime", $"'{regime}' is not employee, worker or self_employed");
        var family = r.Text("family_status");
        if (family is not ("family" or "isolated" or "cohabitant")) throw r.Error("family_status", $"'{family}' is not family, isolated or cohabitant");
        var wage = r.OptionalNumber("daily_wage");
        if (regime == "self_employed" && wage is not null) throw r.Error("daily_wage", "must be empty for self_employed (flat amounts)");
        if (regime != "self_employed")
        {
            if (wage is null) throw r.Error("daily_wage", "is required for employee and worker");
            if (!decimal.TryParse(wage, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var w) || w <= 0 || decimal.Round(w, 4) != w)
                throw r.Error("daily_wage", $"'{wage}' is not a positive amount with a dot and at most 4 decimals");
        }
        var first = r.Date("first_day");
        var last = r.OptionalDate("last_day");
        if (last is { } l && l < first) throw r.Error("last_day", "is before first_day");
        return new IndemnityCaseRow
        {
            CaseId = r.Text("case_id"), BeneficiaryId = r.Text("member_id"), Kind = kind, Regime = regime,
            RegularWorker = regime == "self_employed" || r.Bool("regular_worker"), FirstDay = first, LastDay = last, DailyWage = wage,
            FamilyStatus = family, SourceFile = file, KnownAt = now,
        };
    }

    private static bool Same(IndemnityCaseRow a, IndemnityCaseRow b) =>
        a.BeneficiaryId == b.BeneficiaryId && a.Kind == b.Kind && a.Regime == b.Regime && a.RegularWorker == b.RegularWorker &&
        a.FirstDay == b.FirstDay && a.LastDay == b.LastDay && a.DailyWage == b.DailyWage && a.FamilyStatus == b.FamilyStatus;
}
