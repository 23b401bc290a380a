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
}
