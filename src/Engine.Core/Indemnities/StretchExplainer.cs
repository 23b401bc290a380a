using System.Globalization;
using Engine.Core.Rules;
using NodaTime;
using P = Engine.Core.Indemnities.IndemnityParameters;

namespace Engine.Core.Indemnities;

using Money = Engine.Core.Money.Money;

/// <summary>Rule ids of the indemnity statement (the calculator's `rules` column lists those that applied).</summary>
public static class IndemnityRuleIds
{
    public const string OutsideCase = "IND-OUTSIDE-CASE";
    public const string GuaranteedSalary = "IND-GUARANTEED-SALARY";
    public const string SelfWaiting = "IND-SELF-WAITING";
    public const string SelfFlat = "IND-SELF-FLAT";
    public const string Wage = "IND-WAGE";
    public const string Ceiling = "IND-CEILING";
    public const string PrimaryRate = "IND-PRIMARY-RATE";
    public const string InvalidityRate = "IND-INVALIDITY-RATE";
    public const string MaternityRate = "IND-MATERNITY-RATE";
    public const string MaternityLimit = "IND-MATERNITY-LIMIT";
    public const string BirthEmployer = "IND-BIRTH-EMPLOYER";
    public const string BirthRate = "IND-BIRTH-RATE";
    public const string BirthLimit = "IND-BIRTH-LIMIT";
    public const string Indexation = "IND-INDEXATION";
    public const string Minimum = "IND-MINIMUM";
    public const string Relapse = "IND-RELAPSE";
    public const string FamilyThreshold = "IND-FAMILY-THRESHOLD";
    public const string Resumption = "IND-RESUMPTION";
    public const string Sunday = "IND-SUNDAY";
    public const string Days = "IND-DAYS";
    public const string Gross = "IND-GROSS";
    public const string Withholding = "IND-WITHHOLDING";
    public const string Net = "IND-NET";
}

/// <summary>Plain-words explanation of one stretch, with the figures used and the origin of each dated parameter.</summary>
internal static class StretchExplainer
{
    private static string D(LocalDate d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static string N(decimal v) => v.ToString(CultureInfo.InvariantCulture);
    private static string Word(FamilyStatus f) => P.Word(f);

    public static List<ExplanationStep> Explain(CaseFacts f, DateInterval days, IndemnityPhase phase, DayBasis? basis,
        int paidDays, int sundays, Money total)
    {
        var c = f.Case;
        var steps = new List<ExplanationStep>();
        var span = $"{D(days.Start)} to {D(days.End)}";
        switch (phase)
        {
            case IndemnityPhase.OutsideCase:
                steps.Add(new(IndemnityRuleIds.OutsideCase,
                    $"{span}: outside the case ({D(c.FirstDay)} to {(c.LastDay is { } l ? D(l) : "still open")}): not paid"));
                return steps;
            case IndemnityPhase.EmployerGuaranteedSalary:
                var who = c.Status == MemberStatus.Worker ? "ouvrier"
                    : c.ShortContract ? "employé on a contract shorter than 3 months" : "employé with a contract of at least 3 months";
                int employerDays = f.GuaranteedDays;
                steps.Add(new(IndemnityRuleIds.GuaranteedSalary,
                    $"{span}: days 1 to {employerDays} of the incapacity ({D(c.FirstDay)} to {D(c.FirstDay.PlusDays(employerDays - 1))}) " +
                    $"are the employer's guaranteed salary ({who}): the insurer pays from day {employerDays + 1}", f.EmployerDays!.Origin));
                return steps;
            case IndemnityPhase.SelfEmployedWaiting:
                steps.Add(new(IndemnityRuleIds.SelfWaiting,
                    $"{span}: an incapacity of {(int)f.WaitingDays!.Value} days or less is not paid; this one " +
                    (c.LastDay is null
                        ? $"is still open and has lasted {f.KnownDuration} day(s) up to {D(c.FirstDay.PlusDays(Math.Max(0, f.KnownDuration - 1)))}: nothing is paid until it lasts longer"
                        : $"lasts {f.KnownDuration} day(s) ({D(c.FirstDay)} to {D(c.LastDay.Value)}): nothing is paid"),
                    f.WaitingDays.Origin));
                return steps;
            case IndemnityPhase.MaternityBeyondLimit:
                steps.Add(new(IndemnityRuleIds.MaternityLimit,
                    $"{span}: beyond the {(int)f.MaternityWeeks!.Value} weeks of maternity rest ({D(c.FirstDay)} to {D(f.RestEnd)}): not paid",
                    f.MaternityWeeks.Origin));
                return steps;
            case IndemnityPhase.BirthLeaveEmployer:
                steps.Add(new(IndemnityRuleIds.BirthEmployer,
                    $"{span}: birth leave days 1 to {(int)f.BirthEmployerDays!.Value} are paid by the employer, not by the insurer",
                    f.BirthEmployerDays.Origin));
                return steps;
            case IndemnityPhase.BirthLeaveBeyondLimit:
                steps.Add(basis?.Why == NotPaidWhy.OutsideBirthWindow
                    ? new(IndemnityRuleIds.BirthLimit,
                        $"{span}: outside the {(int)f.BirthWindow!.Value} months after the birth ({D(f.Birth)} to {D(f.WindowEnd)}): not paid",
                        f.BirthWindow.Origin)
                    : new(IndemnityRuleIds.BirthLimit,
                        $"{span}: beyond the {(int)f.BirthDays!.Value} days of birth leave (leave days counted Monday to Saturday from {D(c.FirstDay)}): not paid",
                        f.BirthDays.Origin));
                return steps;
        }

        if (basis is not null)
        {
            if (basis.Flat is not null) ExplainFlat(f, phase, basis, span, steps);
            else ExplainWage(f, phase, basis, span, steps);
            if (basis.Minimum is not null) ExplainMinimum(f, basis, steps);
            if (basis.Reduction is not null) ExplainResumption(basis, steps);
        }
        if (sundays > 0)
            steps.Add(new(IndemnityRuleIds.Sunday,
                $"{sundays} Sunday(s) in {span} not paid: indemnities are paid 6 days a week, Monday to Saturday"));
        steps.Add(new(IndemnityRuleIds.Days,
            $"{span}: {paidDays} paid day(s) x {(basis?.Amount ?? Money.Zero)} = {total}"));
        return steps;
    }

    private static void ExplainFlat(CaseFacts f, IndemnityPhase phase, DayBasis b, string span, List<ExplanationStep> steps)
    {
        var c = f.Case;
        steps.Add(new(IndemnityRuleIds.SelfWaiting,
            $"the incapacity {(c.LastDay is null ? "has lasted" : "lasts")} {f.KnownDuration} days, more than {(int)f.WaitingDays!.Value}: paid from day 1",
            f.WaitingDays.Origin));
        var phaseText = phase == IndemnityPhase.Invalidity
            ? $"invalidity (from {D(f.InvalidityFrom)}; the sheet gives one set of flat amounts for both phases)"
            : "primary incapacity";
        steps.Add(new(IndemnityRuleIds.SelfFlat,
            $"{span}: self-employed, {phaseText}, family situation '{Word(b.Family)}': flat amount {N(b.Flat!.Value)} a day ({b.Flat.Period})",
            b.Flat.Origin));
    }

    private static void ExplainWage(CaseFacts f, IndemnityPhase phase, DayBasis b, string span, List<ExplanationStep> steps)
    {
        var c = f.Case;
        var w = c.Wage!;
        steps.Add(new(IndemnityRuleIds.Wage, w.Basis == WageBasis.FiveDay
            ? $"declared gross daily wage {N(w.Amount)} on a 5-day basis x 5/6 = {N(f.Wage6)} on the 6-day basis (rounded to 4 decimals, halves away from zero)"
            : $"declared gross daily wage {N(w.Amount)} on the 6-day basis"));
        if (b.Ceiling is null)
            steps.Add(new(IndemnityRuleIds.Ceiling,
                $"maternity rest days 1 to {(int)f.UncappedDays!.Value} under contract: the wage {N(f.Wage6)} is not capped", f.UncappedDays.Origin));
        else if (b.CeilingDay == c.FirstDay)
            steps.Add(new(IndemnityRuleIds.Ceiling, b.Capped
                ? $"wage {N(f.Wage6)} capped at the ceiling {N(b.Ceiling.Value)} in force for a case starting {D(c.FirstDay)} ({b.Ceiling.Period})"
                : $"wage {N(f.Wage6)} within the ceiling {N(b.Ceiling.Value)} in force for a case starting {D(c.FirstDay)} ({b.Ceiling.Period})", b.Ceiling.Origin));
        else
        {
            // Invalidity: the ceiling of the cohort of its first day, at that day's level; the wage at the first day's.
            var atInvalidity = f.Wage6 * b.IndexAtCeilingDay!.Value / b.IndexAtFirstDay!.Value;
            var wageText = b.IndexAtCeilingDay.Value == b.IndexAtFirstDay.Value
                ? $"wage {N(f.Wage6)}"
                : $"wage {N(f.Wage6)} (level of the first day {D(c.FirstDay)}, coefficient {N(b.IndexAtFirstDay.Value)}; " +
                  $"x {N(b.IndexAtCeilingDay.Value)} / {N(b.IndexAtFirstDay.Value)} = {N(Math.Round(atInvalidity, 4, MidpointRounding.AwayFromZero))} at the level of {D(b.CeilingDay)})";
            steps.Add(new(IndemnityRuleIds.Ceiling,
                $"invalidity from {D(b.CeilingDay)}: the ceiling is that of the cohort of the first day of invalidity, " +
                $"{N(b.Ceiling.Value)} ({b.Ceiling.Period}); {wageText} {(b.Capped ? "is above it: capped" : "is within it")}",
                b.Ceiling.Origin));
        }

        var (ruleId, what) = phase switch
        {
            IndemnityPhase.PrimaryIncapacity => (IndemnityRuleIds.PrimaryRate,
                $"primary incapacity (first year, until {D(f.InvalidityFrom.PlusDays(-1))}), whatever the family situation"),
            IndemnityPhase.Invalidity => (IndemnityRuleIds.InvalidityRate,
                $"invalidity (from {D(f.InvalidityFrom)}, {(int)f.PrimaryMonths!.Value} months after the first day), family situation '{Word(b.Family)}'"),
            IndemnityPhase.BirthLeave => (IndemnityRuleIds.BirthRate,
                $"birth leave days {(int)f.BirthEmployerDays!.Value + 1} to {(int)f.BirthDays!.Value}, paid by the insurer"),
            _ => (IndemnityRuleIds.MaternityRate, b.Ceiling is null
                ? $"maternity rest days 1 to {(int)f.UncappedDays!.Value}, under contract"
                : b.RateName == P.RateMaternityAfter
                    ? $"maternity rest from day {(int)f.UncappedDays!.Value + 1} (rest ends {D(f.RestEnd)})"
                    : $"maternity rest days 1 to {(int)f.UncappedDays!.Value}, unemployed"),
        };
        var index = b.Indexed ? $" x index {N(b.IndexOnDay!.Value)} / {N(b.IndexAtStart!.Value)}" : "";
        steps.Add(new(ruleId,
            $"{span}: {what}: {N(b.Rate!.Value)} % x {N(b.Base)}{index} = {N(b.Raw)}, rounded once to the cent (halves away from zero): {b.Computed}",
            b.Rate.Origin));
        if (b.Indexed)
            steps.Add(new(IndemnityRuleIds.Indexation,
                $"benefit indexed: coefficient {N(b.IndexOnDay!.Value)} in force ({b.IndexOnDay.Period}) against {N(b.IndexAtStart!.Value)} on " +
                (b.BaseDay == c.FirstDay ? $"the first day {D(c.FirstDay)}" : $"the first day of invalidity {D(b.BaseDay)}, the level of its ceiling"),
                b.IndexOnDay.Origin));
    }

    private static void ExplainMinimum(CaseFacts f, DayBasis b, List<ExplanationStep> steps)
    {
        var c = f.Case;
        var from = b.Phase == IndemnityPhase.Invalidity
            ? "in invalidity"
            : b.Column switch
            {
                MinimumColumn.Second => $"from month {(int)f.MinimumSecondMonth!.Value} of primary incapacity (from {D(f.MinimumSecondFrom)})",
                MinimumColumn.First => $"from month {(int)f.MinimumFirstMonth!.Value} of primary incapacity (from {D(f.MinimumFirstFrom)})",
                _ => $"in month {(int)f.MinimumUniformMonth!.Value} of primary incapacity ({D(f.MinimumUniformFrom)} to {D(f.MinimumFirstFrom.PlusDays(-1))})",
            };
        var category = b.Column == MinimumColumn.Uniform
            ? "everybody (the regular isolé amount)"
            : $"a {(c.RegularWorker ? "regular" : "non-regular")} worker, '{Word(b.Family)}'";
        var minimum = Money.FromEuros(b.Minimum!.Value);
        steps.Add(new(IndemnityRuleIds.Minimum, b.Computed < minimum
            ? $"minimum {from} for {category}: {minimum} ({b.Minimum.Period}); {b.Computed} is below it and is raised to {minimum}"
            : $"minimum {from} for {category}: {minimum} ({b.Minimum.Period}); {b.Computed} is not below it", b.Minimum.Origin));
    }

    private static void ExplainResumption(DayBasis b, List<ExplanationStep> steps)
    {
        var r = b.Reduction!;
        foreach (var band in r.Bands.Where(x => x.Portion > 0))
            steps.Add(new(IndemnityRuleIds.Resumption,
                $"authorised part-time work from {D(r.Resumption.From)}, daily income {N(r.Resumption.DailyIncome)}: band {band.Number} " +
                $"({N(band.Lower)} to {(band.UpTo is null ? "above" : N(band.UpTo.Value))}): {N(band.Rate.Value)} % x {N(band.Portion)} = {N(band.Reduction)}",
                band.Rate.Origin));
        steps.Add(new(IndemnityRuleIds.Resumption,
            $"reduction for the authorised work {N(r.Raw)}, rounded to the cent: {r.Amount}; {b.BeforeReduction} - {r.Amount} = {b.Amount} (not below 0.00)",
            r.Bands[^1].Rate.Origin));
    }
}
