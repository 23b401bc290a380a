using NodaTime;

namespace Engine.Core.Reimbursement;

/// <summary>
/// A date packed in an int that sorts like the date (year, then month, then day): the hot path compares ints
/// instead of calling LocalDate comparisons. Also the age rule.
/// </summary>
internal static class DayKey
{
    public const int Open = int.MaxValue;

    public static int Of(LocalDate d) => (d.Year << 9) | (d.Month << 5) | d.Day;

    public static int Of(LocalDate? d) => d is { } v ? Of(v) : Open;

    /// <summary>
    /// Age in whole years on <paramref name="on"/>: the years completed since birth. Someone born on 29 February
    /// completes a year on 28 February in a common year (as NodaTime's Period.Between does). Negative when the
    /// date is before the birth.
    /// </summary>
    public static int AgeOn(LocalDate birth, LocalDate on)
    {
        int years = on.Year - birth.Year;
        int birthMonth = birth.Month, birthDay = birth.Day;
        if (birthMonth == 2 && birthDay == 29 && !DateTime.IsLeapYear(on.Year)) birthDay = 28;
        if (on.Month < birthMonth || (on.Month == birthMonth && on.Day < birthDay)) years--;
        return years;
    }
}
