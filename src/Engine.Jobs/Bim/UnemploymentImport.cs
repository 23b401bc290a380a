using Engine.Jobs.Data;
using Engine.Jobs.Efact;
using Engine.Jobs.Ingestion;
using Engine.Jobs.Registry;
using NodaTime;

namespace Engine.Jobs.Bim;

/// <summary>
/// Periods of unemployment of members, as the insurer receives them (the BCSS/ONEM flow), one per row: columns
/// <see cref="Columns"/> (docs/authorisations-and-bim.md). They let the monthly proposals of BIM on the insurer's
/// initiative find isolated members unemployed for three months or more. A malformed row is refused with file, line,
/// column and reason, and the other rows go through; a row the store already holds with the same values (the same file
/// imported again) adds nothing; a reference sent again with other values (a period closed since) is a new version of
/// that period, from now.
/// </summary>
public sealed class UnemploymentImport(IEngineStore store, IClock clock)
{
    public static readonly string[] Columns = ["member_niss", "from", "to", "reference"];

    public static bool Looks(byte[] content) => CsvFile.StartsWithHeader(content, Columns, 3);

    public ImportOutcome Import(string fileName, byte[] content)
    {
        var now = clock.GetCurrentInstant();
        var members = new MembersByNiss(store, now);
        var rows = new List<UnemploymentPeriodRow>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var problems = CsvFile.ReadRows(fileName, content, Columns, r =>
        {
            var member = members.MemberOf(r, "member_niss");
            var from = r.Date("from");
            var to = r.OptionalDate("to");
            if (to < from) throw r.Error("to", $"{to:yyyy-MM-dd} is before from {from:yyyy-MM-dd}");
            var reference = r.Text("reference");
            if (seen.TryGetValue(reference, out var line)) throw r.Error("reference", $"'{reference}' is given twice in the file (line {line} first)");
            seen[reference] = r.Line;
            rows.Add(new UnemploymentPeriodRow { Reference = reference, MemberId = member, FromDate = from, ToDate = to, FileName = fileName, KnownAt = now });
        }, out var headerProblem);
        if (problems is null) return new ImportOutcome(fileName, "unemployment", "refused", 0, 0, 0, 0, headerProblem!, null);
        var known = store.UnemploymentPeriods(now).ToDictionary(p => p.Reference, StringComparer.Ordinal);
        var added = rows.Where(p => !known.TryGetValue(p.Reference, out var k) || !Same(k, p)).ToList();
        store.AddUnemploymentPeriods(added);
        var changed = added.Count(p => known.ContainsKey(p.Reference));
        return new ImportOutcome(fileName, "unemployment", "imported", rows.Count, problems.Count, rows.Count, problems.Count,
            $"{added.Count - changed} new, {changed} changed, {rows.Count - added.Count} unchanged unemployment period(s)", null) { Rejections = problems };
    }

    private static bool Same(UnemploymentPeriodRow a, UnemploymentPeriodRow b) => a.MemberId == b.MemberId && a.FromDate == b.FromDate && a.ToDate == b.ToDate;
}
