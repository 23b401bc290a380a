using Engine.Core.Indemnities;
using Engine.Core.Rules;
using NodaTime;
using P = Engine.Core.Indemnities.IndemnityParameters;

namespace Engine.Core.Tests.Indemnities;

/// <summary>
/// A self-contained rule set for the kernel's own tests (the repository's rules/ are tested in Engine.Host.Tests).
/// Figures are the sheet's, but open-ended from 2022-01-01 so random cases never leave coverage, plus a second
/// indexation step (fixture only) so indexation across two steps is exercised.
/// </summary>
public static class IndemnityFixture
{
    public static readonly LocalDate Start = new(2022, 1, 1);

    public static RuleSet FixtureRules { get; } = Build();

    private static int _line;

    private static Dated<decimal> V(string from, string? to, decimal value) =>
        new(Parse(from), to is null ? null : Parse(to), value, new RuleOrigin("fixture.csv", ++_line, "test fixture", Confidence.S));

    public static LocalDate Parse(string s) => NodaTime.Text.LocalDatePattern.Iso.Parse(s).Value;

    private static RuleSet Build()
    {
        var values = new Dictionary<string, List<Dated<decimal>>>();
        void Add(string name, decimal value, string from = "2022-01-01", string? to = null) =>
            (values.TryGetValue(name, out var l) ? l : values[name] = []).Add(V(from, to, value));

        Add(P.Ceiling, 174.1052m);
        Add(P.RatePrimary, 60);
        Add(P.RateInvalidity(FamilyStatus.Family), 65);
        Add(P.RateInvalidity(FamilyStatus.Isolated), 55);
        Add(P.RateInvalidity(FamilyStatus.Cohabitant), 40);
        Add(P.PrimaryMonths, 12);
        Add(P.EmployerDaysEmployee, 30);
        Add(P.EmployerDaysWorker, 14);
        Add(P.EmployerDaysShortContract, 14);
        Add(P.MinimumUniformMonth, 3);
        Add(P.MinimumUniform, 58.21m);
        Add(P.MinimumFirstMonth, 4);
        Add(P.MinimumSecondMonth, 7);
        Add(P.Withholding, 11.11m);
        Add(P.WithholdingInvalidity, 0m);
        Add(P.RelapseWindowDays, 14, "2022-01-01", "2025-12-31");
        Add(P.RelapseWindowDays, 56, "2026-01-01");
        Add(P.RelapseResumptionWhole, 0, "2022-01-01", "2025-12-31");
        Add(P.RelapseResumptionWhole, 1, "2026-01-01");
        Add(P.RelapseResumptionWeeks, 20, "2022-01-01", "2025-12-31");
        Add(P.FamilyThresholdFamily, 1183.21m);
        Add(P.FamilyThresholdIsolated, 2029.88m);
        Add(P.IndexCoefficient, 1m, "2022-01-01", "2022-11-30");
        Add(P.IndexCoefficient, 1.02m, "2022-12-01", "2023-09-30");
        Add(P.IndexCoefficient, 1.0404m, "2023-10-01");
        Add(P.MaternityWeeksSingle, 15);
        Add(P.MaternityWeeksMultiple, 19);
        Add(P.MaternityUncappedDays, 30);
        Add(P.RateMaternityFirst, 82);
        Add(P.RateMaternityUnemployedFirst, 79.5m);
        Add(P.RateMaternityAfter, 75);
        Add(P.BirthDays, 20);
        Add(P.BirthEmployerDays, 3);
        Add(P.BirthWindowMonths, 4);
        Add(P.RateBirth, 82);
        Add(P.SelfWaitingDays, 7);
        Add(P.SelfFlat(FamilyStatus.Family), 63.63m);
        Add(P.SelfFlat(FamilyStatus.Isolated), 50.67m);
        Add(P.SelfFlat(FamilyStatus.Cohabitant), 38.86m);
        foreach (var regular in new[] { true, false })
        {
            Add(P.Minimum(false, regular, FamilyStatus.Family), regular ? 73.10m : 61.54m);
            Add(P.Minimum(false, regular, FamilyStatus.Isolated), 58.21m);
            Add(P.Minimum(false, regular, FamilyStatus.Cohabitant), 58.21m);
            Add(P.Minimum(true, regular, FamilyStatus.Family), regular ? 73.10m : 61.54m);
            Add(P.Minimum(true, regular, FamilyStatus.Isolated), regular ? 58.21m : 45.54m);
            Add(P.Minimum(true, regular, FamilyStatus.Cohabitant), regular ? 49.91m : 45.54m);
        }
        Add(P.ResumptionBandUpTo(1), 11.8278m);
        Add(P.ResumptionBandRate(1), 0);
        Add(P.ResumptionBandUpTo(2), 18.9245m);
        Add(P.ResumptionBandRate(2), 20);
        Add(P.ResumptionBandUpTo(3), 26.0212m);
        Add(P.ResumptionBandRate(3), 50);
        Add(P.ResumptionAboveRate, 75);
        return new RuleSet
        {
            Version = "fixture",
            Parameters = new ParameterSet(values.Select(kv => DatedSeries<decimal>.Create(kv.Key, kv.Value))),
        };
    }

    public static IndemnityCase Case(string first, decimal? wage = 100m, FamilyStatus family = FamilyStatus.Family,
        MemberStatus status = MemberStatus.Employee, IndemnityKind kind = IndemnityKind.Incapacity, string? last = null) => new()
    {
        Id = "T", Kind = kind, Status = status, FirstDay = Parse(first), LastDay = last is null ? null : Parse(last),
        Wage = wage is null ? null : new DeclaredWage(wage.Value), Family = [new FamilySituation(Parse(first), family)],
    };

    public static DateInterval Span(string from, string to) => new(Parse(from), Parse(to));
}
