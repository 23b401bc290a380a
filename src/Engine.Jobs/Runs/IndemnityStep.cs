using System.Globalization;
using Engine.Core.Indemnities;
using Engine.Core.Rules;
using Engine.Jobs.Data;
using NodaTime;

namespace Engine.Jobs.Runs;

/// <summary>
/// Indemnities inside a run: each declared case is paid from the day after what earlier runs covered (or its first
/// day) up to the day before the run date (or its last day), by the indemnity kernel. Days a missing figure blocks are
/// held (<see cref="IndemnityHeldRow"/>: the days before the figure's date are paid, the rest listed with the parameter
/// and date) and paid by the first run after the figure is added; an incomplete declaration is noted and left for a
/// later run: nothing is guessed and nothing is lost.
/// </summary>
public sealed class IndemnityStep(RuleSet rules)
{
    public sealed record Outcome(IReadOnlyList<IndemnityPaymentRow> Payments, IReadOnlyList<string> Notes, IReadOnlyList<IndemnityHeldRow> Held);

    public Outcome Compute(string runId, LocalDate runDate, IEnumerable<IndemnityCaseRow> cases,
        IReadOnlyDictionary<string, LocalDate> paidUntil, IReadOnlyList<IndemnityFamilyRow>? familyChanges = null)
    {
        var changes = (familyChanges ?? []).GroupBy(f => f.CaseId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<IndemnityFamilyRow>)g.ToList(), StringComparer.Ordinal);
        var payments = new List<IndemnityPaymentRow>();
        var notes = new List<string>();
        var held = new List<IndemnityHeldRow>();
        foreach (var row in cases.OrderBy(c => c.CaseId, StringComparer.Ordinal))
        {
            var start = paidUntil.TryGetValue(row.CaseId, out var until) ? until.PlusDays(1) : row.FirstDay;
            var end = runDate.PlusDays(-1);
            if (row.LastDay is { } last && last < end) end = last;
            if (end < start) continue;
            var kase = ToCase(row, changes.GetValueOrDefault(row.CaseId));
            try
            {
                payments.Add(Payment(runId, row, kase, start, end));
            }
            catch (RuleCoverageException e)
            {
                // A missing figure: the days before the date it lacks are paid when they can be; the days from it are
                // held (listed for finance staff) and the case's "paid until" stays before them, so the first run after
                // the figure is added pays them.
                var from = start;
                if (e.Date > start && e.Date <= end)
                    try
                    {
                        payments.Add(Payment(runId, row, kase, start, e.Date.PlusDays(-1)));
                        from = e.Date;
                    }
                    catch (Exception again) when (again is RuleCoverageException or IndemnityCaseException) { }
                held.Add(new IndemnityHeldRow
                {
                    RunId = runId, CaseId = row.CaseId, BeneficiaryId = row.BeneficiaryId, FirstDay = from, LastDay = end,
                    Days = Period.Between(from, end, PeriodUnits.Days).Days + 1, Parameter = e.Parameter, Date = e.Date,
                });
                notes.Add($"indemnity case {row.CaseId}: {from:yyyy-MM-dd}..{end:yyyy-MM-dd} held: {e.Message}");
            }
            catch (IndemnityCaseException e)
            {
                notes.Add($"indemnity case {row.CaseId}: not paid this run: {e.Message}");
            }
        }
        return new Outcome(payments, notes, held);
    }

    private IndemnityPaymentRow Payment(string runId, IndemnityCaseRow row, IndemnityCase kase, LocalDate start, LocalDate end)
    {
        var statement = IndemnityKernel.Compute(kase, new DateInterval(start, end), rules);
        return new IndemnityPaymentRow
        {
            RunId = runId, CaseId = row.CaseId, BeneficiaryId = row.BeneficiaryId, PeriodStart = start, PeriodEnd = end,
            PaidDays = statement.PaidDays, Daily = statement.DailyAmount, Gross = statement.Gross,
            Withholding = statement.Withholding, Net = statement.Net, RuleSetVersion = rules.Version,
            Rules = string.Join('|', statement.RuleIds),
            Provisional = Provisional.Of(statement.Stretches.SelectMany(s => s.Explanation).Concat(statement.Explanation)),
        };
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
