using Engine.Jobs.Data;
using Engine.Jobs.Ingestion;
using NodaTime;

namespace Engine.Jobs.Bim;

/// <summary>
/// Decisions granting BIM on the insurer's initiative, imported back after the examination: columns
/// <see cref="Columns"/>. Each new decision (by member and reference) grants the right from its date: a BIM period of
/// the registry from that day, open-ended, of the kind <c>enquiry</c> (granted after the insurer examined the
/// household's income, not with a social benefit). A malformed row is refused with file, line, column and reason, the
/// others go through; a decision imported again adds nothing. The members newly granted are returned: a recalculation
/// of each pays the BIM complements owed since the date (the import command and the inbox job ask for it).
/// </summary>
public sealed class BimDecisionImport(IEngineStore store, IClock clock)
{
    public static readonly string[] Columns = ["member_id", "granted_from", "reference"];

    public static bool Looks(byte[] content) => CsvFile.StartsWithHeader(content, Columns, 3);

    public ImportOutcome Import(string fileName, byte[] content) => ImportGranting(fileName, content).Outcome;

    public (ImportOutcome Outcome, IReadOnlyList<BimDecisionRow> Granted) ImportGranting(string fileName, byte[] content)
    {
        var now = clock.GetCurrentInstant();
        HashSet<string>? known = null;
        var rows = new List<BimDecisionRow>();
        var problems = CsvFile.ReadRows(fileName, content, Columns, r =>
        {
            var member = r.Text("member_id");
            known ??= store.Beneficiaries(now).Select(b => b.BeneficiaryId).ToHashSet(StringComparer.Ordinal);
            if (!known.Contains(member)) throw r.Error("member_id", $"'{member}' is not a member of the registry");
            var from = r.Date("granted_from");
            if (from < Core.Bim.BimInitiative.Since)
                throw r.Error("granted_from", $"{from:yyyy-MM-dd} is before {Core.Bim.BimInitiative.Since:yyyy-MM-dd}, when BIM on the insurer's initiative began");
            rows.Add(new BimDecisionRow { MemberId = member, GrantedFrom = from, Reference = r.Text("reference"), FileName = fileName, KnownAt = now });
        }, out var headerProblem);
        if (problems is null) return (new ImportOutcome(fileName, "bim-decisions", "refused", 0, 0, 0, 0, headerProblem!, null), []);
        var granted = new List<BimDecisionRow>();
        foreach (var row in rows)
        {
            if (!store.AddBimDecision(row)) continue;
            store.AddStatuses([new StatusRow { BeneficiaryId = row.MemberId, Status = "bim", FromDate = row.GrantedFrom, KnownAt = now, BimKind = BimKinds.Enquiry }]);
            granted.Add(row);
        }
        return (new ImportOutcome(fileName, "bim-decisions", "imported", rows.Count, problems.Count, rows.Count, problems.Count,
            $"{granted.Count} BIM right(s) granted, {rows.Count - granted.Count} decision(s) already imported", null) { Rejections = problems }, granted);
    }
}
