using System.Collections.Immutable;
using Engine.Core.Rules;
using NodaTime;

namespace Engine.Core.Ceilings;

using Money = Engine.Core.Money.Money;

/// <summary>The result of counting one line: the new counter, the refund this line owes (0.00 most of the time),
/// who receives it, and why.</summary>
public sealed record MafApplied(MafCounterState State, Money Refund, MafPayee Payee, IReadOnlyList<ExplanationStep> Explanation)
{
    public void Deconstruct(out MafCounterState state, out Money refund, out IReadOnlyList<ExplanationStep> explanation)
    {
        state = State; refund = Refund; explanation = Explanation;
    }
}

/// <summary>
/// The MAF counter of a household-year, as a pure function of its state and one line.
///
/// Rules, in order:
/// 1. Only the legal personal share counts, in the counter of its year of care (service date); supplements never.
/// 2. A line id already counted is never counted again (re-runs, duplicates): no change, no refund.
/// 3. Every personal share counts in the household counter. A child's share (beneficiary younger than the child age
///    limit on the date of care) counts as well against the child's own ceiling.
/// 4. What is owed for the household-year = for each child, the part of the child's counter above the child ceiling,
///    plus the part of the household counter above the household ceiling once those children's parts are taken out
///    (a euro already refunded under a child ceiling is not refunded a second time under the household ceiling).
///    This total depends only on which lines were counted, never on their order of arrival.
/// 5. A line's refund = what is owed after it - what was already refunded: the part of its personal share above a
///    ceiling, and the whole share of every later line once a ceiling is reached. It goes to the member, or to the
///    provider for a third-party-payment line when the rule flag maf.third_party.refund_to_provider is 1.
/// Lines are counted in service-date order, then in their batch order: see <see cref="InCountingOrder(IEnumerable{MafLine})"/>.
/// </summary>
public static class MafCounter
{
    /// <param name="explain">False: the explanation keeps only its steps that name a rule origin (the ceiling's, on a
    /// refund), the words of the others not written: what a run needs to tell the provisional values a refund rests on
    /// (<see cref="Provisional.Of"/> gives the same of both).</param>
    public static MafApplied Apply(MafCounterState state, MafLine line, bool explain = true)
    {
        var ceiling = state.Ceiling;
        if (line.Year != ceiling.Year)
            throw new ArgumentException(
                $"line {line.LineId} (care on {line.ServiceDate:yyyy-MM-dd}) belongs to the {line.Year} counter, not to {ceiling.HouseholdId}/{ceiling.Year}");
        if (line.PersonalShare < Money.Zero)
            throw new ArgumentException($"line {line.LineId}: a negative personal share ({line.PersonalShare}) cannot be counted for the MAF");

        var payee = line.ThirdPartyPayment && ceiling.ThirdPartyRefundToProvider ? MafPayee.Provider : MafPayee.Member;
        if (state.LineIds.Contains(line.LineId))
            return new MafApplied(state, Money.Zero, payee, !explain ? [] :
                [new ExplanationStep("maf.counter", $"line {line.LineId} is already counted in {state.Key}: not counted again, no refund")]);

        var steps = !explain ? new List<ExplanationStep>() : new List<ExplanationStep>
        {
            new("maf.counter", $"line {line.LineId}, care on {line.ServiceDate:yyyy-MM-dd}: personal share {line.PersonalShare} counts for household {ceiling.HouseholdId}, year of care {ceiling.Year}"
                + (line.Supplement > Money.Zero ? $"; supplement {line.Supplement} never counts" : "")),
        };

        var children = state.ChildCounted;
        if (AgeOn(line) is { } age && age < ceiling.ChildAgeLimit)
        {
            var before = children.GetValueOrDefault(line.BeneficiaryId, Money.Zero);
            children = children.SetItem(line.BeneficiaryId, before + line.PersonalShare);
            if (explain) steps.Add(new("maf.child",
                $"beneficiary {line.BeneficiaryId} is {age} (under {ceiling.ChildAgeLimit}) on the date of care: child counter {before} -> {before + line.PersonalShare} against the child ceiling {ceiling.Child}"));
        }

        var counted = state.Counted + line.PersonalShare;
        var owed = Owed(ceiling, counted, children.Values);
        var refund = Money.Max(Money.Zero, owed - state.Refunded);
        if (explain) steps.Add(new("maf.counter",
            $"household counter {state.Counted} -> {counted} against the ceiling {ceiling.Household}; owed for the year {owed}, already refunded {state.Refunded}"));
        if (refund > Money.Zero)
        {
            if (explain) steps.Add(new("maf.refund", $"refund {refund} of this line's personal share {line.PersonalShare} to the {(payee == MafPayee.Provider ? "provider (third-party payment)" : "member")}"));
            steps.AddRange(ceiling.Explanation);
        }

        var next = state.With(counted, state.Refunded + refund, children, state.LineIds.Add(line.LineId));
        return new MafApplied(next, refund, payee, steps);
    }

    /// <summary>
    /// Applies a changed ceiling (same household and year) to a counter, e.g. a chronic-illness status or a BIM right
    /// granted after lines were counted: returns what the new ceiling owes beyond what was already refunded.
    /// A higher ceiling never claws a refund back; the explanation states any excess already paid.
    /// </summary>
    public static MafApplied Reassess(MafCounterState state, MafCeiling ceiling)
    {
        if (ceiling.HouseholdId != state.Ceiling.HouseholdId || ceiling.Year != state.Ceiling.Year)
            throw new ArgumentException($"ceiling of {ceiling.HouseholdId}/{ceiling.Year} cannot replace that of {state.Key}");
        var owed = Owed(ceiling, state.Counted, state.ChildCounted.Values);
        var refund = Money.Max(Money.Zero, owed - state.Refunded);
        var steps = new List<ExplanationStep>
        {
            new("maf.reassess", $"{state.Key}: ceiling {state.Ceiling.Household} -> {ceiling.Household} (child {state.Ceiling.Child} -> {ceiling.Child}); counter {state.Counted}; owed {owed}, already refunded {state.Refunded}"
                + (owed < state.Refunded ? $"; {state.Refunded - owed} was refunded beyond the new ceiling (not clawed back here)" : "")),
        };
        steps.AddRange(ceiling.Explanation);
        return new MafApplied(state.WithCeiling(ceiling, state.Refunded + refund), refund, MafPayee.Member, steps);
    }

    /// <summary>
    /// The total refund owed for a household-year (rule 4): sum over children of max(0, child counter - child ceiling),
    /// plus max(0, household counter - those children's parts - household ceiling).
    /// </summary>
    public static Money Owed(MafCeiling ceiling, Money counted, IEnumerable<Money> childCounters)
    {
        var childExcess = Money.Zero;
        foreach (var c in childCounters) childExcess += Money.Max(Money.Zero, c - ceiling.Child);
        return childExcess + Money.Max(Money.Zero, counted - childExcess - ceiling.Household);
    }

    /// <summary>The counting order: service date, then the order the lines have in the batch (a stable sort).</summary>
    public static IReadOnlyList<MafLine> InCountingOrder(IEnumerable<MafLine> lines) => InCountingOrder(lines, l => l.ServiceDate);

    public static IReadOnlyList<T> InCountingOrder<T>(IEnumerable<T> lines, Func<T, LocalDate> serviceDate) =>
        lines.OrderBy(serviceDate).ToList(); // Enumerable.OrderBy is stable: equal dates keep the batch order.

    private static int? AgeOn(MafLine line) =>
        line.BirthDate is { } birth && birth <= line.ServiceDate ? Calendar.Age.On(birth, line.ServiceDate) : null;
}
