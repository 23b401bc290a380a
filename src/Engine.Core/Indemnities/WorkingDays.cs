using NodaTime;

namespace Engine.Core.Indemnities;

/// <summary>The six-day week of indemnities: Monday to Saturday are paid days, Sunday never is.</summary>
public static class WorkingDays
{
    public static bool IsSunday(LocalDate date) => date.DayOfWeek == IsoDayOfWeek.Sunday;

    /// <summary>How many Mondays-to-Saturdays lie in [from, to] (0 when to is before from).</summary>
    public static int Count(LocalDate from, LocalDate to)
    {
        if (to < from) return 0;
        int days = Period.Between(from, to, PeriodUnits.Days).Days + 1;
        int weeks = days / 7, count = weeks * 6;
        for (var d = from.PlusDays(weeks * 7); d <= to; d = d.PlusDays(1))
            if (!IsSunday(d)) count++;
        return count;
    }

    /// <summary>Day number of <paramref name="date"/> in a case that starts on <paramref name="first"/> (the first day is day 1).</summary>
    public static int DayNumber(LocalDate first, LocalDate date) => Period.Between(first, date, PeriodUnits.Days).Days + 1;
}
