using Engine.Core.Rules;

namespace Engine.Core.Indemnities;

using Money = Engine.Core.Money.Money;

/// <summary>Why a day of a non-paying phase is not paid, when the phase alone does not say it.</summary>
internal enum NotPaidWhy { None, BeyondLeaveDays, OutsideBirthWindow }

/// <summary>
/// Every figure that made one day's amount, as values (dated parameters keep their origin). Two days with equal
/// bases are paid the same for the same reasons, so consecutive equal days form one stretch of the statement.
/// </summary>
internal sealed record DayBasis(IndemnityPhase Phase, bool Paid, Money Amount)
{
    public NotPaidWhy Why { get; init; }
    public FamilyStatus Family { get; init; }

    // Wage-based amount: round(base x rate x index factor), base = min(6-day wage, ceiling) or the wage uncapped.
    public Dated<decimal>? Rate { get; init; }
    public string? RateName { get; init; }
    public Dated<decimal>? Ceiling { get; init; }
    public decimal Base { get; init; }
    public Dated<decimal>? IndexAtStart { get; init; }
    public Dated<decimal>? IndexOnDay { get; init; }
    public decimal Raw { get; init; }
    public Money Computed { get; init; }

    // Minimum (primary incapacity from month 4, invalidity)
    public Dated<decimal>? Minimum { get; init; }
    public string? MinimumName { get; init; }
    public bool SecondMinimumColumn { get; init; }

    // Self-employed flat amount
    public Dated<decimal>? Flat { get; init; }

    // Part-time resumption
    public ResumptionReduction? Reduction { get; init; }
    public Money BeforeReduction { get; init; }

    public bool Indexed => IndexAtStart is not null && IndexOnDay is not null && IndexAtStart.Value != IndexOnDay.Value;
}
