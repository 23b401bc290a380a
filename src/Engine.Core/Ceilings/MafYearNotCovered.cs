using Engine.Core.Rules;
using NodaTime;

namespace Engine.Core.Ceilings;

/// <summary>
/// "No MAF figures for year Y": the parameter rules/ceilings/ lacks and the year of care. A run holds the lines of
/// such a household-year as pending (their counters kept) and computes the refunds once the year's figures are added;
/// the kernel itself never computes the year on another year's figures.
/// </summary>
public sealed record MafFiguresMissing(string Parameter, int Year)
{
    public override string ToString() => $"no MAF figures for {Year} ('{Parameter}')";
}

/// <summary>
/// Thrown by <see cref="MafCeilings.For"/> when rules/ has no figure for a year of care (2025 and 2026 today). It is a
/// <see cref="RuleCoverageException"/> (the parameter and 1 January of the year), so a caller that only knows that
/// type still refuses the year; a caller that can hold the year as pending catches this type and reads
/// <see cref="Missing"/>.
/// </summary>
public sealed class MafYearNotCoveredException(string parameter, int year, string detail)
    : RuleCoverageException(parameter, new LocalDate(year, 1, 1), detail)
{
    public int Year { get; } = year;
    public MafFiguresMissing Missing => new(Parameter, Year);
}
