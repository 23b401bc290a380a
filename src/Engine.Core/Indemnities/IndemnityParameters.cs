using Engine.Core.Rules;

namespace Engine.Core.Indemnities;

/// <summary>
/// The names of the indemnity parameters in rules/indemnities/parameters*.csv, resolved once per computation into
/// their dated series. A missing name fails with the parameter's name; a date outside a series fails with the
/// parameter and the date (<see cref="RuleCoverageException"/>).
/// </summary>
public static class IndemnityParameters
{
    public const string Ceiling = "indemnity.wage.ceiling";
    public const string RatePrimary = "indemnity.rate.primary";
    public const string PrimaryMonths = "indemnity.primary.months";
    public const string EmployerDaysEmployee = "indemnity.employer.days.employee";
    public const string EmployerDaysWorker = "indemnity.employer.days.worker";
    public const string EmployerDaysShortContract = "indemnity.employer.days.short_contract";
    public const string MinimumUniformMonth = "indemnity.minimum.uniform_month";
    public const string MinimumUniform = "indemnity.minimum.m3.uniform";
    public const string MinimumFirstMonth = "indemnity.minimum.first_month";
    public const string MinimumSecondMonth = "indemnity.minimum.second_month";
    public const string Withholding = "indemnity.withholding.rate";
    /// <summary>Invalidity indemnities carry their own withholding rate (0 %: only first-year indemnities are withheld).</summary>
    public const string WithholdingInvalidity = "indemnity.withholding.invalidity.rate";
    public const string IndexCoefficient = "indemnity.index.coefficient";
    public const string MaternityWeeksSingle = "indemnity.maternity.weeks.single";
    public const string MaternityWeeksMultiple = "indemnity.maternity.weeks.multiple";
    public const string MaternityUncappedDays = "indemnity.maternity.uncapped_days";
    public const string RateMaternityFirst = "indemnity.rate.maternity.first";
    public const string RateMaternityUnemployedFirst = "indemnity.rate.maternity.unemployed_first";
    public const string RateMaternityAfter = "indemnity.rate.maternity.after";
    public const string BirthDays = "indemnity.birth.days";
    public const string BirthEmployerDays = "indemnity.birth.employer_days";
    public const string BirthWindowMonths = "indemnity.birth.window_months";
    public const string RateBirth = "indemnity.rate.birth";
    public const string SelfWaitingDays = "indemnity.self.waiting_days";
    public const string RelapseWindowDays = "indemnity.relapse.window_days";
    public const string RelapseResumptionWhole = "indemnity.relapse.resumption.whole";
    public const string RelapseResumptionWeeks = "indemnity.relapse.resumption.weeks";
    public const string FamilyThresholdFamily = "indemnity.family.threshold.family";
    public const string FamilyThresholdIsolated = "indemnity.family.threshold.isolated";

    public static string RateInvalidity(FamilyStatus f) => "indemnity.rate.invalidity." + Word(f);
    public static string SelfFlat(FamilyStatus f) => "indemnity.self.flat." + Word(f);

    /// <summary>m4 = from month 4 of primary incapacity; m7 = from month 7 and in invalidity.</summary>
    public static string Minimum(bool secondColumn, bool regular, FamilyStatus f) =>
        $"indemnity.minimum.{(secondColumn ? "m7" : "m4")}.{(regular ? "regular" : "nonregular")}.{Word(f)}";

    public static string ResumptionBandUpTo(int band) => $"indemnity.resumption.band{band}.upto";
    public static string ResumptionBandRate(int band) => $"indemnity.resumption.band{band}.rate";
    public const string ResumptionAboveRate = "indemnity.resumption.above.rate";
    public const int ResumptionBands = 3;

    public static string Word(FamilyStatus f) => f switch
    {
        FamilyStatus.Family => "family",
        FamilyStatus.Isolated => "isolated",
        _ => "cohabitant",
    };

    /// <summary>Every parameter name the indemnity kernel may read: the coverage test walks each of them.</summary>
    public static IEnumerable<string> All()
    {
        string[] fixedNames =
        [
            Ceiling, RatePrimary, PrimaryMonths, EmployerDaysEmployee, EmployerDaysWorker, EmployerDaysShortContract,
            MinimumUniformMonth, MinimumUniform, MinimumFirstMonth, MinimumSecondMonth, Withholding,
            WithholdingInvalidity, IndexCoefficient, MaternityWeeksSingle,
            MaternityWeeksMultiple, MaternityUncappedDays, RateMaternityFirst, RateMaternityUnemployedFirst,
            RateMaternityAfter, BirthDays, BirthEmployerDays, BirthWindowMonths, RateBirth, SelfWaitingDays,
            ResumptionAboveRate, RelapseWindowDays, RelapseResumptionWhole, RelapseResumptionWeeks,
            FamilyThresholdFamily, FamilyThresholdIsolated,
        ];
        foreach (var n in fixedNames) yield return n;
        foreach (var f in Enum.GetValues<FamilyStatus>())
        {
            yield return RateInvalidity(f);
            yield return SelfFlat(f);
            foreach (var second in new[] { false, true })
            foreach (var regular in new[] { true, false })
                yield return Minimum(second, regular, f);
        }
        for (int b = 1; b <= ResumptionBands; b++)
        {
            yield return ResumptionBandUpTo(b);
            yield return ResumptionBandRate(b);
        }
    }
}
