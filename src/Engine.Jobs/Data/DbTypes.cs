using System.Data;
using Dapper;
using Engine.Core.Money;
using NodaTime;
using NodaTime.Text;

namespace Engine.Jobs.Data;

/// <summary>
/// How NodaTime values and Money travel to and from the stores: dates 'yyyy-MM-dd', instants ISO-8601 UTC with
/// nanoseconds, money as integer cents. Registered once per process.
/// Instants are stored with exactly nine decimals (<see cref="StoredInstant"/>): the store compares them as text
/// (known_at &lt;= as_of, MAX(known_at)), and only a fixed width makes text order time order. <see cref="Text(Instant)"/>
/// (fraction trimmed) is for people and reports.
/// </summary>
public static class DbTypes
{
    private static int _registered;

    public static readonly InstantPattern InstantText = InstantPattern.ExtendedIso;

    /// <summary>'2024-03-05T01:00:00.500000000Z': fixed width, so that comparing the text compares the instants.</summary>
    public static readonly InstantPattern StoredInstant =
        InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffff'Z'");
    public static readonly LocalDatePattern DateText = LocalDatePattern.Iso;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        SqlMapper.AddTypeHandler(new LocalDateHandler());
        SqlMapper.AddTypeHandler(new InstantHandler());
        SqlMapper.AddTypeHandler(new MoneyHandler());
    }

    public static string Text(LocalDate d) => d.Year is >= 0 and <= 9999
        ? string.Create(10, d, static (chars, date) =>
        {
            // As the pattern writes it ('uuuu-MM-dd'), without its builder: a care line's date on every insert.
            Digits(chars[..4], date.Year);
            chars[4] = '-';
            Digits(chars.Slice(5, 2), date.Month);
            chars[7] = '-';
            Digits(chars.Slice(8, 2), date.Day);
        })
        : DateText.Format(d);

    private static void Digits(Span<char> chars, int value)
    {
        for (var i = chars.Length - 1; i >= 0; i--, value /= 10) chars[i] = (char)('0' + value % 10);
    }
    public static string Text(Instant i) => InstantText.Format(i);
    public static string Stored(Instant i) => StoredInstant.Format(i);
    public static LocalDate ParseDate(string s) => TryDate(s, out var date) ? date : DateText.Parse(s).Value;

    /// <summary><see cref="ParseDate(string)"/> on the UTF-8 bytes of the text a store gave back.</summary>
    public static LocalDate ParseDate(ReadOnlySpan<byte> utf8) =>
        utf8.Length == 10 && utf8[4] == '-' && utf8[7] == '-' && Number(utf8, 0, 4, out var year) && Number(utf8, 5, 2, out var month) &&
        Number(utf8, 8, 2, out var day) && TryDate(year, month, day, out var date)
            ? date
            : ParseDate(System.Text.Encoding.UTF8.GetString(utf8));

    private static bool Number(ReadOnlySpan<byte> s, int start, int width, out int value)
    {
        value = 0;
        for (var i = start; i < start + width; i++)
        {
            var c = s[i];
            if (c is < (byte)'0' or > (byte)'9') return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }
    public static Instant ParseInstant(string s) => TryStoredInstant(s, out var instant) ? instant : InstantText.Parse(s).Value;

    // The stores give back what they were given: 'yyyy-MM-dd' and the fixed-width instant. These read that form without
    // the patterns' parse objects (a date each, several per row of a registry of 100,000 members); anything else, or a
    // value that is no real date, goes to the pattern, which decides as before.
    private static bool TryDate(string s, out LocalDate date)
    {
        date = default;
        if (s.Length != 10 || s[4] != '-' || s[7] != '-') return false;
        return Number(s, 0, 4, out var year) && Number(s, 5, 2, out var month) && Number(s, 8, 2, out var day) &&
               TryDate(year, month, day, out date);
    }

    private static bool TryDate(int year, int month, int day, out LocalDate date)
    {
        date = default;
        if (month is < 1 or > 12 || day < 1 || day > CalendarSystem.Iso.GetDaysInMonth(year, month)) return false;
        date = new LocalDate(year, month, day);
        return true;
    }

    private static bool TryStoredInstant(string s, out Instant instant)
    {
        instant = default;
        if (s.Length != 30 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != '.' || s[29] != 'Z')
            return false;
        if (!Number(s, 0, 4, out var year) || !Number(s, 5, 2, out var month) || !Number(s, 8, 2, out var day) ||
            !Number(s, 11, 2, out var hour) || !Number(s, 14, 2, out var minute) || !Number(s, 17, 2, out var second) ||
            !Number(s, 20, 9, out var nanos) || hour > 23 || minute > 59 || second > 59 || !TryDate(year, month, day, out var date))
            return false;
        instant = date.At(new LocalTime(hour, minute, second)).PlusNanoseconds(nanos).InUtc().ToInstant();
        return true;
    }

    private static bool Number(string s, int start, int width, out int value)
    {
        value = 0;
        for (var i = start; i < start + width; i++)
        {
            var c = s[i];
            if (c is < '0' or > '9') return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }

    private sealed class LocalDateHandler : SqlMapper.TypeHandler<LocalDate>
    {
        public override void SetValue(IDbDataParameter parameter, LocalDate value)
        {
            parameter.DbType = DbType.String;
            parameter.Value = Text(value);
        }

        // A store with a date type of its own (PostgreSQL's date) gives the date back as a DateTime.
        public override LocalDate Parse(object value) => value switch
        {
            DateTime d => LocalDate.FromDateTime(d),
            DateOnly d => LocalDate.FromDateOnly(d),
            _ => ParseDate((string)value),
        };
    }

    private sealed class InstantHandler : SqlMapper.TypeHandler<Instant>
    {
        public override void SetValue(IDbDataParameter parameter, Instant value)
        {
            parameter.DbType = DbType.String;
            parameter.Value = Stored(value);
        }

        public override Instant Parse(object value) => ParseInstant((string)value);
    }

    private sealed class MoneyHandler : SqlMapper.TypeHandler<Money>
    {
        public override void SetValue(IDbDataParameter parameter, Money value)
        {
            parameter.DbType = DbType.Int64;
            parameter.Value = value.Cents;
        }

        public override Money Parse(object value) => new(Convert.ToInt64(value));
    }
}
