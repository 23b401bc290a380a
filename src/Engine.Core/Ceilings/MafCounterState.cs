using System.Collections.Immutable;

namespace Engine.Core.Ceilings;

using Money = Engine.Core.Money.Money;

/// <summary>
/// The MAF counter of one household for one year of care. Immutable: <see cref="MafCounter.Apply"/> returns a new
/// state. What the database keeps is <see cref="Counted"/>, <see cref="Refunded"/>, <see cref="ChildCounted"/> and
/// <see cref="LineIds"/>; the <see cref="Ceiling"/> is recomputed from the household row and the rules
/// (<see cref="MafCeilings.For"/>) and handed to <see cref="Restore"/>.
/// </summary>
public sealed class MafCounterState
{
    public MafCeiling Ceiling { get; }

    /// <summary>Every legal personal share counted this year for the household, the children's included.</summary>
    public Money Counted { get; }

    /// <summary>Everything refunded so far for this household-year.</summary>
    public Money Refunded { get; }

    /// <summary>Per child (beneficiary id): the personal shares counted against the child's own ceiling.</summary>
    public ImmutableSortedDictionary<string, Money> ChildCounted { get; }

    /// <summary>The lines already counted: a line id found here is never counted again.</summary>
    public ImmutableSortedSet<string> LineIds { get; }

    public MafCounterKey Key => new(Ceiling.HouseholdId, Ceiling.Year);

    private MafCounterState(MafCeiling ceiling, Money counted, Money refunded,
        ImmutableSortedDictionary<string, Money> childCounted, ImmutableSortedSet<string> lineIds)
    {
        Ceiling = ceiling; Counted = counted; Refunded = refunded; ChildCounted = childCounted; LineIds = lineIds;
    }

    /// <summary>A new, empty counter for the household and year of the ceiling.</summary>
    public static MafCounterState Open(MafCeiling ceiling) =>
        new(ceiling, Money.Zero, Money.Zero, ImmutableSortedDictionary.Create<string, Money>(StringComparer.Ordinal),
            ImmutableSortedSet.Create<string>(StringComparer.Ordinal));

    /// <summary>A counter read back from storage. If the household's ceiling has changed since (a late BIM or chronic
    /// status), call <see cref="MafCounter.Reassess"/> to pay what the lower ceiling now owes.</summary>
    public static MafCounterState Restore(MafCeiling ceiling, Money counted, Money refunded,
        IEnumerable<KeyValuePair<string, Money>> childCounted, IEnumerable<string> lineIds)
    {
        var children = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, childCounted);
        if (counted < Money.Zero || refunded < Money.Zero || refunded > counted || children.Values.Any(c => c < Money.Zero))
            throw new ArgumentException($"MAF counter {ceiling.HouseholdId}/{ceiling.Year}: stored amounts are inconsistent (counted {counted}, refunded {refunded})");
        var childTotal = children.Values.Aggregate(Money.Zero, (a, b) => a + b);
        if (childTotal > counted)
            throw new ArgumentException($"MAF counter {ceiling.HouseholdId}/{ceiling.Year}: the children's counters ({childTotal}) exceed the household counter ({counted})");
        return new(ceiling, counted, refunded, children, ImmutableSortedSet.CreateRange(StringComparer.Ordinal, lineIds));
    }

    internal MafCounterState With(Money counted, Money refunded, ImmutableSortedDictionary<string, Money> childCounted,
        ImmutableSortedSet<string> lineIds) => new(Ceiling, counted, refunded, childCounted, lineIds);

    internal MafCounterState WithCeiling(MafCeiling ceiling, Money refunded) =>
        new(ceiling, Counted, refunded, ChildCounted, LineIds);
}
