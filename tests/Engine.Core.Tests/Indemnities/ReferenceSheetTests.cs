using System.Globalization;
using System.Text.RegularExpressions;
using Engine.Core.Indemnities;
using Engine.Core.Rules;
using Engine.Core.Tests.Reimbursement;
using Engine.Tests.Shared;
using NodaTime;
using P = Engine.Core.Indemnities.IndemnityParameters;

namespace Engine.Core.Tests.Indemnities;

/// <summary>
/// The shipped rules/indemnities/ carry the figures of sections 3 and 4 of shared/reference/belgian-rules.md with the
/// sheet's confidence letter. Figures are read from the sheet (its table, or a pattern quoting its words), so a change
/// of the sheet fails here rather than passing on nothing.
/// </summary>
public class ReferenceSheetTests
{
    private static readonly Lazy<ParameterSet> Shipped = new(() =>
        Engine.Jobs.Rules.RuleSetLoader.Load(Path.Combine(ShippedRules.RepositoryRoot, "rules")).Parameters);

    internal static ParameterSet Rules => Shipped.Value;

    internal static LocalDate Date(string s) => NodaTime.Text.LocalDatePattern.Iso.Parse(s).Value;
    internal static decimal Dec(string s) => decimal.Parse(s.Replace(",", ""), CultureInfo.InvariantCulture);

    internal static string Section(int number)
    {
        var sheet = File.ReadAllText(SharedFolder.File("reference/belgian-rules.md"));
        var start = sheet.IndexOf($"\n## {number}. ", StringComparison.Ordinal);
        Assert.True(start >= 0, $"section {number} not found in the sheet");
        var end = sheet.IndexOf("\n## ", start + 5, StringComparison.Ordinal);
        return end < 0 ? sheet[start..] : sheet[start..end];
    }

    internal static GroupCollection Says(string text, string pattern)
    {
        var m = Regex.Match(text, pattern);
        Assert.True(m.Success, $"the sheet no longer says: {pattern}");
        return m.Groups;
    }

    internal static void Is(string name, LocalDate on, decimal value, Confidence confidence)
    {
        var v = Rules.At(name, on);
        Assert.True(value == v.Value, $"{name} on {on:yyyy-MM-dd}: sheet {value}, rules {v.Value} ({v.Origin.File}:{v.Origin.Line})");
        Assert.True(confidence == v.Origin.Confidence, $"{name} on {on:yyyy-MM-dd}: sheet {confidence}, rules {v.Origin.Confidence} ({v.Origin.File}:{v.Origin.Line})");
        Assert.False(v.Origin.Illustrative, $"{name} is a figure of the sheet, not an illustration");
    }

    [SkippableFact]
    public void The_minima_table_from_2022_12_01()
    {
        var s3 = Section(3);
        var from = Date(Says(s3, @"Minimum daily amounts from (\d{4}-\d\d-\d\d) \(S")[1].Value);
        var rows = s3.Split('\n').SkipWhile(l => !l.StartsWith("| category", StringComparison.Ordinal)).Skip(2)
            .TakeWhile(l => l.StartsWith('|')).Select(l => l.Trim('|').Split('|').Select(c => c.Trim()).ToArray()).ToList();
        Assert.Equal(5, rows.Count);
        foreach (var cells in rows)
        {
            bool regular = cells[0].StartsWith("regular", StringComparison.Ordinal);
            FamilyStatus[] families = cells[0] switch
            {
                var c when c.EndsWith("with family", StringComparison.Ordinal) => [FamilyStatus.Family],
                var c when c.EndsWith("without family", StringComparison.Ordinal) => [FamilyStatus.Isolated, FamilyStatus.Cohabitant],
                var c when c.EndsWith("isolé", StringComparison.Ordinal) => [FamilyStatus.Isolated],
                var c when c.EndsWith("cohabitant", StringComparison.Ordinal) => [FamilyStatus.Cohabitant],
                var c => throw new Xunit.Sdk.XunitException($"unexpected row '{c}' in the sheet"),
            };
            foreach (var f in families)
            {
                Is(P.Minimum(false, regular, f), from, Dec(cells[1]), Confidence.S);
                Is(P.Minimum(true, regular, f), from, Dec(cells[2]), Confidence.S);
                Assert.Equal(from, Rules.Series(P.Minimum(false, regular, f)).CoveredFrom);
            }
        }
    }

    [SkippableFact]
    public void Ceilings_rates_employer_days_and_withholding()
    {
        var s3 = Section(3);
        var c = Says(s3, @"Daily wage ceiling \(6-day basis\): (\d+\.\d+) for incapacities starting in (\d{4})-(\d{4}); (\d+\.\d+) for new cases in (\d{4})");
        for (int y = int.Parse(c[2].Value); y <= int.Parse(c[3].Value); y++)
        {
            Is(P.Ceiling, new LocalDate(y, 1, 1), Dec(c[1].Value), Confidence.S);
            Is(P.Ceiling, new LocalDate(y, 12, 31), Dec(c[1].Value), Confidence.S);
        }
        // The 2024 figure and its dates: section 9.2 wins over section 3 (see The_2024_cohort_ceilings_of_section_9_2).

        var on = new LocalDate(2023, 6, 1);
        Is(P.RatePrimary, on, Dec(Says(s3, @"Primary incapacity \(first year\): (\d+) %")[1].Value), Confidence.S);
        var inv = Says(s3, @"Invalidity \(after one year\): (\d+) % with family charge, (\d+) % living alone \(isolé\), (\d+) % cohabitant");
        Is(P.RateInvalidity(FamilyStatus.Family), on, Dec(inv[1].Value), Confidence.S);
        Is(P.RateInvalidity(FamilyStatus.Isolated), on, Dec(inv[2].Value), Confidence.S);
        Is(P.RateInvalidity(FamilyStatus.Cohabitant), on, Dec(inv[3].Value), Confidence.S);
        Is(P.PrimaryMonths, on, 12, Confidence.S);

        var days = Says(s3, @"pays from day (\d+) of incapacity for an employé with a\s+contract of at least 3 months, and from day (\d+) for an ouvrier \(or an employé on a shorter contract\)");
        Is(P.EmployerDaysEmployee, on, Dec(days[1].Value) - 1, Confidence.S);
        Is(P.EmployerDaysWorker, on, Dec(days[2].Value) - 1, Confidence.S);
        Is(P.EmployerDaysShortContract, on, Dec(days[2].Value) - 1, Confidence.S);
        var months = Says(s3, @"\| from month (\d+) of primary incapacity \| from month (\d+), and invalidity \|");
        Is(P.MinimumFirstMonth, on, Dec(months[1].Value), Confidence.S);
        Is(P.MinimumSecondMonth, on, Dec(months[2].Value), Confidence.S);
        Is(P.Withholding, on, Dec(Says(s3, @"Withholding tax \(précompte professionnel\) on incapacity indemnities: (\d+\.\d+) %")[1].Value), Confidence.S);
        var index = Says(s3, @"rise (\d+) % when the health-index pivot is crossed \(e\.g\. from (\d{4}-\d\d-\d\d)\) \((\w)\)");
        Is(P.IndexCoefficient, Date(index[2].Value), 1 + Dec(index[1].Value) / 100, Enum.Parse<Confidence>(index[3].Value));
    }

    [SkippableFact]
    public void Maternity_and_birth_leave()
    {
        var s3 = Section(3);
        var on = new LocalDate(2023, 6, 1);
        var m = Says(s3, @"Maternity rest: (\d+) weeks \((\d+) for multiple births\).*?82 % of the\s+uncapped wage for days 1-(\d+), then (\d+) % of the capped wage\. Unemployed: (\d+\.\d) % capped");
        Is(P.MaternityWeeksSingle, on, Dec(m[1].Value), Confidence.S);
        Is(P.MaternityWeeksMultiple, on, Dec(m[2].Value), Confidence.S);
        Is(P.MaternityUncappedDays, on, Dec(m[3].Value), Confidence.S);
        Is(P.RateMaternityFirst, on, 82, Confidence.S);
        Is(P.RateMaternityAfter, on, Dec(m[4].Value), Confidence.S);
        Is(P.RateMaternityUnemployedFirst, on, Dec(m[5].Value), Confidence.S);
        var b = Says(s3, @"(\d+) days for births from (\d{4}-\d\d-\d\d), taken within (\d+) months; (\d+) days paid by the\s+employer, (\d+) by the insurer at (\d+) % of the capped wage");
        var from = Date(b[2].Value);
        Is(P.BirthDays, from, Dec(b[1].Value), Confidence.S);
        Is(P.BirthWindowMonths, from, Dec(b[3].Value), Confidence.S);
        Is(P.BirthEmployerDays, from, Dec(b[4].Value), Confidence.S);
        Assert.Equal(Dec(b[1].Value), Dec(b[4].Value) + Dec(b[5].Value)); // 3 + 17 = 20
        Is(P.RateBirth, from, Dec(b[6].Value), Confidence.S);
        Assert.Equal(from, Rules.Series(P.BirthDays).CoveredFrom); // earlier births: not in the sheet, refused
    }

    [SkippableFact]
    public void Self_employed_flat_amounts_and_waiting_period()
    {
        var s4 = Section(4);
        var first = Says(s4, @"(\d+\.\d\d) / (\d+\.\d\d) / (\d+\.\d\d) from (\d{4}-\d\d-\d\d) \(S");
        var from = Date(first[4].Value);
        FamilyStatus[] order = [FamilyStatus.Family, FamilyStatus.Isolated, FamilyStatus.Cohabitant];
        for (int i = 0; i < 3; i++)
        {
            var v = Rules.At(P.SelfFlat(order[i]), from);
            Assert.Equal(Dec(first[i + 1].Value), v.Value);
            Assert.Equal(from, Rules.Series(P.SelfFlat(order[i])).CoveredFrom);
        }
        // The second set has no date in section 4; section 9.3 says it is the 2023-11-01 level (S amounts, I date).
        var second = Says(s4, @"(\d+\.\d\d) / (\d+\.\d\d) / (\d+\.\d\d) \(S, INASTI/RSVZ FAQ, date not shown\)");
        var level = Date(Says(Section(9), @"Section 4's undated .*? is the (\d{4}-\d\d-\d\d) level")[1].Value);
        for (int i = 0; i < 3; i++)
        {
            Is(P.SelfFlat(order[i]), level, Dec(second[i + 1].Value), Confidence.I);
            Assert.Equal(level, Rules.At(P.SelfFlat(order[i]), level).From);
        }
        Is(P.SelfWaitingDays, from, Dec(Says(s4, @"an incapacity of (\d+) days or less is not paid")[1].Value), Confidence.S);
    }
}
