using System.Text.Json;
using Engine.Core.Complementary;
using Engine.Core.Money;
using Engine.Core.Rules;
using Engine.Jobs.Data;
using NodaTime;

namespace Engine.Jobs.Runs;

/// <summary>
/// Complementary-insurance advantages inside the run: every request not yet decided, in date then arrival order, is
/// decided by the catalogue of the insurer against the member's allowances as earlier runs left them. A request is
/// decided once; what it grants is paid to the member with the advantage named in the remittance.
/// The member's contribution status comes from the dated ac_in_order status: on the request date in order, or not,
/// with the months since it lapsed (more than 24 months: the file is closed).
/// </summary>
public sealed class AcStep(RuleSet rules)
{
    private sealed record StoredUsage(string Subject, string Scope, string Period, long PaidCents, int Count);

    public sealed record Outcome(IReadOnlyList<AcDecisionRow> Decisions, IReadOnlyList<AcMemberStateRow> States);

    /// <param name="requests">The requests to decide, in date then arrival order.</param>
    /// <param name="allowances">The members' allowances as earlier runs left them.</param>
    public Outcome Decide(string runId, IReadOnlyList<AcRequestRow> requests, Func<IEnumerable<string>, IReadOnlyList<AcMemberStateRow>> allowances,
        IReadOnlyDictionary<string, BeneficiaryRow> beneficiaries, IReadOnlyList<StatusRow> statuses)
    {
        var catalogue = rules.Complementary.Find(null);
        if (requests.Count == 0 || catalogue is null) return new Outcome([], []);
        var inOrder = statuses.Where(s => s.Status == "ac_in_order").GroupBy(s => s.BeneficiaryId)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var states = allowances(requests.Select(r => r.MemberId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            .ToDictionary(s => s.MemberId, Restore, StringComparer.Ordinal);
        var decisions = new List<AcDecisionRow>();
        foreach (var r in requests)
        {
            var state = states.GetValueOrDefault(r.MemberId) ?? AcMemberState.Empty(r.MemberId);
            AcDecision decision;
            if (!beneficiaries.TryGetValue(r.MemberId, out var b))
            {
                decisions.Add(Row(runId, r, Money.Zero, "refused", "unknown_member: the member is not in the registry"));
                continue;
            }
            var member = Member(b, inOrder.GetValueOrDefault(r.MemberId) ?? [], r.Date);
            var decided = AcDecider.Decide(state, new AcRequest(r.RequestId, r.MemberId, r.Advantage, r.Date, r.AmountPaid, r.Evidence), member, catalogue);
            decision = decided.Decision;
            states[r.MemberId] = decided.State;
            decisions.Add(Row(runId, r, decision.Granted, decision.StatusCode, decision.ReasonCode,
                decision.Granted.Cents > 0 ? Provisional.Of(decision.Explanation) : ""));
        }
        var touched = requests.Select(r => r.MemberId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var rows = touched.Where(states.ContainsKey).Select(m => Store(runId, states[m])).ToList();
        return new Outcome(decisions, rows);
    }

    private AcDecisionRow Row(string runId, AcRequestRow r, Money granted, string status, string reason, string provisional = "") => new()
    {
        RunId = runId, RequestId = r.RequestId, MemberId = r.MemberId, Advantage = r.Advantage, Date = r.Date, Granted = granted,
        Status = status, Reason = reason, RuleSetVersion = rules.Version, Provisional = provisional,
    };

    private static AcMember Member(BeneficiaryRow b, List<StatusRow> inOrder, LocalDate date)
    {
        var covering = inOrder.Any(s => s.Covers(date));
        int? arrears = null;
        if (!covering)
        {
            var lapsed = inOrder.Where(s => s.ToDate is { } t && t < date).Select(s => s.ToDate!.Value).DefaultIfEmpty().Max();
            if (lapsed != default) arrears = Period.Between(lapsed, date, PeriodUnits.Months).Months;
        }
        var since = inOrder.Count > 0 ? inOrder.Min(s => s.FromDate) : (LocalDate?)null;
        return new AcMember(b.BeneficiaryId, b.BirthDate, covering, covering ? 0 : arrears, since);
    }

    private static AcMemberState Restore(AcMemberStateRow row)
    {
        var usages = JsonSerializer.Deserialize<List<StoredUsage>>(row.Allowances)!;
        return AcMemberState.Restore(row.MemberId,
            usages.Select(u => new KeyValuePair<AcAllowanceKey, AcUsage>(
                new AcAllowanceKey(u.Subject, Enum.Parse<AcScope>(u.Scope), u.Period), new AcUsage(new Money(u.PaidCents), u.Count))),
            JsonSerializer.Deserialize<List<string>>(row.PaidRequests)!);
    }

    private static AcMemberStateRow Store(string runId, AcMemberState s) => new()
    {
        RunId = runId, MemberId = s.MemberId,
        Allowances = JsonSerializer.Serialize(s.Allowances.Select(a =>
            new StoredUsage(a.Key.Subject, a.Key.Scope.ToString(), a.Key.Period, a.Value.Paid.Cents, a.Value.Count)).ToList()),
        PaidRequests = JsonSerializer.Serialize(s.PaidRequests.ToList()),
    };
}
