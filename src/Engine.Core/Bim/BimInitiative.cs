using NodaTime;

namespace Engine.Core.Bim;

/// <summary>An incapacity case of a member as the proposals read it: its first and (if known) last day, the family status declared.</summary>
public sealed record IncapacityCase(string CaseId, string MemberId, LocalDate FirstDay, LocalDate? LastDay, string FamilyStatus);

/// <summary>A member's household in a year: its id and how many members it has that year.</summary>
public sealed record HouseholdFacts(string HouseholdId, int Members);

/// <summary>One member proposed for the examination of BIM on the insurer's initiative, and why.</summary>
public sealed record BimProposal(string MemberId, string Basis, string CaseId, LocalDate Since, string Household, string Reason);

/// <summary>
/// BIM on the insurer's initiative (belgian-rules.md §5 and §9.6: from 2024-10-01 the insurer examines the right itself
/// for isolated members unemployed or incapacitated for at least three months, and for invalids). For a month, from the
/// incapacity cases the engine holds:
/// <list type="bullet">
/// <item><c>invalidity</c>: the incapacity has passed its primary period (the primary period, in months from its first day, as the rules give it on that day) by
/// the month's last day, whatever the household;</item>
/// <item><c>incapacity</c>: the incapacity is three months old or more by the month's last day and the member lives
/// alone: the only member of their household that year, or, with no household recorded, a case declared isolated.</item>
/// </list>
/// Only cases still open in the month (no last day, or one on or after its first day). Never a member BIM on the
/// month's last day, nor one proposed on the same basis in an earlier month; one proposal per member and basis (their
/// earliest case). Pure: the shell gives the facts.
/// </summary>
public static class BimInitiative
{
    public static readonly LocalDate Since = new(2024, 10, 1);
    public const int MinimumMonths = 3;

    public static IReadOnlyList<BimProposal> Propose(YearMonth month, Func<IncapacityCase, int> primaryMonthsOf, IEnumerable<IncapacityCase> cases,
        Func<string, int, HouseholdFacts?> householdOf, Func<string, LocalDate, bool> isBim, Func<string, string, bool> proposedBefore)
    {
        var first = month.OnDayOfMonth(1);
        if (first < Since) throw new ArgumentException($"BIM on the insurer's initiative starts on {Since:yyyy-MM-dd}: no proposals for {month:yyyy-MM}");
        var last = month.OnDayOfMonth(month.Calendar.GetDaysInMonth(month.Year, month.Month));
        var found = new SortedDictionary<(string, string), BimProposal>();
        foreach (var c in cases.OrderBy(c => c.MemberId, StringComparer.Ordinal).ThenBy(c => c.FirstDay).ThenBy(c => c.CaseId, StringComparer.Ordinal))
        {
            if (c.LastDay is { } end && end < first) continue;
            if (c.FirstDay.PlusMonths(MinimumMonths) > last) continue;
            if (isBim(c.MemberId, last)) continue;
            var primaryMonths = primaryMonthsOf(c);
            var invalidity = c.FirstDay.PlusMonths(primaryMonths);
            var household = householdOf(c.MemberId, last.Year);
            string basis, reason;
            LocalDate since;
            if (invalidity <= last)
            {
                (basis, since) = ("invalidity", invalidity);
                reason = $"invalid since {invalidity:yyyy-MM-dd} (case {c.CaseId}, incapacity since {c.FirstDay:yyyy-MM-dd}, primary period of {primaryMonths} months)";
            }
            else if (household is { Members: 1 })
            {
                (basis, since) = ("incapacity", c.FirstDay);
                reason = $"isolated member (alone in household {household.HouseholdId} in {last.Year}) incapacitated since {c.FirstDay:yyyy-MM-dd} " +
                         $"(case {c.CaseId}): {MinimumMonths} months or more by {last:yyyy-MM-dd}";
            }
            else if (household is null && c.FamilyStatus == "isolated")
            {
                (basis, since) = ("incapacity", c.FirstDay);
                reason = $"isolated member (no household recorded in {last.Year}, case declared isolated) incapacitated since {c.FirstDay:yyyy-MM-dd} " +
                         $"(case {c.CaseId}): {MinimumMonths} months or more by {last:yyyy-MM-dd}";
            }
            else continue;
            if (proposedBefore(c.MemberId, basis) || found.ContainsKey((c.MemberId, basis))) continue;
            found[(c.MemberId, basis)] = new BimProposal(c.MemberId, basis, c.CaseId, since, household?.HouseholdId ?? "", reason);
        }
        return found.Values.ToList();
    }
}
