using System.Collections.Immutable;

namespace Engine.Core.Complementary;

using Money = Engine.Core.Money.Money;

/// <summary>The period an allowance runs over.</summary>
public enum AcScope { Year, Lifetime, Event }

/// <summary>
/// One allowance: an advantage (or an exclusive group, as "group:&lt;name&gt;") over a period: a calendar year
/// ("2025"), the lifetime (""), or one event (its evidence reference or date).
/// </summary>
public readonly record struct AcAllowanceKey(string Subject, AcScope Scope, string Period) : IComparable<AcAllowanceKey>
{
    public static AcAllowanceKey Year(string advantage, int year) => new(advantage, AcScope.Year, year.ToString("0000", null));
    public static AcAllowanceKey Lifetime(string advantage) => new(advantage, AcScope.Lifetime, "");
    public static AcAllowanceKey Event(string advantage, string evt) => new(advantage, AcScope.Event, evt);
    public static AcAllowanceKey GroupEvent(string group, string evt) => new("group:" + group, AcScope.Event, evt);

    public int CompareTo(AcAllowanceKey other)
    {
        int c = string.CompareOrdinal(Subject, other.Subject);
        if (c != 0) return c;
        c = Scope.CompareTo(other.Scope);
        return c != 0 ? c : string.CompareOrdinal(Period, other.Period);
    }
}

/// <summary>What an allowance has paid so far: the amount and the number of paid requests.</summary>
public readonly record struct AcUsage(Money Paid, int Count)
{
    public static readonly AcUsage None = new(Money.Zero, 0);
    public AcUsage Add(Money paid) => new(Paid + paid, Count + 1);
}

/// <summary>
/// Everything one member's AC allowances have used: one entry per (advantage or group, year / lifetime / event), and
/// the ids of the requests already paid (a paid request id is never paid again). Immutable:
/// <see cref="AcDecider.Decide"/> returns a new state. For storage, each <see cref="Allowances"/> entry is a row
/// (member, subject, scope, period) -> (paid, count), and each paid request id a row.
/// </summary>
public sealed class AcMemberState
{
    public string MemberId { get; }
    public ImmutableSortedDictionary<AcAllowanceKey, AcUsage> Allowances { get; }
    public ImmutableSortedSet<string> PaidRequests { get; }

    private AcMemberState(string memberId, ImmutableSortedDictionary<AcAllowanceKey, AcUsage> allowances, ImmutableSortedSet<string> paid)
    {
        MemberId = memberId; Allowances = allowances; PaidRequests = paid;
    }

    public static AcMemberState Empty(string memberId) =>
        new(memberId, ImmutableSortedDictionary<AcAllowanceKey, AcUsage>.Empty, ImmutableSortedSet.Create<string>(StringComparer.Ordinal));

    /// <summary>A state read back from storage.</summary>
    public static AcMemberState Restore(string memberId, IEnumerable<KeyValuePair<AcAllowanceKey, AcUsage>> allowances, IEnumerable<string> paidRequests) =>
        new(memberId, ImmutableSortedDictionary.CreateRange(allowances), ImmutableSortedSet.CreateRange(StringComparer.Ordinal, paidRequests));

    public AcUsage Used(AcAllowanceKey key) => Allowances.GetValueOrDefault(key, AcUsage.None);

    internal AcMemberState Paid(string requestId, IEnumerable<AcAllowanceKey> keys, Money amount)
    {
        var allowances = Allowances;
        foreach (var k in keys) allowances = allowances.SetItem(k, allowances.GetValueOrDefault(k, AcUsage.None).Add(amount));
        return new AcMemberState(MemberId, allowances, PaidRequests.Add(requestId));
    }
}
