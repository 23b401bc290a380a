using Engine.Core.Ceilings;
using Engine.Core.Rules;
using NodaTime;

namespace Engine.Core.Tests.Ceilings;

using Money = Engine.Core.Money.Money;

/// <summary>The MAF figures of the reference sheet (section 2) for 2022-2024, typed in for kernel tests. The shipped
/// rules/ceilings/ files are checked against the sheet itself in Engine.Jobs.Tests.</summary>
public static class MafFixture
{
    public static Money M(string euros) => Money.Parse(euros);
    public static LocalDate D(int y, int m, int d) => new(y, m, d);

    /// <param name="warVictimSharePercent">The percent of the personal share the war-victims fund refunds (payers' rules).</param>
    public static RuleSet TestRules(decimal thirdPartyToProvider = 0m, decimal warVictimSharePercent = 100m) => new()
    {
        Version = "test",
        Parameters = new ParameterSet(
        [
            Open(Engine.Core.Payers.PayerDecision.ShareRefundParameter, warVictimSharePercent),
            Yearly(MafRules.SocialCeiling, (2022, 506.79m), (2023, 506.79m), (2024, 516.92m)),
            Yearly(MafRules.ChronicReduction, (2022, 112.62m), (2023, 112.62m), (2024, 114.87m)),
            Yearly(MafRules.ChildCeiling, (2022, 732.03m), (2023, 732.03m), (2024, 746.66m)),
            Open(MafRules.ChildAgeLimit, 19m),
            Open(MafRules.ThirdPartyRefundToProvider, thirdPartyToProvider),
        ]),
        Ceilings = new MafRules(DatedSeries<MafBracketTable>.Create(MafRules.BracketsName,
        [
            Table(2022, ("11120.00", "250.00"), ("19894.05", "506.79"), ("30583.38", "732.03"), ("41272.75", "1126.20"), ("51516.72", "1576.68"), (null, "2027.16")),
            Table(2023, ("12186.41", "250.00"), ("21801.89", "506.79"), ("33516.33", "732.03"), ("45230.81", "1126.20"), ("56457.17", "1576.68"), (null, "2027.16")),
            Table(2024, ("12681.18", "254.99"), ("22687.05", "516.92"), ("34877.09", "746.66"), ("47067.18", "1148.70"), ("58749.33", "1608.18"), (null, "2067.66")),
        ])),
    };

    private static RuleOrigin O(int line) => new("rules/ceilings/test.csv", line, "belgian-rules.md §2", Confidence.S);

    private static DatedSeries<decimal> Yearly(string name, params (int Year, decimal Value)[] values) =>
        DatedSeries<decimal>.Create(name, values.Select(v => new Dated<decimal>(D(v.Year, 1, 1), D(v.Year, 12, 31), v.Value, O(v.Year))));

    private static DatedSeries<decimal> Open(string name, decimal value) =>
        DatedSeries<decimal>.Create(name, [new Dated<decimal>(D(2022, 1, 1), null, value, O(1))]);

    private static Dated<MafBracketTable> Table(int year, params (string? UpTo, string Ceiling)[] brackets) =>
        new(D(year, 1, 1), D(year, 12, 31),
            new MafBracketTable(brackets.Select((b, i) => new MafBracket(i + 1, b.UpTo is null ? null : M(b.UpTo), M(b.Ceiling), O(year))).ToList()),
            O(year));

    public static MafCounterState Counter(RuleSet rules, int year, string? income, bool bim = false, bool chronic = false, string household = "H1") =>
        MafCounterState.Open(MafCeilings.For(rules, new MafHousehold(household, year, income is null ? null : M(income), bim, chronic)));

    public static MafLine Line(string id, LocalDate date, string share, string beneficiary = "adult", LocalDate? birth = null,
        bool thirdParty = false, string supplement = "0") =>
        new(id, beneficiary, date, M(share), birth ?? D(1980, 5, 5), thirdParty, M(supplement));
}
