using NodaTime;

namespace Engine.Core.Calendar;

/// <summary>
/// The one age rule of the engine (reimbursement share conditions, the MAF child ceiling, AC age limits): age in whole
/// years by the calendar. A year is completed on the day whose month and day are those of the birth; someone born on
/// 29 February completes a year on 1 March in a common year, not on 28 February (belgian-rules.md §9.7). NodaTime's
/// Period.Between and PlusYears clamp 29 February to the 28th and would age such a member a day early: do not use
/// them for ages.
/// </summary>
public static class Age
{
    /// <summary>Whole years completed on <paramref name="on"/>; negative when <paramref name="on"/> is before the birth
    /// (-1 within the year before it). Allocation-free: the reimbursement kernel calls it for every line.</summary>
    public static int On(LocalDate birth, LocalDate on)
    {
        int years = on.Year - birth.Year;
        // Compared as (month, day): 29 February is after 28 February and before 1 March of any year, leap or common.
        if (on.Month < birth.Month || (on.Month == birth.Month && on.Day < birth.Day)) years--;
        return years;
    }

    /// <summary>The day the member turns <paramref name="years"/>: the anniversary, or 1 March for a 29 February birth
    /// in a common year.</summary>
    public static LocalDate Birthday(LocalDate birth, int years)
    {
        int year = birth.Year + years;
        return birth.Month == 2 && birth.Day == 29 && !CalendarSystem.Iso.IsLeapYear(year)
            ? new LocalDate(year, 3, 1)
            : new LocalDate(year, birth.Month, birth.Day);
    }
}
