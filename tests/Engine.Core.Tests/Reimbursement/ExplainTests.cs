using Engine.Core.Reimbursement;
using NodaTime;

namespace Engine.Core.Tests.Reimbursement;

using Money = global::Engine.Core.Money.Money;

public class ExplainTests
{
    private static readonly ReimbursementRules Rules = ShippedRules.Reimbursement;
    private static readonly BeneficiarySituation Ordinary = new(new LocalDate(1990, 5, 1), Bim: false, HasDmg: true);

    private static CareLine Gp(LocalDate date, decimal billed, bool conventioned = true) =>
        new(101076, date, 1, Money.FromEuros(billed), conventioned, Channel.Efact, Referral: false, DmgWithProvider: true);

    [Fact]
    public void A_date_before_the_rules_names_the_code_and_the_date()
    {
        var line = Gp(new LocalDate(2022, 12, 31), 27.25m);
        var steps = ReimbursementKernel.Explain(in line, in Ordinary, Rules, out var result);
        Assert.Equal(ReasonCode.CodeNotValidOnDate, result.Reason);
        var text = string.Join("\n", steps);
        Assert.Contains("code 101076 has no rule on 2022-12-31", text);
        Assert.Contains("2023-01-01 to 2026-12-31", text);
    }

    [Fact]
    public void Each_dated_figure_is_explained_with_its_source_file_line_and_confidence()
    {
        // 2025 GP consultation, ordinary with DMG: fee 32.84 (fees.csv, Domus Medica, S), share 4.00 (shares.csv, S).
        var line = Gp(new LocalDate(2025, 3, 10), 32.84m);
        var steps = ReimbursementKernel.Explain(in line, in Ordinary, Rules);
        var fee = Assert.Single(steps, s => s.RuleId == "fee.101076");
        Assert.Contains("fee 32.84 per unit (2025-01-01 to 2025-12-31) x quantity 1 = 32.84", fee.Text);
        Assert.NotNull(fee.Origin);
        Assert.Equal("rules/reimbursement/fees.csv", fee.Origin!.File);
        Assert.Equal(Core.Rules.Confidence.S, fee.Origin.Confidence);
        Assert.Contains("Domus Medica", fee.Origin.Source);
        var share = Assert.Single(steps, s => s.RuleId == "share.gp.dmg.ordinary");
        Assert.Contains("fixed 4.00 x quantity 1", share.Text);
        Assert.Equal("rules/reimbursement/shares.csv", share.Origin!.File);
        Assert.Contains(steps, s => s.RuleId == "insurer" && s.Text.Contains("32.84 - personal share 4.00 = 28.84"));
        Assert.Contains(steps, s => s.RuleId == "payee" && s.Text.Contains("to the provider"));
    }

    [Fact]
    public void A_forbidden_supplement_is_flagged_for_control_and_the_line_paid_at_the_insurer_s_part()
    {
        // 2026, BIM after an income enquiry, DMG at this déconventionné GP: fee 33.73, billed 35.00 -> supplement 1.27,
        // forbidden for every BIM from 2026-01-01; share 1.00, insurer 33.73 - 1.00 = 32.73, paid as usual.
        var bim = new BeneficiarySituation(new LocalDate(1980, 1, 1), Bim: true, HasDmg: true);
        var line = Gp(new LocalDate(2026, 6, 1), 35.00m, conventioned: false);
        var steps = ReimbursementKernel.Explain(in line, in bim, Rules, out var result);
        Assert.True(result.Accepted);
        Assert.Equal(ReasonCode.None, result.Reason);
        Assert.Equal(ReasonCode.BimSupplementForbidden, result.SupplementFlag);
        Assert.Equal((Money.FromEuros(32.73m), Money.FromEuros(1.00m), Money.FromEuros(1.27m)), (result.InsurerAmount, result.PersonalShare, result.Supplement));
        var step = Assert.Single(steps, s => s.RuleId == "supplement.bim_forbidden");
        Assert.Contains("supplement 1.27: forbidden", step.Text);
        Assert.Contains("flagged for control (bim_supplement_forbidden)", step.Text);
        Assert.Contains("BIM (right granted after an income enquiry)", step.Text);
        Assert.Contains("supplement flagged for control (bim_supplement_forbidden)", steps[^1].Text);
    }

    [Fact]
    public void A_line_billed_below_the_fee_is_explained_as_paid_at_most_the_billed_amount()
    {
        // 2025-01-02, the 2024 fee 31.98 still billed; 2025 fee 32.84, share 4.00: insurer 28.84, share 31.98 - 28.84 = 3.14.
        var line = Gp(new LocalDate(2025, 1, 2), 31.98m);
        var steps = ReimbursementKernel.Explain(in line, in Ordinary, Rules, out var result);
        Assert.True(result.Accepted);
        Assert.Contains(steps, s => s.RuleId == "billed" && s.Text.Contains("below the agreement fee 32.84") && s.Text.Contains("never rejected"));
        Assert.Contains(steps, s => s.RuleId == "insurer" && s.Text.Contains("at most the billed 31.98: 28.84") && s.Text.Contains("31.98 - insurer 28.84 = 3.14"));
    }

    [Fact]
    public void A_medicine_billed_above_its_listed_price_is_explained_with_the_list_row_and_the_flag()
    {
        // Category A pack listed 20.00, billed 5000.00: priced at 20.00, 4980.00 flagged.
        var line = new CareLine(9990011, new LocalDate(2025, 3, 10), 1, Money.FromEuros(5000m), true, Channel.Efact, false, false);
        var steps = ReimbursementKernel.Explain(in line, in Ordinary, Rules, out var result);
        Assert.Equal(ReasonCode.BilledAboveListedPrice, result.SupplementFlag);
        var fee = Assert.Single(steps, s => s.RuleId == "fee.9990011");
        Assert.Contains("listed public price 20.00 per pack (category A, pack of 30", fee.Text);
        Assert.Equal("rules/reimbursement/medicines.csv", fee.Origin!.File);
        Assert.True(fee.Origin.Illustrative);
        Assert.Contains(steps, s => s.RuleId == ReimbursementRules.ListedPriceRuleId && s.Text.Contains("4980.00 above it is flagged for control"));
    }

    [Fact]
    public void Illustrative_figures_say_so()
    {
        var line = new CareLine(102535, new LocalDate(2025, 3, 10), 1, Money.FromEuros(45m), true, Channel.Efact, false, false);
        var fee = Assert.Single(ReimbursementKernel.Explain(in line, in Ordinary, Rules), s => s.RuleId == "fee.102535");
        Assert.True(fee.Origin!.Illustrative);
        Assert.Equal(Core.Rules.Confidence.U, fee.Origin.Confidence);
        Assert.Contains("illustrative", fee.ToString());
    }

    [Fact]
    public void Reason_codes_have_stable_distinct_texts()
    {
        var texts = ReasonCodes.All.Where(r => r != ReasonCode.None).Select(r => r.Text()).ToList();
        Assert.Equal(texts.Count, texts.Distinct().Count());
        Assert.All(texts, t => Assert.Matches("^[a-z_]+$", t));
        Assert.Equal("bim_supplement_forbidden", ReasonCode.BimSupplementForbidden.Text());
        Assert.Equal("code_not_valid_on_date", ReasonCode.CodeNotValidOnDate.Text());
        foreach (var r in ReasonCodes.All.Where(r => r != ReasonCode.None))
            Assert.True(ReasonCodes.TryParse(r.Text(), out var back) && back == r);
    }

    [Theory]
    [InlineData("0101076", 101076)]
    [InlineData("101076", 101076)]
    [InlineData(" 560011 ", 560011)]
    [InlineData("9990022", 9990022)]
    public void Codes_are_read_with_or_without_the_leading_zero(string text, int expected)
    {
        Assert.True(CareCode.TryParse(text, out var code));
        Assert.Equal(expected, code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("00101076")]
    [InlineData("10107a")]
    [InlineData("-101076")]
    [InlineData("0000000")]
    public void Malformed_codes_are_refused(string text) => Assert.False(CareCode.TryParse(text, out _));

    [Theory]
    // born 2000-03-10: 24 the day before the 25th birthday, 25 on it
    [InlineData("2000-03-10", "2025-03-09", 24)]
    [InlineData("2000-03-10", "2025-03-10", 25)]
    // born on 29 February: a year is completed on 1 March of a common year, not on 28 February (§9.7)
    [InlineData("2004-02-29", "2005-02-28", 0)]
    [InlineData("2004-02-29", "2005-03-01", 1)]
    [InlineData("2004-02-29", "2005-02-27", 0)]
    [InlineData("2004-02-29", "2008-02-28", 3)]
    [InlineData("2004-02-29", "2008-02-29", 4)]
    [InlineData("2025-06-01", "2025-03-10", -1)]
    public void Age_on_the_care_date_counts_completed_years(string birth, string on, int expected)
    {
        var who = new BeneficiarySituation(NodaTime.Text.LocalDatePattern.Iso.Parse(birth).Value, false, false);
        Assert.Equal(expected, who.AgeOn(NodaTime.Text.LocalDatePattern.Iso.Parse(on).Value));
    }
}
