using Engine.Jobs.Runs;
using Engine.Jobs.Time;
using NodaTime;

namespace Engine.Jobs.Tests.Runs;

/// <summary>Which run dates need the operator's confirmation: today is the clock's, in Europe/Brussels.</summary>
public sealed class RunDateCheckTests
{
    private static readonly DateTimeZone Brussels = DateTimeZoneProviders.Tzdb["Europe/Brussels"];

    // 2026-12-06T23:30Z is 00:30 on 2026-12-07 in Brussels (UTC+1 in winter): today is the 7th, not the 6th.
    private static RunDateCheck Check(int window = 7) => new(new FixedClock(Instant.FromUtc(2026, 12, 6, 23, 30)), Brussels, window);

    [Fact]
    public void Today_is_the_date_in_Brussels_not_in_UTC() => Assert.Equal(new LocalDate(2026, 12, 7), Check().Today);

    [Theory]
    [InlineData("2026-12-07")] // today
    [InlineData("2026-12-14")] // 7 days after: the edge of the window
    [InlineData("2026-11-30")] // 7 days before
    public void A_date_within_the_window_needs_no_confirmation(string date) =>
        Assert.Null(Check().Problem(NodaTime.Text.LocalDatePattern.Iso.Parse(date).Value, null));

    [Theory]
    [InlineData("2026-12-15", "8 days after today (2026-12-07, Europe/Brussels)")]
    [InlineData("2026-11-29", "8 days before today")]
    [InlineData("9999-12-31", "after today")]
    [InlineData("0001-01-01", "739956 days before today")] // 2026-12-07 is day 739,956 after 0001-01-01 (proleptic Gregorian)
    public void A_date_outside_the_window_needs_confirmation(string date, string why)
    {
        var problem = Check().Problem(NodaTime.Text.LocalDatePattern.Iso.Parse(date).Value, null);
        Assert.NotNull(problem);
        Assert.Contains(why, problem);
        Assert.Contains("Engine:Run:DateWindowDays = 7", problem);
    }

    [Fact]
    public void A_date_before_the_last_completed_run_needs_confirmation_even_within_the_window()
    {
        var last = new LocalDate(2026, 12, 7);
        Assert.Contains("before the last completed run's date (2026-12-07)", Check().Problem(new LocalDate(2026, 12, 6), last));
        Assert.Null(Check().Problem(new LocalDate(2026, 12, 7), last));
        Assert.Null(Check().Problem(new LocalDate(2026, 12, 8), last));
    }

    [Fact]
    public void A_window_of_zero_days_takes_only_today() =>
        Assert.Equal([true, false, false], new[] { 7, 6, 8 }.Select(d => Check(window: 0).Problem(new LocalDate(2026, 12, d), null) is null));
}
