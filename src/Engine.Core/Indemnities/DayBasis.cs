using Engine.Core.Rules;

namespace Engine.Core.Indemnities;

using Money = Engine.Core.Money.Money;

/// <summary>Why a day of a non-paying phase is not paid, when the phase alone does not say it.</summary>
internal enum NotPaidWhy { None, BeyondLeaveDays, OutsideBirthWindow }

/// <summary>Which minimum applies: month 3 (one for everybody), months 4-6, or month 7 on and invalidity.</summary>
internal enum MinimumColumn { None, Uniform, First, Second }

/// <summary>
/// Every figure that made one day's amount, as values (dated parameters keep their origin). Two days with equal
/// bases are paid the same for the same reasons, so consecutive equal days form one stretch of the statement.
/// </summary>
internal sealed record DayBasis(IndemnityPhase Phase, bool Paid, Money Amount)
{
    public NotPaidWhy Why { get; init; }
    public FamilyStatus Family { get; init; }

    // Wage-based amount: round(base x rate x coefficient(day) / coefficient(base day)). The base is the 6-day wage
    // (base day: the first day) or, when it is the lower once both are indexed to the day, the ceiling of the cohort
    // of the ceiling day (base day: the first day of the case, or of invalidity). Maternity days 1-30: uncapped.
    public Dated<decimal>? Rate { get; init; }
    public string? RateName { get; init; }
    public Dated<decimal>? Ceiling { get; init; }
    public NodaTime.LocalDate CeilingDay { get; init; }
    public bool Capped { get; init; }
    public decimal Base { get; init; }
    public NodaTime.LocalDate BaseDay { get; init; }
    public Dated<decimal>? IndexAtFirstDay { get; init; }
    public Dated<decimal>? IndexAtCeilingDay { get; init; }
    /// <summary>The coefficient on the base day.</summary>
    public Dated<decimal>? IndexAtStart { get; init; }
    public Dated<decimal>? IndexOnDay { get; init; }
    public decimal Raw { get; init; }
    public Money Computed { get; init; }

    // Minimum (primary incapacity from month 3, invalidity)
    public Dated<decimal>? Minimum { get; init; }
    public string? MinimumName { get; init; }
    public MinimumColumn Column { get; init; }

    // Self-employed flat amount
    public Dated<decimal>? Flat { get; init; }

    // Part-time resumption
    public ResumptionReduction? Reduction { get; init; }
    public Money BeforeReduction { get; init; }

    public bool Indexed => IndexAtStart is not null && IndexOnDay is not null && IndexAtStart.Value != IndexOnDay.Value;
}
