using Engine.Core.Money;
using Engine.Jobs.Data;
using Engine.Jobs.Recalc;
using Engine.Jobs.Rules;
using Engine.Jobs.Runs;
using NodaTime;

namespace Engine.Jobs.Authorisations;

/// <summary>
/// Releases the care lines kept awaiting an authorisation of the medical adviser once one covers them: for each member
/// with such a line that would now be paid (a granted authorisation known now, a session left), a recalculation of the
/// member (<see cref="Recalculation"/>) records the complements, which the next run's claim phase pays, once. The
/// nightly run does it before it starts (so it pays them itself); `import authorisations` and the inbox after storing a
/// file. Running it again finds nothing: a released line has its complement, and no recalculation is recorded for a
/// member with nothing to release.
/// </summary>
public sealed class AuthorisationRelease(IEngineStore store, RuleSetProvider rules, EngineOptions options, IClock clock, Serilog.ILogger log)
{
    public const string RequestedBy = "engine (prior authorisation)";

    /// <summary>The recalculations recorded, one per member released, in member order.</summary>
    public IReadOnlyList<RecalcOutcome> Run()
    {
        var awaiting = store.LinesAwaitingAuthorisation();
        if (awaiting.Count == 0) return [];
        var now = clock.GetCurrentInstant();
        var adjusted = AuthorisationCheck.Adjusted(store, now, awaiting.Select(a => a.LineId));
        var still = awaiting.Where(a => adjusted.GetValueOrDefault($"line:{a.LineId}") <= Money.Zero).ToList();
        if (still.Count == 0) return [];
        var ruleSet = rules.Current;
        var members = still.Select(a => a.BeneficiaryId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var granted = store.PriorAuthorisations(now, members).Where(a => a.Decision == "granted").Select(a => a.MemberId).ToHashSet(StringComparer.Ordinal);
        members = members.Where(granted.Contains).ToList();
        if (members.Count == 0) return [];

        // Would any of a member's awaiting lines be paid now? The same computation the recalculation makes, in its order.
        var lines = store.Lines(still.Where(a => granted.Contains(a.BeneficiaryId)).Select(a => a.LineId)).ToList();
        var (check, order) = AuthorisationCheck.ForRecalculation(store, ruleSet, lines, now);
        var computation = new LineComputation(ruleSet, store.Beneficiaries(now, members).ToDictionary(b => b.BeneficiaryId, StringComparer.Ordinal),
            new StatusIndex(store.Statuses(now, members)), check);
        var waiting = lines.Select(l => l.LineId).ToHashSet();
        var released = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var line in order)
        {
            var result = computation.Compute("release", line);
            if (!waiting.Contains(line.LineId) || result.Status != "accepted") continue;
            released.Add(line.BeneficiaryId);
        }
        if (released.Count == 0) return [];

        var recalculation = new Recalculation(store, rules, options, clock, log);
        var outcomes = new List<RecalcOutcome>();
        foreach (var member in released)
        {
            var refs = string.Join(", ", store.PriorAuthorisations(now, [member]).Where(a => a.Decision == "granted").Select(a => a.Reference));
            var outcome = recalculation.Run(new RecalcScope(Member: member),
                $"prior authorisation of the medical adviser ({refs}) known: care lines awaiting it released", RequestedBy);
            log.ForContext<AuthorisationRelease>().Information(
                "Lines awaiting an authorisation released by recalculation {RecalcId}: {Complements} complements ({Total})",
                outcome.Recalc.RecalcId, outcome.Recalc.Complements, outcome.Recalc.ComplementTotal);
            outcomes.Add(outcome);
        }
        return outcomes;
    }
}
