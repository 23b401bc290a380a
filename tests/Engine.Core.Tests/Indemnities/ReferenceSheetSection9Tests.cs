using System.Text.RegularExpressions;
using Engine.Core.Indemnities;
using Engine.Core.Rules;
using Engine.Core.Tests.Reimbursement;
using NodaTime;
using static Engine.Core.Tests.Indemnities.ReferenceSheetTests;
using Shipped = Engine.Core.Tests.Indemnities.ReferenceSheetTests;
using P = Engine.Core.Indemnities.IndemnityParameters;

namespace Engine.Core.Tests.Indemnities;

/// <summary>
/// The shipped rules/indemnities/ carry every figure of sections 9.1-9.3 of shared/reference/belgian-rules.md, on its
/// date and with its letter. The tables are parsed from the sheet, so a changed figure or date fails here.
/// </summary>
public class ReferenceSheetSection9Tests
{
    private static readonly Lazy<RuleSet> ShippedSet = new(() =>
        Engine.Jobs.Rules.RuleSetLoader.Load(Path.Combine(ShippedRules.RepositoryRoot, "rules")));

    private static string Sub(string number)
    {
        var s9 = Section(9);
        var start = s9.IndexOf($"\n### {number} ", StringComparison.Ordinal);
        Assert.True(start >= 0, $"section {number} not found in the sheet");
        var end = s9.IndexOf("\n### ", start + 5, StringComparison.Ordinal);
        return end < 0 ? s9[start..] : s9[start..end];
    }

    /// <summary>The prose of a section on one line: the sheet wraps its sentences anywhere.</summary>
    private static string Flat(string text) => Regex.Replace(text, @"\s+", " ");

    /// <summary>The data rows of the first markdown table after the line starting with <paramref name="headerStart"/>.</summary>
    private static List<string[]> Table(string text, string headerStart) =>
        text.Split('\n').SkipWhile(l => !l.StartsWith(headerStart, StringComparison.Ordinal)).Skip(2)
            .TakeWhile(l => l.StartsWith('|')).Select(l => l.Trim('|').Split('|').Select(c => c.Trim()).ToArray()).ToList();

    private static readonly Regex IsoDate = new(@"^(\d{4}-\d\d-\d\d)");

    /// <summary>The dates of section 9.1 at which benefits rose 2 % (letter S), in order; and the forecast ones (U).</summary>
    private static (List<LocalDate> Stated, List<LocalDate> Forecast) IndexationDates()
    {
        var rows = Table(Sub("9.1"), "| pivot crossed");
        Assert.Equal(7, rows.Count);
        var stated = new List<LocalDate>();
        var forecast = new List<LocalDate>();
        foreach (var r in rows.Where(r => !r[0].StartsWith("(welfare", StringComparison.Ordinal)))
        {
            var m = IsoDate.Match(r[1]);
            Assert.True(m.Success, $"no date in '{r[1]}'");
            (r[2].StartsWith("S", StringComparison.Ordinal) ? stated : forecast).Add(Date(m.Groups[1].Value));
        }
        Assert.Equal(5, stated.Count);
        Assert.Single(forecast);
        return (stated, forecast);
    }

    [SkippableFact]
    public void Benefits_rise_2_percent_on_each_stated_indexation_date_and_the_forecast_is_not_shipped()
    {
        var (stated, forecast) = IndexationDates();
        Assert.Contains(new LocalDate(2024, 5, 1), stated); // "not 2024-04-01"
        Assert.DoesNotContain(new LocalDate(2024, 4, 1), stated);
        var series = Shipped.Rules.Series(P.IndexCoefficient);
        // A period of the coefficient starts on each stated date and on no other day after the first one.
        Assert.Equal(stated, series.Periods.Skip(1).Select(x => x.From).ToList());
        foreach (var d in stated)
        {
            var before = Shipped.Rules.At(P.IndexCoefficient, d.PlusDays(-1)).Value;
            Is(P.IndexCoefficient, d, before * 1.02m, Confidence.S);
        }
        // The forecast (U) is not a row: the day keeps the last stated level ("in force until changed").
        foreach (var d in forecast)
        {
            Assert.DoesNotContain(series.Periods, x => x.From == d);
            Assert.Equal(Shipped.Rules.At(P.IndexCoefficient, stated[^1]), Shipped.Rules.At(P.IndexCoefficient, d));
        }
        Assert.Null(series.CoveredTo);
    }

    [SkippableFact]
    public void The_minima_table_of_section_9_2_on_each_of_its_dates()
    {
        var s92 = Sub("9.2");
        var header = s92.Split('\n').First(l => l.StartsWith("| category |", StringComparison.Ordinal))
            .Trim('|').Split('|').Select(c => c.Trim()).Skip(1).Select(Date).ToArray();
        Assert.Equal(5, header.Length);
        var rows = Table(s92, "| category |");
        Assert.Equal(7, rows.Count);
        int checkedCells = 0;
        foreach (var cells in rows)
        {
            var names = MinimumNames(cells[0]);
            for (int i = 0; i < header.Length; i++)
                foreach (var name in names)
                {
                    Is(name, header[i], Dec(cells[i + 1]), Confidence.I); // "All I"
                    Assert.Equal(header[i], Shipped.Rules.At(name, header[i]).From);
                    checkedCells++;
                }
        }
        Assert.Equal(13 * 5, checkedCells); // the 12 category minima and the month-3 one, on 5 dates

        var month = Says(Flat(s92), @"In month (\d) of primary incapacity one minimum holds for everybody: the regular isolé amount \((\w)");
        Is(P.MinimumUniformMonth, new LocalDate(2025, 6, 1), Dec(month[1].Value), Enum.Parse<Confidence>(month[2].Value));
    }

    /// <summary>The parameters a row of the 9.2 minima table stands for (its words name the months and categories).</summary>
    private static string[] MinimumNames(string category)
    {
        bool regular = category.StartsWith("regular", StringComparison.Ordinal);
        bool m4Only = category.Contains("months 4-6", StringComparison.Ordinal);
        bool m7Only = category.Contains("month 7+", StringComparison.Ordinal);
        FamilyStatus[] families = category switch
        {
            var c when c.Contains("with family", StringComparison.Ordinal) => [FamilyStatus.Family],
            var c when c.Contains("without family", StringComparison.Ordinal) => [FamilyStatus.Isolated, FamilyStatus.Cohabitant],
            var c when c.Contains("isolé", StringComparison.Ordinal) => [FamilyStatus.Isolated],
            var c when c.Contains("cohabitant", StringComparison.Ordinal) => [FamilyStatus.Cohabitant],
            var c => throw new Xunit.Sdk.XunitException($"unexpected row '{c}' in the 9.2 table"),
        };
        var names = new List<string>();
        foreach (var f in families)
        {
            if (!m7Only) names.Add(P.Minimum(false, regular, f));
            if (!m4Only) names.Add(P.Minimum(true, regular, f));
        }
        // "regular, isolé (month 3+, invalidity)": month 3 has one minimum for everybody, this amount.
        if (category.Contains("month 3+", StringComparison.Ordinal)) names.Add(P.MinimumUniform);
        return names.ToArray();
    }

    [SkippableFact]
    public void The_2024_cohort_ceilings_of_section_9_2()
    {
        var s92 = Sub("9.2");
        var c = Says(Flat(s92), @"(\d+\.\d{4}) from (\d{4}-\d\d-\d\d) \(S, cgslb\.be.*?\); (\d+\.\d{4}) before \2 \(I, /1\.02\); (\d+\.\d{4}) from (\d{4}-\d\d-\d\d) \(I\); (\d+\.\d{4}) from (\d{4}-\d\d-\d\d) \(I\)");
        var may = Date(c[2].Value);
        Is(P.Ceiling, may, Dec(c[1].Value), Confidence.S);
        Is(P.Ceiling, may.PlusDays(-1), Dec(c[3].Value), Confidence.I);
        Is(P.Ceiling, new LocalDate(2024, 1, 1), Dec(c[3].Value), Confidence.I); // the cohort starts with 2024
        var feb = Date(c[5].Value);
        Is(P.Ceiling, feb, Dec(c[4].Value), Confidence.I);
        Is(P.Ceiling, new LocalDate(2025, 12, 31), Dec(c[4].Value), Confidence.I); // 2025 starts: the 2024 cohort
        Assert.Contains("Ceiling for 2026 starts: not found", s92);
        Assert.False(Shipped.Rules.Series(P.Ceiling).TryAt(new LocalDate(2026, 1, 1), out _)); // refused, never reused

        // The cohort's level from 2026-03-01 is not a row (no 2024-cohort case starts then): the kernel carries the
        // 2025 level by the index coefficient, which must give the sheet's figure to the 4th decimal.
        var march = Date(c[7].Value);
        var carried = Dec(c[4].Value) * Shipped.Rules.At(P.IndexCoefficient, march).Value / Shipped.Rules.At(P.IndexCoefficient, feb).Value;
        Assert.Equal(Dec(c[6].Value), Math.Round(carried, 4, MidpointRounding.AwayFromZero));
        var before = Dec(c[1].Value) * Shipped.Rules.At(P.IndexCoefficient, may.PlusDays(-1)).Value / Shipped.Rules.At(P.IndexCoefficient, may).Value;
        Assert.Equal(Dec(c[3].Value), Math.Round(before, 4, MidpointRounding.AwayFromZero));
    }

    [SkippableFact]
    public void The_invalidity_maxima_of_the_2024_cohort_come_out_of_the_kernel()
    {
        var m = Says(Flat(Sub("9.2")), @"Invalidity maxima of the 2024 cohort \(65 / 55 / 40 %\): (\d+\.\d\d) / (\d+\.\d\d) / (\d+\.\d\d) from (\d{4}-\d\d-\d\d)");
        var from = Date(m[4].Value);
        FamilyStatus[] order = [FamilyStatus.Family, FamilyStatus.Isolated, FamilyStatus.Cohabitant];
        for (int i = 0; i < 3; i++)
        {
            // An employé with a high wage whose incapacity began a year before: invalidity from `from` (a Wednesday).
            var c = new IndemnityCase
            {
                Id = "max", Kind = IndemnityKind.Incapacity, Status = MemberStatus.Employee, FirstDay = from.PlusYears(-1),
                Wage = new DeclaredWage(400m), Family = [new FamilySituation(from.PlusYears(-1), order[i])],
            };
            var s = IndemnityKernel.Compute(c, new DateInterval(from, from), ShippedSet.Value);
            Assert.Equal(IndemnityPhase.Invalidity, s.Days[0].Phase);
            Assert.Equal(m[i + 1].Value, s.DailyAmount.ToString());
        }
    }

    [SkippableFact]
    public void Family_thresholds_of_section_9_2()
    {
        var text = Says(Sub("9.2"), @"Family-status threshold[^:]*:([^\n]*\n[^\n]*)")[1].Value;
        var found = Regex.Matches(text, @"(\d,\d{3}\.\d\d) from (\d{4}-\d\d-\d\d)").ToList();
        Assert.Equal(4, found.Count);
        for (int i = 0; i < found.Count; i++)
        {
            var on = Date(found[i].Groups[2].Value);
            Is(P.FamilyThresholdFamily, on, Dec(found[i].Groups[1].Value), i == 0 ? Confidence.S : Confidence.I);
            Assert.Equal(on, Shipped.Rules.At(P.FamilyThresholdFamily, on).From);
        }
        // Section 3's isolé bound goes with the 2023-11-01 level; its later levels are not in the sheet: refused.
        var upper = Says(Section(3), @"up to (\d,\d{3}\.\d\d) gross a month|up to (\d,\d{3}\.\d\d) ->");
        var bound = Dec(upper[1].Success ? upper[1].Value : upper[2].Value);
        var first = Date(found[0].Groups[2].Value);
        Is(P.FamilyThresholdIsolated, first, bound, Confidence.S);
        Assert.False(Shipped.Rules.Series(P.FamilyThresholdIsolated).TryAt(Date(found[1].Groups[2].Value), out _));
    }

    [SkippableFact]
    public void The_status_from_a_partner_income_uses_the_shipped_thresholds_and_refuses_a_missing_one()
    {
        var p = Shipped.Rules;
        // 2025-06-01: "with family charge" below 1,231.01.
        Assert.Equal(FamilyStatus.Family, FamilyThresholds.FromPartnerIncome(1231.00m, new LocalDate(2025, 6, 1), p).Status);
        // 2024-01-15: 1,183.21 to 2,029.88 -> isolé rate; above -> cohabitant.
        Assert.Equal(FamilyStatus.Isolated, FamilyThresholds.FromPartnerIncome(2029.88m, new LocalDate(2024, 1, 15), p).Status);
        Assert.Equal(FamilyStatus.Cohabitant, FamilyThresholds.FromPartnerIncome(2029.89m, new LocalDate(2024, 1, 15), p).Status);
        // 2025-06-01, income 1,231.01: the isolé bound of 2025 is not in the sheet: refused, naming it and the day.
        var e = Assert.Throws<RuleCoverageException>(() => FamilyThresholds.FromPartnerIncome(1231.01m, new LocalDate(2025, 6, 1), p));
        Assert.Equal(P.FamilyThresholdIsolated, e.Parameter);
        Assert.Equal(new LocalDate(2025, 6, 1), e.Date);
    }

    [SkippableFact]
    public void Withholding_on_primary_maternity_and_birth_leave_only()
    {
        var w = Says(Flat(Sub("9.2")), @"Withholding tax (\d+\.\d+) % applies to primary-incapacity, maternity and birth-leave indemnities\. Invalidity indemnities carry none \((\w)");
        foreach (var on in new[] { new LocalDate(2023, 6, 1), new LocalDate(2026, 6, 1) })
        {
            Is(P.Withholding, on, Dec(w[1].Value), Confidence.S);
            Is(P.WithholdingInvalidity, on, 0m, Enum.Parse<Confidence>(w[2].Value));
        }
    }

    [SkippableFact]
    public void Guaranteed_salary_relapse_rules_from_2026()
    {
        var g = Says(Flat(Sub("9.2")), @"Guaranteed salary from (\d{4}-\d\d-\d\d): a relapse within (\d+) weeks \(was (\d+) days\).*?\(was: the first (\d+) weeks\) \((\w)");
        var from = Date(g[1].Value);
        Is(P.RelapseWindowDays, from, 7 * Dec(g[2].Value), Confidence.S);
        Is(P.RelapseWindowDays, from.PlusDays(-1), Dec(g[3].Value), Confidence.S);
        Is(P.RelapseResumptionWhole, from, 1, Confidence.S);
        Is(P.RelapseResumptionWhole, from.PlusDays(-1), 0, Confidence.S);
        Is(P.RelapseResumptionWeeks, from.PlusDays(-1), Dec(g[4].Value), Enum.Parse<Confidence>(g[5].Value));
        Assert.False(Shipped.Rules.Series(P.RelapseResumptionWeeks).TryAt(from, out _)); // no limit from then: never read
    }

    [SkippableFact]
    public void Self_employed_amounts_of_section_9_3()
    {
        var rows = Table(Sub("9.3"), "| from | with family");
        Assert.Equal(4, rows.Count);
        FamilyStatus[] order = [FamilyStatus.Family, FamilyStatus.Isolated, FamilyStatus.Cohabitant];
        foreach (var r in rows)
        {
            var on = Date(r[0]);
            for (int i = 0; i < 3; i++)
            {
                // "S for 77.95 and 47.38 (...), I for 61.77": a value named after "S for" is S; "S amounts, I date" is I.
                var sFor = Regex.Match(r[4], @"^S for ([^(]*)");
                var letter = sFor.Success && sFor.Groups[1].Value.Contains(r[i + 1], StringComparison.Ordinal) ? Confidence.S : Confidence.I;
                Is(P.SelfFlat(order[i]), on, Dec(r[i + 1]), letter);
                Assert.Equal(on, Shipped.Rules.At(P.SelfFlat(order[i]), on).From);
            }
        }
        var waiting = Says(Sub("9.3"), @"Waiting rule from (\d{4}-\d\d-\d\d), unchanged through (\d{4}): (\d+) days or less not paid");
        Is(P.SelfWaitingDays, new LocalDate(int.Parse(waiting[2].Value), 12, 31), Dec(waiting[3].Value), Confidence.S);
    }
}
