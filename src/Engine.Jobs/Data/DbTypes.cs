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

    public static string Text(LocalDate d) => DateText.Format(d);
    public static string Text(Instant i) => InstantText.Format(i);
    public static string Stored(Instant i) => StoredInstant.Format(i);
    public static LocalDate ParseDate(string s) => DateText.Parse(s).Value;
    public static Instant ParseInstant(string s) => InstantText.Parse(s).Value;

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
