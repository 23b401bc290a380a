using Engine.Core.Bim;
using Engine.Jobs.Data;
using Engine.Jobs.Payments;
using Engine.Jobs.Rules;
using Engine.Jobs.Runs;
using Hangfire;
using NodaTime;
using P = Engine.Core.Indemnities.IndemnityParameters;

namespace Engine.Jobs.Bim;

/// <summary>What a month's proposals gave: the proposals (this month's, earlier months' left out) and the file written.</summary>
public sealed record BimProposalsOutcome(YearMonth Month, IReadOnlyList<BimProposal> Proposals, string File, int New);

/// <summary>
/// The monthly proposals of BIM on the insurer's initiative (<see cref="BimInitiative"/>) from what the store holds as
/// known now: the incapacity cases, the periods of unemployment, the households of the month's year, the BIM periods of
/// the registry, and the proposals of earlier months. Writes <c>OUTPUT/bim-proposals-yyyy-MM.csv</c> (columns <see cref="Columns"/>) and keeps
/// the proposals (once per member and basis): asked again for the same month it writes the same file and keeps nothing
/// new; a later month never proposes them again.
/// </summary>
public sealed class BimProposals(IEngineStore store, RuleSetProvider rules, EngineOptions options, IClock clock, Serilog.ILogger log)
{
    public static readonly string[] Columns = ["month", "member_id", "basis", "case_id", "since", "household", "reason"];

    public BimProposalsOutcome Propose(YearMonth month, string? file = null)
    {
        var now = clock.GetCurrentInstant();
        var key = month.ToString("yyyy-MM", null);
        var parameters = rules.Current.Parameters;
        var earlier = store.BimProposals().Where(p => string.CompareOrdinal(p.Month, key) < 0).Select(p => (p.MemberId, p.Basis)).ToHashSet();
        var statuses = new StatusIndex(store.Statuses(now));
        var members = store.HouseholdMembers(now);
        var size = members.GroupBy(m => (m.HouseholdId, m.Year)).ToDictionary(g => g.Key, g => g.Count());
        var householdOf = members.ToDictionary(m => (m.BeneficiaryId, m.Year), m => m.HouseholdId);
        var cases = store.IndemnityCases(now).Where(c => c.Kind == "incapacity")
            .Select(c => new IncapacityCase(c.CaseId, c.BeneficiaryId, c.FirstDay, c.LastDay, c.FamilyStatus)).ToList();
        var proposals = BimInitiative.Propose(month,
            c => Months(parameters.At(P.PrimaryMonths, c.FirstDay)), cases,
            (member, year) => householdOf.TryGetValue((member, year), out var h) ? new HouseholdFacts(h, size[(h, year)]) : null,
            (member, day) => statuses.Has(member, "bim", day),
            (member, basis) => earlier.Contains((member, basis)),
            store.UnemploymentPeriods(now).Select(u => new UnemploymentPeriod(u.Reference, u.MemberId, u.FromDate, u.ToDate)));
        var added = store.AddBimProposals(proposals.Select(p => new BimProposalRow
        {
            MemberId = p.MemberId, Basis = p.Basis, Month = key, CaseId = p.CaseId, Since = p.Since, Household = p.Household, Reason = p.Reason,
            ProposedAt = now,
        }).ToList());
        var path = file ?? Path.Combine(options.OutputFolder, $"bim-proposals-{key}.csv");
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        AtomicFile.Write(path, CsvFiles.Write(Columns, proposals.Select(p => new[]
        {
            key, p.MemberId, p.Basis, p.CaseId, CsvFiles.Date(p.Since), p.Household, p.Reason,
        })));
        log.ForContext<BimProposals>().Information("BIM on the insurer's initiative, {Month}: {Count} members proposed ({New} new) in {File}",
            key, proposals.Count, added, path);
        return new BimProposalsOutcome(month, proposals, path, added);
    }

    /// <summary>The primary period in whole months (the indemnity kernel refuses any other value the same way).</summary>
    private static int Months(Engine.Core.Rules.Dated<decimal> v) =>
        v.Value == decimal.Truncate(v.Value) && v.Value > 0 && v.Value < 1_000
            ? (int)v.Value
            : throw new Engine.Core.Rules.RuleLoadException($"{v.Origin.File}:{v.Origin.Line}: '{P.PrimaryMonths}' = {v.Value} is not a whole number of months");
}

/// <summary>The monthly Hangfire job (Engine:Nightly:BimProposalsCron): the proposals of the month that just ended.</summary>
public sealed class BimProposalsJob(BimProposals proposals, IClock clock, EngineOptions options)
{
    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(timeoutInSeconds: 3600)]
    public void ProposeLastMonth()
    {
        var today = clock.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb[options.Nightly.TimeZone]).Date;
        var last = today.PlusMonths(-1);
        proposals.Propose(new YearMonth(last.Year, last.Month));
    }
}
