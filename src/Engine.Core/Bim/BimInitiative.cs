using NodaTime;

namespace Engine.Core.Bim;

/// <summary>An incapacity case of a member as the proposals read it: its first and (if known) last day, the family status declared.</summary>
public sealed record IncapacityCase(string CaseId, string MemberId, LocalDate FirstDay, LocalDate? LastDay, string FamilyStatus);

/// <summary>A period of unemployment of a member as the insurer received it (the BCSS/ONEM flow): from, to (null: still unemployed), the source's reference.</summary>
public sealed record UnemploymentPeriod(string Reference, string MemberId, LocalDate From, LocalDate? To);

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
/// <item><c>unemployment</c>: the member has been unemployed without a break (periods that overlap or follow each other
/// day after day make one stretch) for three months or more, the stretch reaching into the month and its three months
/// reached by the month's last day (or by its end, if it ended in the month), and the member lives alone: the only
/// member of their household that year (no household recorded: not proposed, nothing says the member is isolated).</item>
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
        Func<string, int, HouseholdFacts?> householdOf, Func<string, LocalDate, bool> isBim, Func<string, string, bool> proposedBefore,
        IEnumerable<UnemploymentPeriod>? unemployment = null)
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
        foreach (var member in (unemployment ?? []).GroupBy(u => u.MemberId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (isBim(member.Key, last) || proposedBefore(member.Key, "unemployment")) continue;
            if (householdOf(member.Key, last.Year) is not { Members: 1 } household) continue;
            foreach (var stretch in Stretches(member))
            {
                var since = stretch[0].From;
                var until = stretch.Any(p => p.To is null) ? (LocalDate?)null : stretch.Max(p => p.To!.Value);
                if (since > last || until < first) continue;
                var by = until is { } u && u < last ? u : last;
                if (since.PlusMonths(MinimumMonths) > by) continue;
                var periods = string.Join(", ", stretch.Select(p => p.To is { } to ? $"{p.Reference} {p.From:yyyy-MM-dd} to {to:yyyy-MM-dd}" : $"{p.Reference} from {p.From:yyyy-MM-dd}"));
                found[(member.Key, "unemployment")] = new BimProposal(member.Key, "unemployment", stretch[0].Reference, since, household.HouseholdId,
                    $"isolated member (alone in household {household.HouseholdId} in {last.Year}) unemployed since {since:yyyy-MM-dd} ({periods}): " +
                    $"{MinimumMonths} months or more by {by:yyyy-MM-dd}");
                break;
            }
        }
        return found.Values.ToList();
    }

    /// <summary>A member's periods of unemployment as unbroken stretches, in order: periods that overlap or follow each other day after day go together.</summary>
    private static IEnumerable<List<UnemploymentPeriod>> Stretches(IEnumerable<UnemploymentPeriod> periods)
    {
        List<UnemploymentPeriod>? stretch = null;
        LocalDate? until = null;
        foreach (var p in periods.OrderBy(p => p.From).ThenBy(p => p.Reference, StringComparer.Ordinal))
        {
            if (stretch is not null && until is { } u && p.From > u.PlusDays(1))
            {
                yield return stretch;
                stretch = null;
            }
            if (stretch is null) { stretch = [p]; until = p.To; continue; }
            stretch.Add(p);
            until = until is null || p.To is null ? null : LocalDate.Max(until.Value, p.To.Value);
        }
        if (stretch is not null) yield return stretch;
    }
}
