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
    /// <summary>The guaranteed-salary days of this case: the employer days, or 0 for a relapse the insurer pays from day 1.</summary>
    public int GuaranteedDays { get; init; }
    /// <summary>Case-level steps of the explanation (a relapse and why it does or does not start a guaranteed salary).</summary>
    public IReadOnlyList<ExplanationStep> CaseSteps { get; init; } = [];
    public Dated<decimal>? PrimaryMonths { get; init; }
    public LocalDate InvalidityFrom { get; init; }
    public Dated<decimal>? MinimumUniformMonth { get; init; }
    public LocalDate MinimumUniformFrom { get; init; }
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
        var (guaranteed, steps) = Relapse(c, Whole(employer, employerName), p);
        var months = p.At(P.PrimaryMonths, c.FirstDay);
        var uniform = p.At(P.MinimumUniformMonth, c.FirstDay);
        var first = p.At(P.MinimumFirstMonth, c.FirstDay);
        var second = p.At(P.MinimumSecondMonth, c.FirstDay);
        return new CaseFacts
        {
            Case = c,
            Wage6 = SixDayWage(c.Wage!),
            EmployerDays = employer,
            GuaranteedDays = guaranteed,
            CaseSteps = steps,
            PrimaryMonths = months,
            InvalidityFrom = c.FirstDay.PlusMonths(Whole(months, P.PrimaryMonths)),
            MinimumUniformMonth = uniform,
            MinimumFirstMonth = first,
            MinimumSecondMonth = second,
            // Month k of the incapacity starts on the first day plus k-1 calendar months (NodaTime clamps the 31st).
            MinimumUniformFrom = c.FirstDay.PlusMonths(Whole(uniform, P.MinimumUniformMonth) - 1),
            MinimumFirstFrom = c.FirstDay.PlusMonths(Whole(first, P.MinimumFirstMonth) - 1),
            MinimumSecondFrom = c.FirstDay.PlusMonths(Whole(second, P.MinimumSecondMonth) - 1),
        };
    }

    /// <summary>
    /// The guaranteed-salary days of a salaried incapacity, read on its first day: none for a relapse within the
    /// relapse window after the previous incapacity, or during an authorised part-time resumption (its first weeks,
    /// or the whole resumption from 2026-01-01); otherwise the employer days.
    /// </summary>
    private static (int Days, IReadOnlyList<ExplanationStep> Steps) Relapse(IndemnityCase c, int employerDays, ParameterSet p)
    {
        static string D(LocalDate d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        if (c.RelapseInResumptionFrom is { } from)
        {
            var whole = p.At(P.RelapseResumptionWhole, c.FirstDay);
            if (whole.Value is not (0m or 1m))
                throw new RuleLoadException($"{whole.Origin.File}:{whole.Origin.Line}: '{P.RelapseResumptionWhole}' = {whole.Value} is neither 0 nor 1");
            if (whole.Value == 1m)
                return (0, [new(IndemnityRuleIds.Relapse,
                    $"relapse on {D(c.FirstDay)} during the authorised part-time resumption begun {D(from)}: the insurer pays the whole " +
                    "resumption, so no guaranteed salary is due: paid from day 1", whole.Origin)]);
            var weeks = p.At(P.RelapseResumptionWeeks, c.FirstDay);
            var limit = from.PlusWeeks(Whole(weeks, P.RelapseResumptionWeeks));
            return c.FirstDay < limit
                ? (0, [new(IndemnityRuleIds.Relapse,
                    $"relapse on {D(c.FirstDay)} within the first {(int)weeks.Value} weeks ({D(from)} to {D(limit.PlusDays(-1))}) of the " +
                    "authorised part-time resumption: no guaranteed salary is due: paid from day 1", weeks.Origin)])
                : (employerDays, [new(IndemnityRuleIds.Relapse,
                    $"relapse on {D(c.FirstDay)} after the first {(int)weeks.Value} weeks ({D(from)} to {D(limit.PlusDays(-1))}) of the " +
                    "authorised part-time resumption: a new guaranteed salary is due", weeks.Origin)]);
        }
        if (c.RelapseAfterLastDay is { } last)
        {
            var window = p.At(P.RelapseWindowDays, c.FirstDay);
            int after = Period.Between(last, c.FirstDay, PeriodUnits.Days).Days;
            int limit = Whole(window, P.RelapseWindowDays);
            return after <= limit
                ? (0, [new(IndemnityRuleIds.Relapse,
                    $"relapse on {D(c.FirstDay)}, {after} day(s) after the previous incapacity ended {D(last)} (at most {limit}): " +
                    "no new guaranteed salary: the insurer pays from day 1", window.Origin)])
                : (employerDays, [new(IndemnityRuleIds.Relapse,
                    $"relapse on {D(c.FirstDay)}, {after} day(s) after the previous incapacity ended {D(last)} (more than {limit}): " +
                    "a new guaranteed salary is due", window.Origin)]);
        }
        return (employerDays, []);
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
        if (c.RelapseAfterLastDay is not null || c.RelapseInResumptionFrom is not null)
        {
            var field = c.RelapseAfterLastDay is not null ? "relapse_after_last_day" : "relapse_in_resumption_from";
            if (c.Kind != IndemnityKind.Incapacity || c.Status == MemberStatus.SelfEmployed)
                throw new IndemnityCaseException(field, "a relapse concerns the guaranteed salary of a salaried incapacity only");
            if (c.RelapseAfterLastDay is not null && c.RelapseInResumptionFrom is not null)
                throw new IndemnityCaseException(field, "a relapse follows either a return to work or an authorised part-time resumption, not both");
            if (c.RelapseAfterLastDay is { } prev && prev >= c.FirstDay)
                throw new IndemnityCaseException("relapse_after_last_day", $"{prev:yyyy-MM-dd} is not before first_day {c.FirstDay:yyyy-MM-dd}");
            if (c.RelapseInResumptionFrom is { } rs && rs > c.FirstDay)
                throw new IndemnityCaseException("relapse_in_resumption_from", $"{rs:yyyy-MM-dd} is after first_day {c.FirstDay:yyyy-MM-dd}");
        }
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
