using NodaTime;

namespace Engine.Jobs.Runs;

/// <summary>
/// Whether a run date given by hand can be taken as it is: a run takes over every item held back by earlier runs and
/// pays with its date as the execution date, so a mistyped date (9999-12-31, 0001-01-01) is money at risk. A date more
/// than <c>Engine:Run:DateWindowDays</c> from today (in the nightly run's time zone), or before the last completed
/// nightly run's date, needs the operator's confirmation (`run --confirm-date` repeating it). A run that exists already
/// is continued or reproduced, never refused: that takes nothing new.
/// </summary>
public sealed class RunDateCheck(IClock clock, DateTimeZone zone, int windowDays)
{
    public LocalDate Today => clock.GetCurrentInstant().InZone(zone).Date;

    /// <returns>Null when the date can be run without confirmation, else why it needs one.</returns>
    public string? Problem(LocalDate date, LocalDate? lastCompleted)
    {
        var today = Today;
        var days = Period.Between(today, date, PeriodUnits.Days).Days;
        if (Math.Abs((long)days) > windowDays)
            return $"run date {Text(date)} is {Math.Abs((long)days)} days {(days < 0 ? "before" : "after")} today ({Text(today)}, {zone.Id}), " +
                   $"more than Engine:Run:DateWindowDays = {windowDays}";
        if (lastCompleted is { } last && date < last)
            return $"run date {Text(date)} is before the last completed run's date ({Text(last)})";
        return null;
    }

    private static string Text(LocalDate d) => d.ToString("yyyy-MM-dd", null);
}
