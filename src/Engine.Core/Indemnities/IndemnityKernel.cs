using System.Globalization;
using Engine.Core.Rules;
using NodaTime;
using P = Engine.Core.Indemnities.IndemnityParameters;

namespace Engine.Core.Indemnities;

using Money = Engine.Core.Money.Money;

/// <summary>
/// The indemnity kernel: pure (values in, values out; no clock, no I/O). Computes what the insurer pays for one case
/// over one period, day by day, from the dated parameters of rules/indemnities.
/// Rounding (tested): each day's amount is rounded once to the cent, halves away from zero; gross = the exact sum of
/// the paid days; withholding = for each run of consecutive paid days under one withholding rate (11.11 % on primary
/// incapacity, maternity and birth leave; 0 % on invalidity), round(their gross x rate) to the cent, halves away from
/// zero, summed; net = gross - withholding.
/// </summary>
public static class IndemnityKernel
{
    /// <exception cref="IndemnityCaseException">the case cannot be computed as given (names the field)</exception>
    /// <exception cref="RuleCoverageException">a day needs a parameter the rules do not cover (names parameter and date)</exception>
    public static IndemnityStatement Compute(IndemnityCase c, DateInterval period, RuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(rules);
        var p = rules.Parameters;
        bool touchesCase = period.End >= c.FirstDay && (c.LastDay is null || period.Start <= c.LastDay.Value);
        // A period that does not meet the case still checks it, so a bad case is never silently accepted.
        CaseFacts.Validate(c);
        var facts = touchesCase ? CaseFacts.Build(c, period, p) : null;

        var days = new List<IndemnityDay>(Period.Between(period.Start, period.End, PeriodUnits.Days).Days + 1);
        var stretches = new List<IndemnityStretch>();
        var withholdingGroups = new List<(string Name, Dated<decimal> Rate, Money Gross)>();
        Money gross = Money.Zero, last = Money.Zero;
        int paidDays = 0;

        // The stretch being built: consecutive days of one phase on one basis; Sundays join the stretch around them.
        LocalDate start = period.Start;
        IndemnityPhase phase = default;
        DayBasis? basis = null;
        int stretchPaid = 0, stretchSundays = 0;
        bool open = false;

        void Close(LocalDate end)
        {
            var total = basis is { Paid: true } ? basis.Amount.Times(stretchPaid) : Money.Zero;
            var explanation = facts is null
                ? OutsideOnly(c, new DateInterval(start, end))
                : StretchExplainer.Explain(facts, new DateInterval(start, end), phase, basis, stretchPaid, stretchSundays, total);
            stretches.Add(new IndemnityStretch(new DateInterval(start, end), phase, stretchPaid, stretchSundays,
                basis is { Paid: true } ? basis.Amount : Money.Zero, total, explanation));
        }

        for (var d = period.Start; d <= period.End; d = d.PlusDays(1))
        {
            var (dayPhase, why) = facts is null ? (IndemnityPhase.OutsideCase, NotPaidWhy.None) : DayRules.PhaseOf(facts, d);
            bool sunday = WorkingDays.IsSunday(d);
            DayBasis? dayBasis = null;
            if (DayRules.IsPaidPhase(dayPhase))
            {
                if (!sunday) dayBasis = DayRules.PaidBasis(facts!, dayPhase, d, p);
            }
            else dayBasis = new DayBasis(dayPhase, false, Money.Zero) { Why = why };

            // A Sunday of a paying phase carries no basis: it joins the stretch of the same phase around it.
            bool joins = open && dayPhase == phase && (dayBasis is null || basis is null || dayBasis == basis);
            if (!joins)
            {
                if (open) Close(d.PlusDays(-1));
                start = d; phase = dayPhase; basis = null; stretchPaid = 0; stretchSundays = 0; open = true;
            }
            basis ??= dayBasis;

            bool paid = dayBasis is { Paid: true };
            if (paid)
            {
                var amount = dayBasis!.Amount;
                stretchPaid++;
                paidDays++;
                gross += amount;
                last = amount;
                var rateName = dayPhase == IndemnityPhase.Invalidity ? P.WithholdingInvalidity : P.Withholding;
                var rate = p.At(rateName, d);
                if (withholdingGroups.Count > 0 && withholdingGroups[^1].Rate == rate)
                    withholdingGroups[^1] = (rateName, rate, withholdingGroups[^1].Gross + amount);
                else withholdingGroups.Add((rateName, rate, amount));
            }
            else if (sunday && DayRules.IsPaidPhase(dayPhase)) stretchSundays++;
            days.Add(new IndemnityDay(d, dayPhase, paid, paid ? dayBasis!.Amount : Money.Zero));
        }
        Close(period.End);

        var explanation = new List<ExplanationStep>(facts?.CaseSteps ?? []);
        explanation.Add(new(IndemnityRuleIds.Gross, paidDays == 0
            ? "no day of the period is paid: gross 0.00"
            : $"gross = the exact sum of the {paidDays} paid day(s) = {gross}"));
        var withholding = Money.Zero;
        if (withholdingGroups.Count == 0)
            explanation.Add(new(IndemnityRuleIds.Withholding, "nothing paid, nothing withheld: 0.00"));
        foreach (var (rateName, rate, groupGross) in withholdingGroups)
        {
            var raw = groupGross.Euros * rate.Value / 100m;
            var w = Money.FromEuros(raw);
            withholding += w;
            var what = rateName == P.WithholdingInvalidity ? "invalidity days: " : "";
            explanation.Add(new(IndemnityRuleIds.Withholding,
                $"{what}withholding tax {rate.Value.ToString(CultureInfo.InvariantCulture)} % x {groupGross} = {raw.ToString(CultureInfo.InvariantCulture)}, rounded to the cent (halves away from zero): {w}",
                rate.Origin));
        }
        var net = gross - withholding;
        explanation.Add(new(IndemnityRuleIds.Net, $"net = {gross} - {withholding} = {net}"));

        return new IndemnityStatement(c.Id, period, paidDays, last, gross, withholding, net, days, stretches, explanation);
    }

    /// <summary>The 6-day wage the rates apply to (a 5-day wage x 5/6, rounded to 4 decimals, halves away from zero).</summary>
    public static decimal SixDayWage(DeclaredWage wage) => CaseFacts.SixDayWage(wage);

    private static List<ExplanationStep> OutsideOnly(IndemnityCase c, DateInterval span) =>
    [
        new(IndemnityRuleIds.OutsideCase,
            $"{span.Start:yyyy-MM-dd} to {span.End:yyyy-MM-dd}: outside the case ({c.FirstDay:yyyy-MM-dd} to {(c.LastDay is { } l ? l.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "still open")}): not paid"),
    ];
}
