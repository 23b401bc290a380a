using System.Globalization;
using Cronos;
using Engine.Jobs.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NodaTime;

namespace Engine.Host.Web.Health;

/// <summary>
/// Whether the nightly run is on time: the first run the schedule (Engine:Nightly:Cron in Engine:Nightly:TimeZone,
/// read as Hangfire reads it) owes after the last completed nightly run's date must be completed within the grace
/// (Engine:Health:NightlyGrace) of its scheduled time. With no nightly run completed yet, the first one owed is the
/// first scheduled after this server started (a new store is not late for nights before it was served).
/// Healthy while that time has not passed; Degraded when the run of that date is started but not completed;
/// Unhealthy when there is no such run at all.
/// </summary>
public static class NightlyDeadline
{
    public static HealthCheckResult Evaluate(Instant now, Instant serverStart, RunRow? lastCompleted, Func<LocalDate, RunRow?> runOf,
        string cron, string timeZone, Duration grace)
    {
        var zone = DateTimeZoneProviders.Tzdb[timeZone];
        var last = lastCompleted is null
            ? "no nightly run completed yet"
            : $"last completed nightly run {lastCompleted.RunId}" + (lastCompleted.FinishedAt is { } f ? $" (finished {Local(f, zone)} {timeZone})" : "");
        var from = lastCompleted is null ? serverStart : lastCompleted.RunDate.PlusDays(1).AtStartOfDayInZone(zone).ToInstant();
        var next = CronExpression.Parse(cron, CronFormat.Standard)
            .GetNextOccurrence(from.ToDateTimeUtc(), TimeZoneInfo.FindSystemTimeZoneById(timeZone), inclusive: lastCompleted is not null);
        if (next is null) return HealthCheckResult.Healthy($"{last}; the schedule '{cron}' owes no later run");
        var due = Instant.FromDateTimeUtc(next.Value);
        var deadline = due + grace;
        if (now < deadline)
            return HealthCheckResult.Healthy($"{last}; next due {Local(due, zone)} {timeZone}, to be completed by {Local(deadline, zone)}");

        var date = due.InZone(zone).Date;
        var late = $"the nightly run of {date:yyyy-MM-dd} (due {Local(due, zone)} {timeZone}, grace {Span(grace)})";
        return runOf(date) switch
        {
            { Phase: RunPhase.Completed } => HealthCheckResult.Healthy($"{late} completed"),
            { } run => HealthCheckResult.Degraded($"{last}; {late} is still {RunPhases.Name(run.Phase)} {Span(now - due)} after its time"),
            null => HealthCheckResult.Unhealthy($"{last}; {late} has not run {Span(now - due)} after its time"),
        };
    }

    private static string Local(Instant instant, DateTimeZone zone) =>
        instant.InZone(zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Span(Duration d) =>
        d.Days > 0 ? $"{d.Days} d {d.Hours} h" : d.Hours > 0 ? $"{d.Hours} h {d.Minutes:00} min" : $"{d.Minutes} min";
}
