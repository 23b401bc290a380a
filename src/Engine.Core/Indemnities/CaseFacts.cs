using Engine.Core.Rules;
using NodaTime;
using P = Engine.Core.Indemnities.IndemnityParameters;

namespace Engine.Core.Indemnities;

/// <summary>
/// What one case fixes once for all its days: the 6-day wage, where the employer's days end, when invalidity and
/// the minima start, the maternity or birth-leave limits. Each dated parameter is read on the case's own reference
/// date (first day, or the birth for birth leave) and kept with its origin for the explanation.
/// </summary>
internal sealed class CaseFacts
{
    public required IndemnityCase Case { get; init; }
    public decimal Wage6 { get; init; }

    // Salaried incapacity
    public Dated<decimal>? EmployerDays { get; init; }
    public Dated<decimal>? PrimaryMonths { get; init; }
    public LocalDate InvalidityFrom { get; init; }
    public Dated<decimal>? MinimumFirstMonth { get; init; }
    public Dated<decimal>? MinimumSecondMonth { get; init; }
    public LocalDate MinimumFirstFrom { get; init; }
    public LocalDate MinimumSecondFrom { get; init; }

    // Self-employed incapacity
    public Dated<decimal>? WaitingDays { get; init; }
    /// <summary>The days of incapacity known so far: to the last day, or to the period's end while the case is open.</summary>
    public int KnownDuration { get; init; }
    public bool Waiting { get; init; }

    // Maternity
    public Dated<decimal>? MaternityWeeks { get; init; }
    public LocalDate RestEnd { get; init; }
    public Dated<decimal>? UncappedDays { get; init; }

    // Birth leave
    public LocalDate Birth { get; init; }
    public Dated<decimal>? BirthDays { get; init; }
    public Dated<decimal>? BirthEmployerDays { get; init; }
    public Dated<decimal>? BirthWindow { get; init; }
    public LocalDate WindowEnd { get; init; }

    public LocalDate FirstDay => Case.FirstDay;

    public bool InCase(LocalDate d) => d >= Case.FirstDay && (Case.LastDay is null || d <= Case.LastDay.Value);

    public static CaseFacts Build(IndemnityCase c, DateInterval period, ParameterSet p)
    {
        Validate(c);
        return c.Kind switch
        {
            IndemnityKind.Incapacity when c.Status == MemberStatus.SelfEmployed => SelfEmployed(c, period, p),
            IndemnityKind.Incapacity => SalariedIncapacity(c, p),
            IndemnityKind.Maternity => Maternity(c, p),
            _ => BirthLeave(c, p),
        };
    }

    /// <summary>A parameter that counts days, weeks or months must be a whole number.</summary>
    public static int Whole(Dated<decimal> v, string name) =>
        v.Value == decimal.Truncate(v.Value) && v.Value >= 0 && v.Value < 10_000
            ? (int)v.Value
            : throw new RuleLoadException($"{v.Origin.File}:{v.Origin.Line}: '{name}' = {v.Value} is not a whole count");

    private static CaseFacts SalariedIncapacity(IndemnityCase c, ParameterSet p)
    {
        var employerName = c.Status == MemberStatus.Worker ? P.EmployerDaysWorker
            : c.ShortContract ? P.EmployerDaysShortContract : P.EmployerDaysEmployee;
        var employer = p.At(employerName, c.FirstDay);
        Whole(employer, employerName);
        var months = p.At(P.PrimaryMonths, c.FirstDay);
        var first = p.At(P.MinimumFirstMonth, c.FirstDay);
        var second = p.At(P.MinimumSecondMonth, c.FirstDay);
        return new CaseFacts
        {
            Case = c,
            Wage6 = SixDayWage(c.Wage!),
            EmployerDays = employer,
            PrimaryMonths = months,
            InvalidityFrom = c.FirstDay.PlusMonths(Whole(months, P.PrimaryMonths)),
            MinimumFirstMonth = first,
            MinimumSecondMonth = second,
            // Month k of the incapacity starts on the first day plus k-1 calendar months (NodaTime clamps the 31st).
            MinimumFirstFrom = c.FirstDay.PlusMonths(Whole(first, P.MinimumFirstMonth) - 1),
            MinimumSecondFrom = c.FirstDay.PlusMonths(Whole(second, P.MinimumSecondMonth) - 1),
        };
    }

    private static CaseFacts SelfEmployed(IndemnityCase c, DateInterval period, ParameterSet p)
    {
        var waiting = p.At(P.SelfWaitingDays, c.FirstDay);
        var months = p.At(P.PrimaryMonths, c.FirstDay);
        var knownTo = c.LastDay ?? period.End;
        int duration = knownTo < c.FirstDay ? 0 : WorkingDays.DayNumber(c.FirstDay, knownTo);
        return new CaseFacts
        {
            Case = c,
            WaitingDays = waiting,
            KnownDuration = duration,
            Waiting = duration <= Whole(waiting, P.SelfWaitingDays),
            PrimaryMonths = months,
            InvalidityFrom = c.FirstDay.PlusMonths(Whole(months, P.PrimaryMonths)),
        };
    }

    private static CaseFacts Maternity(IndemnityCase c, ParameterSet p)
    {
        var weeksName = c.MultipleBirth ? P.MaternityWeeksMultiple : P.MaternityWeeksSingle;
        var weeks = p.At(weeksName, c.FirstDay);
        var uncapped = p.At(P.MaternityUncappedDays, c.FirstDay);
        Whole(uncapped, P.MaternityUncappedDays);
        return new CaseFacts
        {
            Case = c,
            Wage6 = SixDayWage(c.Wage!),
            MaternityWeeks = weeks,
            RestEnd = c.FirstDay.PlusDays(7 * Whole(weeks, weeksName) - 1),
            UncappedDays = uncapped,
        };
    }

    private static CaseFacts BirthLeave(IndemnityCase c, ParameterSet p)
    {
        var birth = c.BirthDate ?? c.FirstDay;
        var days = p.At(P.BirthDays, birth);
        var employer = p.At(P.BirthEmployerDays, birth);
        var window = p.At(P.BirthWindowMonths, birth);
        Whole(days, P.BirthDays);
        Whole(employer, P.BirthEmployerDays);
        return new CaseFacts
        {
            Case = c,
            Wage6 = SixDayWage(c.Wage!),
            Birth = birth,
            BirthDays = days,
            BirthEmployerDays = employer,
            BirthWindow = window,
            WindowEnd = birth.PlusMonths(Whole(window, P.BirthWindowMonths)).PlusDays(-1),
        };
    }

    /// <summary>
    /// The wage on the 6-day basis the rates apply to. A 5-day wage covers 5 days' pay per week spread over the 6
    /// paid days, so it is multiplied by 5/6 and rounded to 4 decimals (halves away from zero), the precision of the
    /// legal ceiling: 100.00 on a 5-day basis gives 83.3333.
    /// </summary>
    public static decimal SixDayWage(DeclaredWage w) =>
        w.Basis == WageBasis.SixDay ? w.Amount : Math.Round(w.Amount * 5m / 6m, 4, MidpointRounding.AwayFromZero);

    public static void Validate(IndemnityCase c)
    {
        if (string.IsNullOrWhiteSpace(c.Id)) throw new IndemnityCaseException("case_id", "is empty");
        if (c.LastDay is { } last && last < c.FirstDay)
            throw new IndemnityCaseException("last_day", $"{last:yyyy-MM-dd} is before first_day {c.FirstDay:yyyy-MM-dd}");
        if (c.Family.Count == 0 || c.Family.All(f => f.From > c.FirstDay))
            throw new IndemnityCaseException("family_status", $"no family situation is known on the first day {c.FirstDay:yyyy-MM-dd}");
        if (c.Status == MemberStatus.SelfEmployed)
        {
            if (c.Kind != IndemnityKind.Incapacity)
                throw new IndemnityCaseException("kind",
                    "maternity and birth leave of the self-employed are not in the reference sheet (section 4): not computed");
        }
        else
        {
            if (c.Wage is null) throw new IndemnityCaseException("daily_wage", "is required for an employee or a worker");
            if (c.Wage.Amount <= 0) throw new IndemnityCaseException("daily_wage", $"{c.Wage.Amount} is not a positive amount");
        }
        if (c.Kind == IndemnityKind.BirthLeave && c.BirthDate is { } b && b > c.FirstDay)
            throw new IndemnityCaseException("first_day", $"the birth leave starts {c.FirstDay:yyyy-MM-dd}, before the birth {b:yyyy-MM-dd}");
        foreach (var r in c.Resumptions)
        {
            if (c.Kind != IndemnityKind.Incapacity)
                throw new IndemnityCaseException("resumption", "part-time resumption applies to an incapacity only");
            if (r.DailyIncome < 0) throw new IndemnityCaseException("resumption", $"daily income {r.DailyIncome} is negative");
            if (r.To is { } to && to < r.From)
                throw new IndemnityCaseException("resumption", $"ends {to:yyyy-MM-dd} before it starts {r.From:yyyy-MM-dd}");
        }
    }
}
