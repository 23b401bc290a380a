using Engine.Core.Rules;
using NodaTime;

namespace Engine.Core.Indemnities;

using Money = Engine.Core.Money.Money;

/// <summary>Who carries a day of the case, or why nobody pays it.</summary>
public enum IndemnityPhase
{
    /// <summary>Before the first day or after the last day of the case.</summary>
    OutsideCase,
    /// <summary>Employee or worker: the employer's guaranteed salary; the insurer pays nothing.</summary>
    EmployerGuaranteedSalary,
    /// <summary>Self-employed: an incapacity of 7 days or less (or open and not yet longer) is not paid.</summary>
    SelfEmployedWaiting,
    PrimaryIncapacity,
    Invalidity,
    MaternityRest,
    /// <summary>Beyond the 15 (19) weeks of maternity rest.</summary>
    MaternityBeyondLimit,
    /// <summary>Birth leave days 1-3: paid by the employer.</summary>
    BirthLeaveEmployer,
    BirthLeave,
    /// <summary>Leave days beyond the 20 of birth leave, or outside the 4 months after the birth.</summary>
    BirthLeaveBeyondLimit,
}

/// <summary>One calendar day of the period. <see cref="Amount"/> is zero when the day is not paid.</summary>
public sealed record IndemnityDay(LocalDate Date, IndemnityPhase Phase, bool Paid, Money Amount);

/// <summary>
/// Consecutive days of the period paid (or not paid) on the same basis. Sundays inside a paid stretch are counted
/// in <see cref="Sundays"/> and are not paid. <see cref="Total"/> = <see cref="PaidDays"/> x <see cref="DailyAmount"/>.
/// </summary>
public sealed record IndemnityStretch(
    DateInterval Days, IndemnityPhase Phase, int PaidDays, int Sundays, Money DailyAmount, Money Total,
    IReadOnlyList<ExplanationStep> Explanation);

/// <summary>
/// What the insurer pays for one case over one period. <see cref="DailyAmount"/> is that of the last paid day (zero
/// when no day is paid); <see cref="Gross"/> is the exact sum of the paid days; <see cref="Withholding"/> =
/// round(gross x 11.11 %) over the primary-incapacity, maternity and birth-leave days, none on invalidity days
/// (each run of days under one rate rounded once); <see cref="Net"/> = gross - withholding.
/// </summary>
public sealed record IndemnityStatement(
    string CaseId,
    DateInterval Period,
    int PaidDays,
    Money DailyAmount,
    Money Gross,
    Money Withholding,
    Money Net,
    IReadOnlyList<IndemnityDay> Days,
    IReadOnlyList<IndemnityStretch> Stretches,
    IReadOnlyList<ExplanationStep> Explanation)
{
    /// <summary>The rule ids that shaped the statement, each once, in the order they first apply.</summary>
    public IReadOnlyList<string> RuleIds { get; } =
        Stretches.SelectMany(s => s.Explanation).Concat(Explanation).Select(e => e.RuleId).Distinct().ToArray();
}
