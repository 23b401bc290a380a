using System.Globalization;
using System.Text.RegularExpressions;
using Engine.Core.Ceilings;
using Engine.Core.Rules;
using Engine.Jobs.Rules;

namespace Engine.Jobs.Tests.Rules.Ceilings;

using Money = Engine.Core.Money.Money;

/// <summary>The MAF figures shipped in rules/ceilings/ are those of the reference sheet, section 2, year by year.</summary>
public class ShippedMafRulesTests
{
    private static RuleSet Shipped() => RuleSetLoader.Load(ReferenceFiles.RulesDirectory);

    private static string[] MafSection()
    {
        var lines = File.ReadAllLines(ReferenceFiles.Sheet());
        int start = Array.FindIndex(lines, l => l.StartsWith("## 2. Maximum à facturer"));
        int end = Array.FindIndex(lines, start + 1, l => l.StartsWith("## "));
        Assert.True(start >= 0 && end > start, "the sheet has no MAF section");
        return lines[start..end];
    }

    private static Money Euros(string sheet) => Money.Parse(sheet.Replace(",", ""));

    [SkippableFact]
    public void The_income_brackets_are_the_sheets()
    {
        var rules = Shipped();
        var rows = MafSection().Select(l => Regex.Match(l, @"^\| (\d{4}) \| (<=.*) \| ([SIU]), (.*) \|$")).Where(m => m.Success).ToList();
        Assert.Equal(3, rows.Count);
        foreach (var row in rows)
        {
            int year = int.Parse(row.Groups[1].Value, CultureInfo.InvariantCulture);
            var expected = Regex.Matches(row.Groups[2].Value, @"(?:<=([\d,]+\.\d\d)|above) -> ([\d,]+\.\d\d)")
                .Select(m => (UpTo: m.Groups[1].Success ? Euros(m.Groups[1].Value) : (Money?)null, Ceiling: Euros(m.Groups[2].Value))).ToList();
            var table = rules.Ceilings.Brackets!.At(new NodaTime.LocalDate(year, 6, 30));
            Assert.Equal(new NodaTime.LocalDate(year, 1, 1), table.From);
            Assert.Equal(new NodaTime.LocalDate(year, 12, 31), table.To);
            Assert.Equal(expected, table.Value.Brackets.Select(b => (b.IncomeUpTo, b.Ceiling)).ToList());
            foreach (var b in table.Value.Brackets)
            {
                Assert.Equal(Enum.Parse<Confidence>(row.Groups[3].Value), b.Origin.Confidence);
                Assert.Equal(row.Groups[4].Value, b.Origin.Source);
            }
        }
    }

    [SkippableTheory]
    [InlineData("- MAF social", MafRules.SocialCeiling)]
    [InlineData("- Chronic illness", MafRules.ChronicReduction)]
    [InlineData("- Child under 19", MafRules.ChildCeiling)]
    public void The_single_figures_are_the_sheets_with_their_confidence(string bullet, string parameter)
    {
        var rules = Shipped();
        var line = MafSection().Single(l => l.StartsWith(bullet));
        // "506.79 (2022, 2023), 516.92 (2024) (S)" or "112.62 (2022, 2023) (S); 114.87 in 2024 (I)": a figure without
        // its own letter takes the next letter of the line.
        var figures = Regex.Matches(line, @"(\d[\d,]*\.\d\d) (?:\(((?:\d{4}(?:, )?)+)\)|in (\d{4}))(?: \(([SIU])\))?").ToList();
        Assert.NotEmpty(figures);
        var seen = 0;
        for (int i = 0; i < figures.Count; i++)
        {
            var letter = figures.Skip(i).Select(f => f.Groups[4]).FirstOrDefault(g => g.Success)?.Value;
            Assert.NotNull(letter);
            var years = figures[i].Groups[2].Success ? figures[i].Groups[2].Value.Split(", ") : [figures[i].Groups[3].Value];
            foreach (var y in years)
            {
                var value = rules.Parameters.At(parameter, new NodaTime.LocalDate(int.Parse(y, CultureInfo.InvariantCulture), 7, 1));
                Assert.Equal(Euros(figures[i].Groups[1].Value).Euros, value.Value);
                Assert.Equal(Enum.Parse<Confidence>(letter), value.Origin.Confidence);
                Assert.Equal(new NodaTime.LocalDate(int.Parse(y, CultureInfo.InvariantCulture), 12, 31), value.To);
                seen++;
            }
        }
        Assert.Equal(3, seen); // 2022, 2023, 2024
    }

    [SkippableFact]
    public void The_child_age_limit_is_the_sheets()
    {
        var age = int.Parse(Regex.Match(MafSection().Single(l => l.StartsWith("- Child under")), @"under (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal(age, (int)Shipped().Parameters.At(MafRules.ChildAgeLimit, new NodaTime.LocalDate(2024, 1, 1)).Value);
    }

    [SkippableFact]
    public void The_years_the_sheet_did_not_find_are_refused()
    {
        var notFound = MafSection().Single(l => l.Contains("not found"));
        var years = Regex.Matches(notFound.Split('|')[1], @"\d{4}").Select(m => int.Parse(m.Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal([2025, 2026], years);
        var rules = Shipped();
        foreach (var year in years)
        {
            var e = Assert.Throws<MafYearNotCoveredException>(() => MafCeilings.For(rules, new MafHousehold("H", year, Money.Parse("20000"), false, false)));
            Assert.Equal(year, e.Missing.Year);
            Assert.Contains(year.ToString(CultureInfo.InvariantCulture), e.Message);
            Assert.Contains("maf.", e.Message);
        }
    }

    [Fact]
    public void A_household_ceiling_from_the_shipped_rules()
    {
        // 2024, income 20,000.00: bracket 2 -> 516.92; chronic (114.87, confidence I): 516.92 - 114.87 = 402.05.
        var rules = RuleSetLoader.Load(ReferenceFiles.RulesDirectory);
        var c = MafCeilings.For(rules, new MafHousehold("H", 2024, Money.Parse("20000.00"), false, true));
        Assert.Equal(Money.Parse("402.05"), c.Household);
        Assert.Contains(c.Explanation, s => s.Origin is { File: "rules/ceilings/maf-revenus.csv" });
        Assert.Contains(c.Explanation, s => s.Origin is { File: "rules/ceilings/parameters-maf.csv", Confidence: Confidence.I });
    }

    private static string[] Section95()
    {
        var lines = File.ReadAllLines(ReferenceFiles.Sheet());
        int start = Array.FindIndex(lines, l => l.StartsWith("### 9.5 MAF"));
        int end = Array.FindIndex(lines, start + 1, l => l.StartsWith("#"));
        Assert.True(start >= 0 && end > start, "the sheet has no section 9.5");
        return lines[start..end];
    }

    /// <summary>A bullet of section 9.5 with its wrapped continuation lines, joined by spaces.</summary>
    private static string Bullet95(string containing)
    {
        var lines = Section95();
        var bullets = new List<string>();
        foreach (var l in lines)
        {
            if (l.StartsWith("- ")) bullets.Add(l);
            else if (l.StartsWith("  ") && bullets.Count > 0) bullets[^1] += " " + l.Trim();
        }
        return bullets.Single(b => b.Contains(containing));
    }

    [SkippableFact]
    public void From_2026_medicines_Cs_and_Cx_count_for_the_MAF()
    {
        var bullet = Bullet95("medicines Cs and Cx count for the MAF");
        var from = NodaTime.Text.LocalDatePattern.Iso.Parse(Regex.Match(bullet, @"From (\d{4}-\d{2}-\d{2})").Groups[1].Value).Value;
        Assert.Contains("(S, cbip.be)", bullet);
        var rules = Shipped();
        foreach (var kind in new[] { "medicine_Cs", "medicine_Cx" })
        {
            var name = MafRules.ExcludedKindPrefix + kind;
            var before = rules.Parameters.At(name, from.PlusDays(-1));
            var after = rules.Parameters.At(name, from);
            Assert.Equal((1m, from.PlusDays(-1)), (before.Value, before.To));
            Assert.Equal((0m, from, (NodaTime.LocalDate?)null, Confidence.S), (after.Value, after.From, after.To, after.Origin.Confidence));
            Assert.Contains("cbip.be", after.Origin.Source);
        }
    }

    [SkippableFact]
    public void From_2026_every_psychiatric_hospital_day_counts_was_at_most_365()
    {
        var bullet = Bullet95("psychiatric hospital");
        int was = int.Parse(Regex.Match(bullet, @"was: at most (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        var rules = Shipped();
        var (cap2025, _) = MafRules.PsychiatricDayCap(rules, new NodaTime.LocalDate(2025, 12, 31));
        var (cap2026, why) = MafRules.PsychiatricDayCap(rules, new NodaTime.LocalDate(2026, 1, 1));
        Assert.Equal(was, cap2025);
        Assert.Null(cap2026);
        Assert.Contains("every day", why.Text);
        Assert.Equal(Confidence.S, why.Origin!.Confidence);
        Assert.Contains("vandenbroucke.belgium.be", why.Origin.Source);
    }

    [SkippableFact]
    public void The_chronic_condition_threshold_is_each_years_MAF_social_ceiling()
    {
        // "506.79 (2022), 506.79 (2023), 516.92 (2024) (I from the S ceilings)"
        var bullet = Bullet95("Chronic reduction condition");
        var figures = Regex.Matches(bullet, @"(\d[\d,]*\.\d\d) \((\d{4})\)").ToList();
        Assert.Equal(3, figures.Count);
        var rules = Shipped();
        foreach (var f in figures)
        {
            int year = int.Parse(f.Groups[2].Value, CultureInfo.InvariantCulture);
            Assert.Equal(Euros(f.Groups[1].Value), MafChronicCondition.Threshold(rules, year, out var origin));
            Assert.Equal("rules/ceilings/parameters-maf.csv", origin.File);
        }
        // For 2025 (a year without MAF figures) the condition is still known: 2023 and 2024 have theirs.
        // 506.79 in 2023 reached, 516.91 in 2024 not (516.91 < 516.92): no reduction by the personal-shares route.
        var (holds, why) = MafChronicCondition.ByPersonalShares(rules, 2025, Money.Parse("506.79"), Money.Parse("516.91"));
        Assert.False(holds);
        Assert.Equal(2, why.Count);
        Assert.True(MafChronicCondition.ByPersonalShares(rules, 2025, Money.Parse("506.79"), Money.Parse("516.92")).Holds);
        // For 2027 it needs 2025's MAF social ceiling, which the sheet does not have: refused, naming it.
        var e = Assert.Throws<MafYearNotCoveredException>(() => MafChronicCondition.ByPersonalShares(rules, 2027, Money.Parse("600"), Money.Parse("600")));
        Assert.Equal(new MafFiguresMissing(MafRules.SocialCeiling, 2025), e.Missing);
    }

    [SkippableFact]
    public void The_chronic_reduction_lowers_the_child_ceiling_too_with_the_shipped_figures()
    {
        // §9.7 (S, lepharmacien.be). 2024: child 746.66 - chronic 114.87 = 631.79; 2023: 732.03 - 112.62 = 619.41.
        var reading = File.ReadAllLines(ReferenceFiles.Sheet()).Single(l => l.Contains("chronic-illness reduction lowers the child ceiling"));
        Assert.Contains("lepharmacien.be", reading);
        var rules = Shipped();
        Assert.Equal(Money.Parse("631.79"), MafCeilings.For(rules, new MafHousehold("H", 2024, Money.Parse("20000.00"), false, true)).Child);
        Assert.Equal(Money.Parse("619.41"), MafCeilings.For(rules, new MafHousehold("H", 2023, Money.Parse("20000.00"), false, true)).Child);
        Assert.Equal(Money.Parse("746.66"), MafCeilings.For(rules, new MafHousehold("H", 2024, Money.Parse("20000.00"), false, false)).Child);
    }
}
