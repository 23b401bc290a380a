using Engine.Core.Complementary;
using FsCheck.Xunit;
using static Engine.Core.Tests.Complementary.AcFixture;

namespace Engine.Core.Tests.Complementary;

using Money = Engine.Core.Money.Money;

public class AcDeciderProperties
{
    private static readonly AcAdvantage[] Advantages = Example.Concat(
    [
        Base with { Id = "glasses", Pay = AcPay.Percent, PercentBasisPoints = 3333, Amount = M("40.00"), CapPerYear = M("70.00"), UnitsPerYear = 4 },
        Base with { Id = "welcome_gift", OnceInLifetime = true, CostBased = false, Amount = M("25.00") },
    ]).ToArray();

    private static readonly AcMember[] Members =
    [
        InOrder("m1", D(2012, 7, 1)), InOrder("m2", D(1990, 2, 2)), new("m3", D(2008, 12, 31), true, 0, null),
    ];

    /// <summary>Requests built from raw numbers: member, advantage, a date over 2025-2026, an amount of 0.00 to
    /// 799.99, one of three evidence references (or none). Request ids are unique, except every fifth repeats an
    /// earlier one (a request sent twice).</summary>
    private static List<AcRequest> Requests(long[] raw) =>
        raw.Select((x, i) =>
        {
            ulong u = unchecked((ulong)x);
            var member = Members[(int)(u % 3)].MemberId;
            var advantage = Advantages[(int)(u / 3 % (ulong)Advantages.Length)].Id;
            var date = D(2025, 1, 1).PlusDays((int)(u / 100 % 730));
            var paid = new Money((long)(u / 100_000 % 80_000));
            var evidence = (u / 10_000_000_000 % 4) switch { 0 => null, var k => $"E{k}" };
            var id = i % 5 == 4 ? $"R{i / 2}" : $"R{i}";
            return new AcRequest(id, member, advantage, date, paid, evidence);
        }).ToList();

    [Property(MaxTest = 300)]
    public bool No_advantage_ever_pays_above_its_caps_whatever_the_order(long[] raw, int seed)
    {
        var requests = Requests(raw);
        var rng = new Random(seed);
        var order = requests.OrderBy(_ => rng.Next()).ToList();
        var catalogue = Catalogue(Advantages);
        var byId = Advantages.ToDictionary(a => a.Id);
        var states = Members.ToDictionary(m => m.MemberId, m => AcMemberState.Empty(m.MemberId));
        var paid = new List<(AcRequest Request, Money Granted)>();
        foreach (var r in order)
        {
            var member = Members.Single(m => m.MemberId == r.MemberId);
            var (decision, next) = AcDecider.Decide(states[r.MemberId], r, member, catalogue);
            states[r.MemberId] = next;
            var a = byId[r.AdvantageId];
            // Each decision on its own: refused <=> nothing paid; never negative; never above the flat sum, the
            // per-request maximum, or (cost-based) the amount paid.
            if ((decision.Status == AcStatus.Refused) != (decision.Granted == Money.Zero) || decision.Granted < Money.Zero) return false;
            if (a.Pay == AcPay.Flat && decision.Granted > a.Amount!.Value) return false;
            if (a.Pay == AcPay.Percent && a.Amount is { } most && decision.Granted > most) return false;
            if (a.CostBased && decision.Granted > r.AmountPaid) return false;
            if (decision.Granted > Money.Zero) paid.Add((r, decision.Granted));
        }
        // Every allowance over the whole run.
        foreach (var g in paid.GroupBy(p => (p.Request.MemberId, p.Request.AdvantageId)))
        {
            var a = byId[g.Key.AdvantageId];
            if (a.CapLifetime is { } life && Sum(g) > life) return false;
            if (a.OnceInLifetime && g.Count() > 1) return false;
            foreach (var y in g.GroupBy(p => p.Request.Date.Year))
            {
                if (a.CapPerYear is { } cap && Sum(y) > cap) return false;
                if (a.UnitsPerYear is { } units && y.Count() > units) return false;
            }
            if (a.CapPerEvent is { } ce && g.GroupBy(p => p.Request.EventKey).Any(e => Sum(e) > ce)) return false;
        }
        foreach (var g in paid.Where(p => byId[p.Request.AdvantageId].ExclusiveGroup is not null)
                     .GroupBy(p => (p.Request.MemberId, byId[p.Request.AdvantageId].ExclusiveGroup, p.Request.EventKey)))
            if (g.Count() > 1) return false;
        // A request id is paid at most once per member.
        return paid.GroupBy(p => (p.Request.MemberId, p.Request.RequestId)).All(g => g.Count() == 1);
    }

    private static Money Sum(IEnumerable<(AcRequest Request, Money Granted)> items) => items.Aggregate(Money.Zero, (s, p) => s + p.Granted);
}
