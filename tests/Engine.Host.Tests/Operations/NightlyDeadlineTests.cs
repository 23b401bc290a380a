using Engine.Host.Web.Health;
using Engine.Jobs.Data;
using Engine.Jobs.Time;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NodaTime;

namespace Engine.Host.Tests.Operations;

/// <summary>
/// /health's nightly check, worked out by hand on the default schedule (02:00 every day, Europe/Brussels: UTC+1 in
/// winter, UTC+2 in summer) and the default grace of 6 hours.
/// </summary>
public sealed class NightlyDeadlineTests
{
    private const string Daily = "0 2 * * *";
    private const string Zone = "Europe/Brussels";
    private static readonly Duration Grace = Duration.FromHours(6);
    private static readonly Instant LongAgo = Brussels.At(new LocalDate(2026, 1, 1), 12);

    private static RunRow Run(LocalDate date, RunPhase phase, Instant? finished = null) =>
        new() { RunId = $"nightly-{date:yyyy-MM-dd}", Kind = "nightly", RunDate = date, Phase = phase, FinishedAt = finished };

    private static HealthCheckResult Check(Instant now, RunRow? last, RunRow? ofDue = null, Instant? start = null, string cron = Daily) =>
        NightlyDeadline.Evaluate(now, start ?? LongAgo, last, _ => ofDue, cron, Zone, Grace);

    [Fact]
    public void The_next_night_is_not_late_before_its_time_plus_the_grace()
    {
        // Last completed: 6 December. Owed next: 7 December 02:00 CET = 01:00 UTC, to be done by 08:00 CET. At 07:59: healthy.
        var last = Run(new LocalDate(2026, 12, 6), RunPhase.Completed, Brussels.At(new LocalDate(2026, 12, 6), 2, 40));
        var result = Check(Brussels.At(new LocalDate(2026, 12, 7), 7, 59), last);
        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal("last completed nightly run nightly-2026-12-06 (finished 2026-12-06 02:40 Europe/Brussels); " +
                     "next due 2026-12-07 02:00 Europe/Brussels, to be completed by 2026-12-07 08:00", result.Description);
    }

    [Fact]
    public void A_night_without_a_run_after_the_grace_is_unhealthy_and_one_still_running_is_degraded()
    {
        var last = Run(new LocalDate(2026, 12, 6), RunPhase.Completed);
        // 08:01 CET: 6 h 01 min after 02:00.
        var now = Brussels.At(new LocalDate(2026, 12, 7), 8, 1);
        var missing = Check(now, last);
        Assert.Equal(HealthStatus.Unhealthy, missing.Status);
        Assert.Equal("last completed nightly run nightly-2026-12-06; the nightly run of 2026-12-07 (due 2026-12-07 02:00 Europe/Brussels, " +
                     "grace 6 h 00 min) has not run 6 h 01 min after its time", missing.Description);

        var running = Check(now, last, Run(new LocalDate(2026, 12, 7), RunPhase.Decided));
        Assert.Equal(HealthStatus.Degraded, running.Status);
        Assert.EndsWith("is still decided 6 h 01 min after its time", running.Description);

        // Two days late: counted in days.
        var later = Check(Brussels.At(new LocalDate(2026, 12, 9), 5), last);
        Assert.EndsWith("has not run 2 d 3 h after its time", later.Description);
    }

    [Fact]
    public void The_schedule_is_read_in_Brussels_time_across_the_spring_change()
    {
        // 28 March 2027: 02:00 does not exist in Brussels (02:00 CET -> 03:00 CEST). The run is owed at 03:00 CEST = 01:00 UTC,
        // as Hangfire schedules it; to be completed by 07:00 UTC = 09:00 CEST. Read in UTC, 02:00 would have been owed at 02:00 UTC.
        var last = Run(new LocalDate(2027, 3, 27), RunPhase.Completed);
        var beforeDeadline = Check(Instant.FromUtc(2027, 3, 28, 6, 59), last);
        Assert.Equal(HealthStatus.Healthy, beforeDeadline.Status);
        Assert.EndsWith("next due 2027-03-28 03:00 Europe/Brussels, to be completed by 2027-03-28 09:00", beforeDeadline.Description);
        Assert.Equal(HealthStatus.Unhealthy, Check(Instant.FromUtc(2027, 3, 28, 7, 0), last).Status);
    }

    [Fact]
    public void A_store_with_no_nightly_run_owes_the_first_night_after_the_server_started()
    {
        // Served from 7 December 03:00: the night of the 7th (02:00) was before; the first owed is 8 December 02:00.
        var start = Brussels.At(new LocalDate(2026, 12, 7), 3);
        var result = Check(Brussels.At(new LocalDate(2026, 12, 8), 7), null, start: start);
        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal("no nightly run completed yet; next due 2026-12-08 02:00 Europe/Brussels, to be completed by 2026-12-08 08:00", result.Description);
        // 8 December 08:00: owed and not run.
        Assert.Equal(HealthStatus.Unhealthy, Check(Brussels.At(new LocalDate(2026, 12, 8), 8), null, start: start).Status);
    }

    [Fact]
    public void The_night_owed_is_the_first_the_schedule_gives_after_the_last_completed_date()
    {
        // A yearly schedule (1 January 02:00): after a run of 5 March 2024 the next owed is 1 January 2025, nothing in between.
        var last = Run(new LocalDate(2024, 3, 5), RunPhase.Completed);
        Assert.Equal(HealthStatus.Healthy, Check(Brussels.At(new LocalDate(2024, 12, 31), 23), last, cron: "0 2 1 1 *").Status);
        var late = Check(Brussels.At(new LocalDate(2025, 1, 1), 8), last, cron: "0 2 1 1 *");
        Assert.Equal(HealthStatus.Unhealthy, late.Status);
        Assert.Contains("the nightly run of 2025-01-01 (due 2025-01-01 02:00 Europe/Brussels", late.Description);
    }
}
