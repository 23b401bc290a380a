using NodaTime;

namespace Engine.Core.Reimbursement;

/// <summary>
/// A date packed in an int that sorts like the date (year, then month, then day): the hot path compares ints
/// instead of calling LocalDate comparisons.
/// </summary>
internal static class DayKey
{
    public const int Open = int.MaxValue;

    public static int Of(LocalDate d) => (d.Year << 9) | (d.Month << 5) | d.Day;

    public static int Of(LocalDate? d) => d is { } v ? Of(v) : Open;
}
