using System.Globalization;
using Engine.Core.Indemnities;
using Engine.Core.Rules;
using Engine.Jobs.Data;
using NodaTime;

namespace Engine.Jobs.Runs;

/// <summary>
/// Indemnities inside a run: each declared case is paid from the day after what earlier runs covered (or its first
/// day) up to the day before the run date (or its last day), by the indemnity kernel. A case the rules cannot
/// compute (a day outside their coverage, an incomplete declaration) is noted and left for a later run: nothing is
/// guessed and nothing is lost.
/// </summary>
public sealed class IndemnityStep(RuleSet rules)
{
    public sealed record Outcome(IReadOnlyList<IndemnityPaymentRow> Payments, IReadOnlyList<string> Notes);

    public Outcome Compute(string runId, LocalDate runDate, IEnumerable<IndemnityCaseRow> cases,
        IReadOnlyDictionary<string, LocalDate> paidUntil, IReadOnlyList<IndemnityFamilyRow>? familyChanges = null)
    {
        var changes = (familyChanges ?? []).GroupBy(f => f.CaseId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<IndemnityFamilyRow>)g.ToList(), StringComparer.Ordinal);
        var payments = new List<IndemnityPaymentRow>();
        var notes = new List<string>();
        foreach (var row in cases.OrderBy(c => c.CaseId, StringComparer.Ordinal))
        {
            var start = paidUntil.TryGetValue(row.CaseId, out var until) ? until.PlusDays(1) : row.FirstDay;
            var end = runDate.PlusDays(-1);
            if (row.LastDay is { } last && last < end) end = last;
            if (end < start) continue;
            try
            {
                var statement = IndemnityKernel.Compute(ToCase(row, changes.GetValueOrDefault(row.CaseId)), new DateInterval(start, end), rules);
                payments.Add(new IndemnityPaymentRow
                {
                    RunId = runId, CaseId = row.CaseId, BeneficiaryId = row.BeneficiaryId, PeriodStart = start, PeriodEnd = end,
                    PaidDays = statement.PaidDays, Daily = statement.DailyAmount, Gross = statement.Gross,
                    Withholding = statement.Withholding, Net = statement.Net, RuleSetVersion = rules.Version,
                    Rules = string.Join('|', statement.RuleIds),
                });
            }
            catch (Exception e) when (e is RuleCoverageException or IndemnityCaseException)
            {
                notes.Add($"indemnity case {row.CaseId}: not paid this run: {e.Message}");
            }
        }
        return new Outcome(payments, notes);
    }

    /// <summary>
    /// The kernel's case from its declaration: the declared family situation from the first day, then each declared
    /// change from its date (a change dated on or before the first day replaces the declared situation).
    /// </summary>
    public static IndemnityCase ToCase(IndemnityCaseRow row, IReadOnlyList<IndemnityFamilyRow>? familyChanges = null)
    {
        var status = row.Regime switch
        {
            "employee" => MemberStatus.Employee,
            "worker" => MemberStatus.Worker,
            _ => MemberStatus.SelfEmployed,
        };
        var family = new SortedDictionary<LocalDate, FamilyStatus> { [row.FirstDay] = Family(row.FamilyStatus) };
        foreach (var change in familyChanges ?? [])
            family[change.FromDate <= row.FirstDay ? row.FirstDay : change.FromDate] = Family(change.FamilyStatus);
        return new IndemnityCase
        {
            Id = row.CaseId,
            Kind = row.Kind switch { "maternity" => IndemnityKind.Maternity, "birth_leave" => IndemnityKind.BirthLeave, _ => IndemnityKind.Incapacity },
            Status = status, RegularWorker = row.RegularWorker, FirstDay = row.FirstDay, LastDay = row.LastDay,
            Wage = row.DailyWage is { Length: > 0 } w ? new DeclaredWage(decimal.Parse(w, CultureInfo.InvariantCulture), WageBasis.SixDay) : null,
            Family = family.Select(f => new FamilySituation(f.Key, f.Value)).ToList(),
        };
    }

    private static FamilyStatus Family(string text) => text switch
    {
        "family" => FamilyStatus.Family,
        "isolated" => FamilyStatus.Isolated,
        _ => FamilyStatus.Cohabitant,
    };
}
