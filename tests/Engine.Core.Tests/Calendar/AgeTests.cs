using Engine.Core.Calendar;
using FsCheck.Xunit;
using NodaTime;

namespace Engine.Core.Tests.Calendar;

/// <summary>belgian-rules.md §9.7: ages by the calendar; a member born on 29 February is a year older on 1 March in a
/// common year, not on 28 February.</summary>
public class AgeTests
{
    private static LocalDate D(int y, int m, int d) => new(y, m, d);

    [Theory]
    // born 2004-02-29: 2005 is a common year, so the first birthday is 2005-03-01.
    [InlineData(2004, 2, 29, 2005, 2, 28, 0)]
    [InlineData(2004, 2, 29, 2005, 3, 1, 1)]
    // 2008 is a leap year: the birthday is 2008-02-29 itself.
    [InlineData(2004, 2, 29, 2008, 2, 28, 3)]
    [InlineData(2004, 2, 29, 2008, 2, 29, 4)]
    [InlineData(2004, 2, 29, 2008, 3, 1, 4)]
    // 19 (the MAF child age limit) for a 29 February child: 2023 is common, so 19 on 2023-03-01.
    [InlineData(2004, 2, 29, 2023, 2, 28, 18)]
    [InlineData(2004, 2, 29, 2023, 3, 1, 19)]
    // an ordinary birthday, and 28 February births (unchanged: 28 February is their day)
    [InlineData(2000, 3, 10, 2025, 3, 9, 24)]
    [InlineData(2000, 3, 10, 2025, 3, 10, 25)]
    [InlineData(2003, 2, 28, 2004, 2, 28, 1)]
    [InlineData(2003, 2, 28, 2004, 2, 27, 0)]
    // before the birth: negative
    [InlineData(2025, 6, 1, 2025, 3, 10, -1)]
    [InlineData(2025, 6, 1, 2025, 6, 1, 0)]
    public void Age_in_whole_years_by_the_calendar(int by, int bm, int bd, int oy, int om, int od, int expected) =>
        Assert.Equal(expected, Age.On(D(by, bm, bd), D(oy, om, od)));

    [Fact]
    public void NodaTime_would_age_a_29_February_member_a_day_early_which_is_why_it_is_not_used()
    {
        // The reading this rule replaces: Period.Between counts 2004-02-29 -> 2005-02-28 as one year.
        Assert.Equal(1, Period.Between(D(2004, 2, 29), D(2005, 2, 28), PeriodUnits.Years).Years);
        Assert.Equal(0, Age.On(D(2004, 2, 29), D(2005, 2, 28)));
    }

    [Theory]
    [InlineData(2004, 1, 2005, 3, 1)]
    [InlineData(2004, 4, 2008, 2, 29)]
    [InlineData(2004, 19, 2023, 3, 1)]
    public void The_birthday_of_a_29_February_member(int by, int years, int y, int m, int d) =>
        Assert.Equal(D(y, m, d), Age.Birthday(D(by, 2, 29), years));

    private static LocalDate Date(int raw) => D(1900, 1, 1).PlusDays((int)(unchecked((uint)raw) % 73_000)); // 1900-2099

    [Property(MaxTest = 500)]
    public bool A_member_turns_n_on_the_nth_birthday_and_not_the_day_before(int rawBirth, byte n)
    {
        var birth = Date(rawBirth);
        int years = 1 + n % 100;
        var day = Age.Birthday(birth, years);
        return Age.On(birth, day) == years && Age.On(birth, day.PlusDays(-1)) == years - 1;
    }

    [Property(MaxTest = 500)]
    public bool Age_never_goes_down_and_rises_by_at_most_one_a_day(int rawBirth, int rawOn)
    {
        var birth = Date(rawBirth);
        var on = Date(rawOn);
        int today = Age.On(birth, on), tomorrow = Age.On(birth, on.PlusDays(1));
        return tomorrow - today is 0 or 1 && (on >= birth) == (today >= 0);
    }

    [Property(MaxTest = 500)]
    public bool Outside_29_February_births_the_age_is_NodaTimes(int rawBirth, int rawOn)
    {
        var birth = Date(rawBirth);
        var on = Date(rawOn);
        if (on < birth || (birth.Month == 2 && birth.Day == 29)) return true;
        return Age.On(birth, on) == Period.Between(birth, on, PeriodUnits.Years).Years;
    }

    [Property(MaxTest = 300)]
    public bool A_29_February_member_is_a_year_older_on_1_March_of_a_common_year(int rawYear, byte n)
    {
        int birthYear = 1904 + 4 * (int)(unchecked((uint)rawYear) % 40); // leap years 1904-2060
        var birth = D(birthYear, 2, 29);
        int year = birthYear + 1 + n % 100;
        bool leap = CalendarSystem.Iso.IsLeapYear(year);
        int onFeb28 = Age.On(birth, D(year, 2, 28)), onMar1 = Age.On(birth, D(year, 3, 1));
        return onFeb28 == year - birthYear - 1 && onMar1 == year - birthYear
               && (!leap || Age.On(birth, D(year, 2, 29)) == year - birthYear);
    }
}
