using Engine.Core.Complementary;
using Engine.Core.Rules;
using NodaTime;

namespace Engine.Core.Tests.Complementary;

using Money = Engine.Core.Money.Money;

/// <summary>The example catalogue of the reference sheet (section 6), typed in for kernel tests; the shipped
/// rules/complementary/example/catalogue.csv is checked in Engine.Jobs.Tests and through calc ac.</summary>
public static class AcFixture
{
    public static Money M(string euros) => Money.Parse(euros);
    public static LocalDate D(int y, int m, int d) => new(y, m, d);

    public static readonly AcAdvantage Base = new("x", AcProofKind.Attestation, "x", AcPay.Flat, M("10.00"), null, CostBased: true,
        CapPerYear: null, UnitsPerYear: null, CapPerEvent: null, CapLifetime: null, OnceInLifetime: false, AgeMin: null, AgeMax: null,
        ContributionRequired: true, ClosedAfterArrearsMonths: 24, WaitingMonths: null, ExclusiveGroup: null);

    public static readonly AcAdvantage[] Example =
    [
        Base with { Id = "sport_club", Amount = M("50.00"), CapPerYear = M("50.00") },
        Base with { Id = "sport_event", Amount = M("15.00"), UnitsPerYear = 3 },
        Base with { Id = "sport_app", Amount = M("45.00"), CapPerYear = M("45.00") },
        Base with { Id = "sport_medical", Amount = M("15.00"), CapPerYear = M("15.00") },
        Base with { Id = "psychology_session", Amount = M("20.00"), UnitsPerYear = 20 },
        Base with { Id = "dietitian_session", Amount = M("20.00") },
        Base with { Id = "orthodontics_child", Pay = AcPay.Percent, Amount = null, PercentBasisPoints = 10_000, CapLifetime = M("650.00"), AgeMax = 17 },
        Base with { Id = "burnout_screening", Amount = M("50.00"), UnitsPerYear = 1 },
        Base with { Id = "alternative_therapy", Amount = M("10.00"), UnitsPerYear = 12 },
        Base with { Id = "birth_premium", Amount = M("350.00"), CostBased = false, CapPerEvent = M("350.00"), ExclusiveGroup = "birth" },
        Base with { Id = "birth_voucher", Amount = M("500.00"), CostBased = false, CapPerEvent = M("500.00"), ExclusiveGroup = "birth" },
        Base with { Id = "pregnancy_vitamins", Amount = M("30.00"), CapPerYear = M("30.00") },
    ];

    public static AcCatalogue Catalogue(params AcAdvantage[] advantages) =>
        new("test", advantages.ToDictionary(a => a.Id, a => DatedSeries<AcAdvantage>.Create(a.Id,
            [new Dated<AcAdvantage>(D(2025, 1, 1), null, a, new RuleOrigin("rules/complementary/test/catalogue.csv", 2, "belgian-rules.md §6", Confidence.S))])));

    public static AcCatalogue ExampleCatalogue() => Catalogue(Example);

    public static AcMember InOrder(string id = "m1", LocalDate? birth = null) => new(id, birth ?? D(1985, 4, 4), true, 0, D(2010, 1, 1));

    /// <summary>Decides requests in the order given for one member; returns the decisions and the final state.</summary>
    public static (List<AcDecision> Decisions, AcMemberState State) Run(AcCatalogue catalogue, AcMember member, params AcRequest[] requests)
    {
        var state = AcMemberState.Empty(member.MemberId);
        var decisions = new List<AcDecision>();
        foreach (var r in requests)
        {
            var (decision, next) = AcDecider.Decide(state, r, member, catalogue);
            decisions.Add(decision);
            state = next;
        }
        return (decisions, state);
    }

    public static AcRequest Req(string id, string advantage, LocalDate date, string paid, string member = "m1", string? evidence = null) =>
        new(id, member, advantage, date, M(paid), evidence);

    public static string Show(AcDecision d) => $"{d.StatusCode} {d.Granted} {d.ReasonCode}";
}
