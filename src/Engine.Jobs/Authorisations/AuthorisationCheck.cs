using Engine.Core.Authorisations;
using Engine.Core.Money;
using Engine.Core.Reimbursement;
using Engine.Core.Rules;
using Engine.Jobs.Data;
using NodaTime;

namespace Engine.Jobs.Authorisations;

/// <summary>
/// The prior-authorisation check of a computation (a run's partition, a replay, a recalculation, an explanation): the
/// pure <see cref="SessionLedger"/> over the authorisations known at the computation's instant, first given the lines
/// already paid under them (so their sessions are counted), then each line as the computation meets it. A line's
/// decision is kept, so computing or explaining it again gives the same.
/// </summary>
public sealed class AuthorisationCheck
{
    private readonly AuthorisationRules _rules;
    private readonly SessionLedger _ledger;
    private readonly Dictionary<long, AuthorisationOutcome> _byLine = new();

    public AuthorisationCheck(AuthorisationRules rules, IEnumerable<PriorAuthorisation> authorisations)
    {
        _rules = rules;
        _ledger = new SessionLedger(rules, authorisations);
    }

    /// <summary>The decision for a line, made the first time it is asked (in the order lines are met).</summary>
    public AuthorisationOutcome Decide(CareLineRow line, bool payable)
    {
        if (_byLine.TryGetValue(line.LineId, out var known)) return known;
        var outcome = _ledger.Decide(line.BeneficiaryId, line.Code, line.ServiceDate, payable);
        if (outcome.Verdict != AuthorisationVerdict.NotRequired) _byLine[line.LineId] = outcome;
        return outcome;
    }

    public static PriorAuthorisation ToKernel(PriorAuthorisationRow r) =>
        new(r.Reference, r.MemberId, r.Codes, r.FromDate, r.ToDate, r.Sessions, r.Decision == "refused" ? AdviserDecision.Refused : AdviserDecision.Granted);

    /// <summary>
    /// The check of a computation over <paramref name="lines"/> as of <paramref name="asOf"/>: the authorisations of
    /// their members known then, and the lines of those members computed <paramref name="before"/> it that were paid
    /// (their result, with the complements and undue amounts recorded by then, is above zero), counted first in the
    /// order they were computed (run after run, then line). Null when no line needs an authorisation.
    /// </summary>
    public static AuthorisationCheck? For(IEngineStore store, RuleSet rules, IEnumerable<CareLineRow> lines, Instant asOf, Func<ComputedLine, bool> before)
    {
        var members = lines.Where(l => rules.Authorisations.Requires(l.Code, l.ServiceDate)).Select(l => l.BeneficiaryId)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (members.Count == 0) return null;
        var check = new AuthorisationCheck(rules.Authorisations, store.PriorAuthorisations(asOf, members).Select(ToKernel));
        var prior = store.ComputedLines(new LineSelection(members, null, null, null, null))
            .Where(l => rules.Authorisations.Requires(l.Line.Code, l.Line.ServiceDate) && before(l)).ToList();
        if (prior.Count == 0) return check;
        var adjusted = Adjusted(store, asOf, prior.Select(l => l.Line.LineId));
        foreach (var l in prior.OrderBy(l => l.ComputedSeq).ThenBy(l => l.Line.LineId))
            if (l.Result.Insurer + adjusted.GetValueOrDefault($"line:{l.Line.LineId}") > Money.Zero)
                check.Decide(l.Line, payable: true);
        return check;
    }

    /// <summary>
    /// The lines of run <paramref name="runId"/>, in all its partitions, that need an authorisation and belong to a member
    /// of <paramref name="lines"/> with such a line, in line order; null when none of <paramref name="lines"/> needs one.
    /// A partition decides their sessions first (<see cref="Runs.RunComputation"/>), so the decisions do not depend on
    /// how the run is partitioned.
    /// </summary>
    public static IReadOnlyList<CareLineRow>? RunLines(IEngineStore store, RuleSet rules, string runId, IEnumerable<CareLineRow> lines)
    {
        var members = lines.Where(l => rules.Authorisations.Requires(l.Code, l.ServiceDate)).Select(l => l.BeneficiaryId)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (members.Count == 0) return null;
        return store.RunLinesOf(runId, members).Where(l => rules.Authorisations.Requires(l.Code, l.ServiceDate)).ToList();
    }

    /// <summary>
    /// For a recalculation as of <paramref name="asOf"/>: the check over the authorisations known then, and every
    /// computed line of the members of <paramref name="lines"/> that needs one, in the order the recalculation must
    /// compute them so that sessions go as they were paid: the lines paid so far first (result and adjustments above
    /// zero), then the others, each group in the order the runs computed them. Recomputing every line of those members
    /// in that order before any other gives each line its decision.
    /// </summary>
    public static (AuthorisationCheck? Check, IReadOnlyList<CareLineRow> Order) ForRecalculation(IEngineStore store, RuleSet rules,
        IEnumerable<CareLineRow> lines, Instant asOf)
    {
        var members = lines.Where(l => rules.Authorisations.Requires(l.Code, l.ServiceDate)).Select(l => l.BeneficiaryId)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (members.Count == 0) return (null, []);
        var check = new AuthorisationCheck(rules.Authorisations, store.PriorAuthorisations(asOf, members).Select(ToKernel));
        var computed = store.ComputedLines(new LineSelection(members, null, null, null, null))
            .Where(l => rules.Authorisations.Requires(l.Line.Code, l.Line.ServiceDate)).ToList();
        var adjusted = Adjusted(store, asOf, computed.Select(l => l.Line.LineId));
        var order = computed
            .OrderBy(l => l.Result.Insurer + adjusted.GetValueOrDefault($"line:{l.Line.LineId}") > Money.Zero ? 0 : 1)
            .ThenBy(l => l.ComputedSeq).ThenBy(l => l.Line.LineId)
            .Select(l => l.Line).ToList();
        return (check, order);
    }

    /// <summary>
    /// What recalculations known by <paramref name="asOf"/> added to the items of these lines ('line:ID'; complements
    /// minus undue amounts): only their adjustments are read (by item, indexed), never every adjustment of the store.
    /// </summary>
    public static Dictionary<string, Money> Adjusted(IEngineStore store, Instant asOf, IEnumerable<long> lineIds) =>
        store.AdjustmentsOf(lineIds.Select(id => $"line:{id}")).Where(a => a.KnownAt <= asOf)
            .GroupBy(a => a.Item, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Aggregate(Money.Zero, (s, a) => s + a.Signed), StringComparer.Ordinal);

    /// <summary>The result of a line the kernel accepted but the check refuses: every amount zero, the reason, awaiting an authorisation.</summary>
    public static ReasonCode ReasonOf(AuthorisationOutcome outcome) => outcome.Verdict switch
    {
        AuthorisationVerdict.Refused => ReasonCode.AuthorisationRefused,
        AuthorisationVerdict.SessionsUsed => ReasonCode.AuthorisationSessionsUsed,
        _ => ReasonCode.AuthorisationMissing,
    };

    /// <summary>
    /// The rejection reasons of lines kept awaiting an authorisation: a later authorisation (or a later version of a
    /// refused one, granted) releases them.
    /// </summary>
    public static readonly string[] AwaitingReasons =
        [ReasonCode.AuthorisationMissing.Text(), ReasonCode.AuthorisationSessionsUsed.Text(), ReasonCode.AuthorisationRefused.Text()];
}
