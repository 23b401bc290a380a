using System.Globalization;
using System.Text.RegularExpressions;
using Engine.Core.Reimbursement;
using Engine.Core.Rules;
using Engine.Jobs.Rules;
using NodaTime;
using NodaTime.Text;
using Money = Engine.Core.Money.Money;

namespace Engine.Jobs.Tests.Rules.Reimbursement;

/// <summary>
/// The shipped rules carry every figure of sections 1, 5 and 9.4 of shared/reference/belgian-rules.md. Tables are parsed
/// from the sheet; the figures given in running text are matched with a pattern quoting the sheet's words, so a
/// change of the sheet makes the test fail rather than pass on nothing.
/// </summary>
public class ReferenceSheetTests
{
    private static ReimbursementRules Rules => RepoFiles.Reimbursement;

    private static string Section(string sheet, int number)
    {
        var start = sheet.IndexOf($"\n## {number}. ", StringComparison.Ordinal);
        Assert.True(start >= 0, $"section {number} not found in the sheet");
        var end = sheet.IndexOf("\n## ", start + 5, StringComparison.Ordinal);
        return end < 0 ? sheet[start..] : sheet[start..end];
    }

    private static string[] Cells(string row) => row.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();

    private static IEnumerable<string[]> TableAfter(string section, string heading)
    {
        var at = section.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{heading}' not found");
        var lines = section[at..].Split('\n').Skip(1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).ToList();
        return lines.Skip(2).Select(Cells); // header and separator
    }

    private static LocalDate Date(string s) => LocalDatePattern.Iso.Parse(s).Value;
    private static decimal Euros(string s) => decimal.Parse(s.Replace(",", ""), CultureInfo.InvariantCulture);

    private static Match Find(string text, string pattern)
    {
        var m = Regex.Match(text, pattern);
        Assert.True(m.Success, $"the sheet no longer says: {pattern}");
        return m;
    }

    /// <summary>
    /// A confidence cell holds one letter ("S") or several, each qualified ("S (value), I (year)"). A rule row carries
    /// one letter: the lowest of the cell (S above I above U), since a figure is no surer than its weakest part.
    /// </summary>
    private static Confidence LowestConfidence(string cell)
    {
        var letters = Regex.Matches(cell, @"(?<![A-Za-z])([SIU])(?![A-Za-z])").Select(m => Enum.Parse<Confidence>(m.Groups[1].Value)).ToList();
        Assert.True(letters.Count > 0 && Regex.IsMatch(cell, @"^[SIU](?: \(\w+\))?(?:, [SIU](?: \(\w+\))?)*$"),
            $"confidence cell '{cell}' is not 'S', 'I', 'U' or a list such as 'S (value), I (year)'");
        return letters.Max(); // the enum runs S, I, U: the largest is the lowest confidence
    }

    private static FeeRow FeeFrom(int code, LocalDate from) => Assert.Single(Rules.FeesOf(code), f => f.From == from);

    private static ShareRow Share(string id, LocalDate? from = null) =>
        Assert.Single(Rules.Scheme(id.Split('.')[1] switch
        {
            "gp" => "gp_consultation", "home" => "gp_home_visit", "spec" => "specialist", "dental" => "dental_basic",
            _ => throw new ArgumentException(id),
        }).Rows, r => r.RuleId == id && (from is null || r.From == from));

    [SkippableFact]
    public void GP_consultation_fees_by_year_match_the_sheet_s_table()
    {
        var s1 = Section(File.ReadAllText(RepoFiles.ReferenceSheet()), 1);
        var rows = TableAfter(s1, "### GP consultation at the surgery").ToList();
        Assert.Equal(4, rows.Count);
        foreach (var cells in rows)
        {
            // | 2024-01-01 | 31.98 | S (value), I (year) | Domus Medica ... |
            var fee = FeeFrom(101076, Date(cells[0]));
            Assert.Equal(Euros(cells[1]), fee.UnitFee.Euros);
            Assert.Equal(LowestConfidence(cells[2]), fee.Origin.Confidence);
            Assert.False(fee.Origin.Illustrative);
            Assert.Equal(new LocalDate(Date(cells[0]).Year, 12, 31), fee.To); // yearly: a missing year is an error
        }
    }

    [SkippableFact]
    public void Home_visit_and_DMG_fees_match_the_sheet()
    {
        var s1 = Section(File.ReadAllText(RepoFiles.ReferenceSheet()), 1);
        // "GP home visit: 47.28 from 2025-01-01, 48.57 from 2026-01-01 (S, Domus Medica)."
        var m = Find(s1, @"GP home visit: (\d+\.\d\d) from (\d{4}-\d\d-\d\d), (\d+\.\d\d) from (\d{4}-\d\d-\d\d) \((\w)");
        for (int i = 0; i < 2; i++)
        {
            var fee = FeeFrom(103412, Date(m.Groups[2 + 2 * i].Value));
            Assert.Equal(Euros(m.Groups[1 + 2 * i].Value), fee.UnitFee.Euros);
            Assert.Equal(m.Groups[5].Value, fee.Origin.Confidence.ToString());
        }
        // "DMG yearly fee: 32.23 (2025), 33.11 (2026) (S)."
        m = Find(s1, @"DMG yearly fee: (\d+\.\d\d) \((\d{4})\), (\d+\.\d\d) \((\d{4})\) \((\w)\)");
        for (int i = 0; i < 2; i++)
        {
            var fee = FeeFrom(102771, new LocalDate(int.Parse(m.Groups[2 + 2 * i].Value), 1, 1));
            Assert.Equal(Euros(m.Groups[1 + 2 * i].Value), fee.UnitFee.Euros);
            Assert.Equal(m.Groups[5].Value, fee.Origin.Confidence.ToString());
        }
    }

    [SkippableFact]
    public void GP_personal_shares_match_the_sheet_s_table()
    {
        var s1 = Section(File.ReadAllText(RepoFiles.ReferenceSheet()), 1);
        var rows = TableAfter(s1, "### Personal share (ticket modérateur)").ToList();
        Assert.Equal(3, rows.Count);
        foreach (var cells in rows)
        {
            var (ordinaryId, bimIds) = cells[0] switch
            {
                "consultation, patient has a DMG with this GP" => ("share.gp.dmg.ordinary", new[] { "share.gp.dmg.bim" }),
                "consultation, no DMG" => ("share.gp.nodmg.ordinary", new[] { "share.gp.nodmg.bim" }),
                var c when c.StartsWith("BIM aged 0-24 with DMG", StringComparison.Ordinal) =>
                    ((string?)null, new[] { "share.gp.bim_young_dmg", "share.spec.bim_young_dmg", "share.dental.bim_young_dmg" }),
                var c => throw new Xunit.Sdk.XunitException($"unexpected row '{c}' in the sheet"),
            };
            var from = Date(cells[3]);
            if (ordinaryId is not null)
            {
                var ordinary = Share(ordinaryId, from);
                Assert.Equal(Euros(cells[1]), ordinary.Amount.Euros);
                Assert.Equal(Condition.No, ordinary.Bim);
                Assert.Equal(cells[4], ordinary.Origin.Confidence.ToString());
            }
            else Assert.Equal("n/a", cells[1]);
            foreach (var id in bimIds)
            {
                var bim = Share(id, from);
                Assert.Equal(Euros(cells[2]), bim.Amount.Euros);
                Assert.Equal(Condition.Yes, bim.Bim);
                Assert.Equal(ShareMethod.Fixed, bim.Method);
                if (id.EndsWith("young_dmg", StringComparison.Ordinal))
                    Assert.True(bim.AgeMin == 0 && bim.AgeMax == 24, $"{id} must hold for ages 0-24");
                if (id is "share.spec.bim_young_dmg" or "share.dental.bim_young_dmg")
                {
                    // "at agreement fees", read as billed at no more than the fee, conventionné or not (§9.7)
                    Assert.Equal(Condition.Yes, bim.AtAgreementFee);
                    Assert.Equal(Condition.Any, bim.Conventioned);
                }
            }
        }
    }

    [SkippableFact]
    public void Specialist_shares_and_referral_reduction_match_the_sheet()
    {
        var s1 = Section(File.ReadAllText(RepoFiles.ReferenceSheet()), 1);
        // "Fixed personal share 12.00 ordinary / 3.00 BIM since 2015-01-01 (S, artsenkrant.com)"
        var m = Find(s1, @"Fixed personal share (\d+\.\d\d) ordinary / (\d+\.\d\d) BIM since (\d{4}-\d\d-\d\d)");
        var from = Date(m.Groups[3].Value);
        Assert.Equal(Euros(m.Groups[1].Value), Share("share.spec.ordinary", from).Amount.Euros);
        Assert.Equal(Euros(m.Groups[2].Value), Share("share.spec.bim", from).Amount.Euros);
        // "with a GP's referral the share is 5.00 lower (ordinary) / 2.00 lower (BIM)"
        var r = Find(s1, @"referral the share\s+is (\d+\.\d\d) lower \(ordinary\) / (\d+\.\d\d) lower \(BIM\)");
        var refOrdinary = Share("share.spec.referral.ordinary");
        Assert.Equal(Euros(m.Groups[1].Value), refOrdinary.Amount.Euros);
        Assert.Equal(Euros(r.Groups[1].Value), refOrdinary.Less.Euros);
        Assert.Equal(Condition.Yes, refOrdinary.Referral);
        var refBim = Share("share.spec.referral.bim");
        Assert.Equal(Euros(m.Groups[2].Value), refBim.Amount.Euros);
        Assert.Equal(Euros(r.Groups[2].Value), refBim.Less.Euros);
        // the sheet does not date the reduction: the rows say so with confidence I
        Assert.Equal(Confidence.I, refOrdinary.Origin.Confidence);
    }

    [SkippableFact]
    public void Supplement_and_dental_rules_match_the_sheet()
    {
        var s1 = Section(File.ReadAllText(RepoFiles.ReferenceSheet()), 1);
        // "Supplements billed to a BIM patient in ambulatory care are forbidden in two steps (...): from 2025-01-01 for
        // "BIM avantages" (...), from 2026-01-01 for every BIM beneficiary (S, INAMI page ...)"
        var m = Find(s1, @"forbidden in two steps[\s\S]*?\):\s+from (\d{4}-\d\d-\d\d) for ""BIM avantages""[^)]*\),\s+from (\d{4}-\d\d-\d\d) for\s+every BIM beneficiary \((\w)");
        var avantages = Assert.Single(Rules.Supplements, s => s.RuleId == "supplement.bim_avantages_forbidden");
        var every = Assert.Single(Rules.Supplements, s => s.RuleId == "supplement.bim_forbidden");
        Assert.Equal(Date(m.Groups[1].Value), avantages.From);
        Assert.Equal(Date(m.Groups[2].Value), every.From);
        Assert.Equal((Condition.Yes, Condition.Yes), (avantages.Bim, avantages.BimAvantages));
        Assert.Equal((Condition.Yes, Condition.Any), (every.Bim, every.BimAvantages));
        foreach (var ban in new[] { avantages, every })
        {
            Assert.Equal(m.Groups[3].Value, ban.Origin.Confidence.ToString());
            Assert.False(ban.Allowed);
            Assert.Equal(ReasonCode.BimSupplementForbidden, ban.Reason);
            Assert.Null(ban.To);
            Assert.False(ban.Origin.Illustrative);
        }
        // no BIM ban row starts before the first step
        Assert.All(Rules.Supplements.Where(s => s.Bim == Condition.Yes), s => Assert.True(s.From >= avantages.From, s.RuleId));
        // "A déconventionné provider may bill supplements."
        Find(s1, "A déconventionné provider may bill supplements");
        Assert.True(Assert.Single(Rules.Supplements, s => s.RuleId == "supplement.deconventioned").Allowed);
        // "free (no personal share) under 19 at a conventionné dentist; the age limit went from 18 to 19 on 2023-09-01"
        var d = Find(s1, @"the age limit went from (\d+) to (\d+) on\s+(\d{4}-\d\d-\d\d)");
        var change = Date(d.Groups[3].Value);
        var child = Rules.Scheme("dental_basic").Rows.Where(r => r.RuleId == "share.dental.child_free").ToList();
        Assert.Equal(2, child.Count);
        Assert.Equal(change.PlusDays(-1), child[0].To);
        Assert.Equal(int.Parse(d.Groups[1].Value) - 1, child[0].AgeMax); // under 18 = aged 0-17
        Assert.Equal(change, child[1].From);
        Assert.Equal(int.Parse(d.Groups[2].Value) - 1, child[1].AgeMax);
        Assert.All(child, r => Assert.Equal(ShareMethod.None, r.Method));
        // "at a conventionné dentist" (§1) as read by §9.7: billed at agreement fees, conventionné or not
        Find(Section(File.ReadAllText(RepoFiles.ReferenceSheet()), 9), @"a\s+déconventionné dentist who applies the agreement fee to a child under 19 gives free care");
        Assert.All(child, r => Assert.Equal((Condition.Yes, Condition.Any), (r.AtAgreementFee, r.Conventioned)));
    }

    [SkippableFact]
    public void Medicine_shares_and_caps_match_the_sheet_s_table()
    {
        var s1 = Section(File.ReadAllText(RepoFiles.ReferenceSheet()), 1);
        var rows = TableAfter(s1, "### Medicines").ToList();
        Assert.Equal(5, rows.Count);
        static int Bp(string pct) => (int)(decimal.Parse(pct.Replace("%", "").Trim(), CultureInfo.InvariantCulture) * 100);
        static (decimal? Cap, decimal? LargeCap) Caps(string cell)
        {
            if (cell is "-" or "none") return (null, null);
            var m = Regex.Match(cell, @"^(\d+\.\d\d)(?: \(large pack(?: >60 units)?:? (\d+\.\d\d)\))?$");
            Assert.True(m.Success, $"cap cell '{cell}'");
            return (decimal.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
                m.Groups[2].Success ? decimal.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : null);
        }
        foreach (var cells in rows)
        {
            // | B | 25 % | 12.10 (large pack >60 units: 15.00) | 15 % | 8.00 (large pack 9.90) | ... |
            var category = cells[0];
            var (ordCap, ordLarge) = Caps(cells[2]);
            var (bimCap, bimLarge) = Caps(cells[4]);
            void Check(string scheme, bool bim, int bp, decimal? cap)
            {
                var who = new BeneficiarySituation(new LocalDate(1970, 1, 1), bim, false);
                // the §1 table: the rows in force on 2019-01-01 (§9.4 adds a minimum from 2026, tested below)
                var row = Rules.Scheme(scheme).Rows.Single(r => r.Bim.Holds(bim) && r.From <= new LocalDate(2019, 1, 1));
                Assert.Equal(ShareMethod.Percent, row.Method);
                Assert.True(bp == row.BasisPoints, $"{scheme} bim={bim}: {row.BasisPoints} bp, the sheet says {bp}");
                Assert.Equal(cap, row.CapPerUnit?.Euros);
                Assert.True(row.From <= new LocalDate(2019, 1, 1), "the caps hold from 2019-01-01");
            }
            Check($"medicine_{category}", false, Bp(cells[1]), ordCap);
            Check($"medicine_{category}", true, Bp(cells[3]), bimCap);
            if (ordLarge is not null || bimLarge is not null)
            {
                Check($"medicine_{category}_large", false, Bp(cells[1]), ordLarge);
                Check($"medicine_{category}_large", true, Bp(cells[3]), bimLarge);
            }
        }
        Assert.Contains(Rules.Codes, c => c.ShareScheme == "medicine_B_large" && c.Kind == "medicine_B");
    }

    private static string Subsection(string sheet, string number)
    {
        var s9 = Section(sheet, 9);
        var start = s9.IndexOf($"\n### {number} ", StringComparison.Ordinal);
        Assert.True(start >= 0, $"section {number} not found in the sheet");
        var end = s9.IndexOf("\n### ", start + 5, StringComparison.Ordinal);
        return end < 0 ? s9[start..] : s9[start..end];
    }

    [SkippableFact]
    public void Section_9_4_GP_fees_and_unchanged_shares_match_the_rules()
    {
        var s = Subsection(File.ReadAllText(RepoFiles.ReferenceSheet()), "9.4");
        // "GP: 2024 consultation 31.98 (see section 1); 2025: 32.84, home visit 47.28, DMG 32.23; 2026: 33.73, 48.57, 33.11 (S)."
        var m = Find(s, @"GP: (\d{4}) consultation (\d+\.\d\d) \(see section 1\); (\d{4}): (\d+\.\d\d), home visit (\d+\.\d\d), DMG (\d+\.\d\d);\s+(\d{4}): (\d+\.\d\d), (\d+\.\d\d), (\d+\.\d\d) \((\w)\)");
        LocalDate Jan1(int group) => new(int.Parse(m.Groups[group].Value), 1, 1);
        decimal E(int group) => Euros(m.Groups[group].Value);
        Assert.Equal(E(2), FeeFrom(101076, Jan1(1)).UnitFee.Euros);
        Assert.Equal(Confidence.I, FeeFrom(101076, Jan1(1)).Origin.Confidence); // §1: "S (value), I (year)"
        foreach (var (year, consultation, home, dmg) in new[] { (3, 4, 5, 6), (7, 8, 9, 10) })
        {
            foreach (var (code, group) in new[] { (101076, consultation), (103412, home), (102771, dmg) })
            {
                var fee = FeeFrom(code, Jan1(year));
                Assert.Equal(E(group), fee.UnitFee.Euros);
                Assert.Equal(m.Groups[11].Value, fee.Origin.Confidence.ToString());
                Assert.Equal(new LocalDate(Jan1(year).Year, 12, 31), fee.To);
            }
        }
        // "Fixed personal shares at a conventionné GP and specialist unchanged through 2026 (S, ...)"
        Find(s, @"Fixed personal shares at a conventionné GP and specialist unchanged through (\d{4})");
        foreach (var scheme in new[] { "gp_consultation", "specialist" })
            Assert.All(Rules.Scheme(scheme).Rows, r => Assert.True(r.To is null && r.Method == ShareMethod.Fixed, $"{r.RuleId} must run on unchanged"));
    }

    [SkippableFact]
    public void Section_9_4_supplement_ban_matches_the_rules()
    {
        var s = Subsection(File.ReadAllText(RepoFiles.ReferenceSheet()), "9.4");
        // "Supplements in ambulatory care: forbidden for BIM avantages from 2025-01-01, for all BIM from 2026-01-01; ... (S)."
        var m = Find(s, @"Supplements in ambulatory care: forbidden for BIM avantages from (\d{4}-\d\d-\d\d), for all BIM from (\d{4}-\d\d-\d\d);[^(]*\((\w)\)");
        var avantages = Assert.Single(Rules.Supplements, r => r.RuleId == "supplement.bim_avantages_forbidden");
        var every = Assert.Single(Rules.Supplements, r => r.RuleId == "supplement.bim_forbidden");
        Assert.Equal((Date(m.Groups[1].Value), Date(m.Groups[2].Value)), (avantages.From, every.From));
        Assert.Equal(m.Groups[3].Value, every.Origin.Confidence.ToString());
        // "Handling: the forbidden supplement is the provider's to refund; the insurer's part of the line is due as usual."
        Find(s, @"the forbidden supplement is the provider's to refund; the insurer's part of the line is due as usual");
        var who = new BeneficiarySituation(new LocalDate(1980, 1, 1), Bim: true, HasDmg: true, BimAvantages: false);
        var line = new CareLine(101076, Date(m.Groups[2].Value), 1, Money.FromEuros(40m), false, Channel.Efact, false, true);
        var r = ReimbursementKernel.Compute(in line, in who, Rules);
        Assert.True(r.Accepted && r.SupplementFlag == ReasonCode.BimSupplementForbidden, $"{r.Status} {r.Reason.Text()} {r.SupplementFlag.Text()}");
        Assert.Equal(FeeFrom(101076, Date(m.Groups[2].Value)).UnitFee - Money.FromEuros(1m), r.InsurerAmount); // fee - BIM DMG share 1.00
    }

    [SkippableFact]
    public void Section_9_4_medicine_minimum_share_and_proton_pump_inhibitors_match_the_rules()
    {
        var s = Subsection(File.ReadAllText(RepoFiles.ReferenceSheet()), "9.4");
        // "Medicines from 2026-01-01: caps unchanged (section 1), but a minimum personal share per package of 2.00
        // (ordinary) and 1.00 (BIM) applies, also to category A, in public pharmacies; proton-pump inhibitors move to Cx (S, cbip.be"
        var m = Find(s, @"Medicines from (\d{4}-\d\d-\d\d): caps unchanged \(section 1\), but a minimum personal share per package of (\d+\.\d\d) \(ordinary\)\s+and (\d+\.\d\d) \(BIM\) applies, also to category A,[^;]*; proton-pump inhibitors move to (\w+) \((\w)");
        var from = Date(m.Groups[1].Value);
        foreach (var scheme in Rules.Schemes.Where(x => x.Name.StartsWith("medicine_", StringComparison.Ordinal)))
        {
            foreach (var bim in new[] { false, true })
            {
                var before = Assert.Single(scheme.Rows, r => r.Bim.Holds(bim) && r.From < from);
                var after = Assert.Single(scheme.Rows, r => r.Bim.Holds(bim) && r.From >= from);
                Assert.Equal(from.PlusDays(-1), before.To);
                Assert.Equal(from, after.From);
                Assert.Null(after.To);
                Assert.Null(before.MinPerUnit);
                Assert.Equal(Euros(m.Groups[bim ? 3 : 2].Value), after.MinPerUnit?.Euros);
                Assert.Equal((before.BasisPoints, before.CapPerUnit), (after.BasisPoints, after.CapPerUnit)); // caps unchanged
                Assert.Contains("cbip.be", after.Origin.Source);
            }
        }
        var ppis = Rules.Codes.Where(c => c.Label.StartsWith("Proton-pump inhibitor", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(ppis);
        foreach (var ppi in ppis)
        {
            var fees = Rules.FeesOf(ppi.Code);
            Assert.All(fees, f => Assert.True(f.Origin.Illustrative && f.Origin.Confidence == Confidence.U, "an illustrative pack says so"));
            Assert.All(fees.Where(f => f.From < from), f => Assert.NotEqual(m.Groups[4].Value, f.Pack!.Category));
            Assert.Equal(m.Groups[4].Value, Assert.Single(fees, f => f.From == from).Pack!.Category);
            Assert.Equal("medicine_" + m.Groups[4].Value, Rules.KindOn(ppi.Code, from));
        }
        Assert.Equal("S", m.Groups[5].Value);
    }

    [Fact]
    public void Medicines_are_priced_from_the_list_and_marked_illustrative()
    {
        var medicines = Rules.Fees.Where(f => f.Pack is not null).ToList();
        Assert.NotEmpty(medicines);
        Assert.All(medicines, f => Assert.Equal("rules/reimbursement/medicines.csv", f.Origin.File));
        Assert.All(medicines.Where(f => f.Origin.Illustrative), f => Assert.Equal(Confidence.U, f.Origin.Confidence));
        Assert.All(Rules.Codes.Where(c => c.Kind.StartsWith("medicine_", StringComparison.Ordinal)), c => Assert.All(Rules.FeesOf(c.Code), f => Assert.NotNull(f.Pack)));
    }

    [SkippableFact]
    public void BIM_income_threshold_matches_section_5()
    {
        var s5 = Section(File.ReadAllText(RepoFiles.ReferenceSheet()), 5);
        // "Income threshold for 2024 (income 2023): 25,630.67 plus 4,744.94 per dependant (S, statut-bim.be)."
        var m = Find(s5, @"Income threshold for (\d{4}) \(income \d{4}\): ([\d,]+\.\d\d) plus ([\d,]+\.\d\d) per dependant \((\w)");
        var parameters = RuleSetLoader.Load(RepoFiles.Rules).Parameters;
        var year = int.Parse(m.Groups[1].Value);
        var inYear = new LocalDate(year, 6, 30);
        var threshold = parameters.At("bim.income_threshold.base", inYear);
        var perDependant = parameters.At("bim.income_threshold.per_dependant", inYear);
        Assert.Equal(Euros(m.Groups[2].Value), threshold.Value);
        Assert.Equal(Euros(m.Groups[3].Value), perDependant.Value);
        Assert.Equal(m.Groups[4].Value, threshold.Origin.Confidence.ToString());
        Assert.Equal(new LocalDate(year, 1, 1), threshold.From);
        Assert.Equal(new LocalDate(year, 12, 31), threshold.To);
    }

    [Fact]
    public void Figures_not_in_the_sheet_are_marked_illustrative_with_confidence_U()
    {
        foreach (var code in new[] { 102535, 560011, 301011 })
            Assert.All(Rules.FeesOf(code), f => Assert.True(f.Origin.Illustrative && f.Origin.Confidence == Confidence.U, $"fee of {code}"));
        Assert.All(Rules.FeesOf(103412).Where(f => f.From.Year < 2025),
            f => Assert.True(f.Origin.Illustrative && f.Origin.Confidence == Confidence.U));
        Assert.All(Rules.FeesOf(103412).Where(f => f.From.Year >= 2025), f => Assert.False(f.Origin.Illustrative));
        foreach (var scheme in new[] { "physiotherapy" })
            Assert.All(Rules.Scheme(scheme).Rows, r => Assert.True(r.Origin.Illustrative));
        Assert.All(Rules.Schemes.SelectMany(s => s.Rows).Where(r => r.Origin.Illustrative),
            r => Assert.Equal(Confidence.U, r.Origin.Confidence));
    }
}
