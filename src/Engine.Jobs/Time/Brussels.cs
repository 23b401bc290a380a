using NodaTime;

namespace Engine.Jobs.Time;

/// <summary>Schedules and business dates are in Europe/Brussels.</summary>
public static class Brussels
{
    public static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Europe/Brussels"];

    public static Instant At(LocalDate date, int hour, int minute = 0) =>
        date.At(new LocalTime(hour, minute)).InZoneLeniently(Zone).ToInstant();
}
