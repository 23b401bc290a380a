using Engine.Core.Rules;
using Engine.Jobs.Rules.Reimbursement;

namespace Engine.Jobs.Tests.Rules.Reimbursement;

/// <summary>Each defect of a reimbursement rule file fails the load, naming file, line and the reason.</summary>
public sealed class LoaderCheckTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "reimb-rules-" + Guid.NewGuid().ToString("N"));
    private string Dir => Path.Combine(_root, "reimbursement");

    public LoaderCheckTests()
    {
        Directory.CreateDirectory(Dir);
        foreach (var f in Directory.GetFiles(Path.Combine(RepoFiles.Rules, "reimbursement")))
            File.Copy(f, Path.Combine(Dir, Path.GetFileName(f)));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Edit(string file, string from, string to)
    {
        var path = Path.Combine(Dir, file);
        var text = File.ReadAllText(path);
        Assert.Contains(from, text);
        File.WriteAllText(path, text.Replace(from, to));
    }

    /// <summary>The line number (1-based) of the first line of a shipped file holding a text.</summary>
    private int LineOf(string file, string text) =>
        Array.FindIndex(File.ReadAllLines(Path.Combine(Dir, file)), l => l.Contains(text, StringComparison.Ordinal)) + 1;

    private RuleLoadException Fails() => Assert.Throws<RuleLoadException>(() => ReimbursementRuleFiles.Load(_root));

    [Fact]
    public void The_shipped_copy_loads() => Assert.NotNull(ReimbursementRuleFiles.Load(_root));

    [Fact]
    public void A_rules_folder_without_reimbursement_gives_no_tables()
    {
        Directory.Delete(Dir, recursive: true);
        Assert.Null(ReimbursementRuleFiles.Load(_root));
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        File.Delete(Path.Combine(Dir, "shares.csv"));
        Assert.Contains("rules/reimbursement/shares.csv: rule file is missing", Fails().Message);
    }

    [Fact]
    public void A_gap_between_the_fees_of_a_code_is_refused()
    {
        Edit("fees.csv", "101076,2024-01-01,2024-12-31,31.98,", "101076,2024-01-01,2024-06-30,31.98,");
        var e = Fails();
        Assert.Contains($"rules/reimbursement/fees.csv:{LineOf("fees.csv", "101076,2025-01-01")}", e.Message);
        Assert.Contains("'fee of code 101076' has a gap from 2024-07-01 to 2024-12-31", e.Message);
    }

    [Fact]
    public void An_overlap_between_the_fees_of_a_code_is_refused()
    {
        Edit("fees.csv", "101076,2025-01-01,2025-12-31", "101076,2024-12-01,2025-12-31");
        var e = Fails();
        Assert.Contains("'fee of code 101076' overlaps", e.Message);
        Assert.Contains("rules/reimbursement/fees.csv:", e.Message);
    }

    [Fact]
    public void An_unknown_column_is_refused()
    {
        Edit("fees.csv", "code,from,to,fee,confidence,source,illustrative,note", "code,from,to,fee,confidence,source,illustrative,notes");
        Assert.Contains("unknown column 'notes'", Fails().Message);
    }

    [Fact]
    public void An_amount_with_three_decimals_is_refused()
    {
        Edit("fees.csv", ",32.84,", ",32.845,");
        var e = Fails();
        Assert.Contains($"rules/reimbursement/fees.csv:{LineOf("fees.csv", "32.845")}", e.Message);
        Assert.Contains("'32.845' is not an amount in euros", e.Message);
    }

    [Fact]
    public void A_percentage_with_three_decimals_is_refused()
    {
        Edit("shares.csv", "percent,,,25,12.10", "percent,,,25.125,12.10");
        Assert.Contains("is not a percentage from 0 to 100 with at most two decimals", Fails().Message);
    }

    [Fact]
    public void A_parameter_in_euros_with_three_decimals_is_refused()
    {
        Edit("parameters.csv", "25630.67", "25630.675");
        Assert.Contains("more than two decimals", Fails().Message);
    }

    [Fact]
    public void A_scheme_that_leaves_a_situation_without_a_row_is_refused()
    {
        var line = File.ReadAllLines(Path.Combine(Dir, "shares.csv")).Single(l => l.StartsWith("gp_consultation,share.gp.nodmg.ordinary,"));
        Edit("shares.csv", line + "\n", "");
        var e = Fails();
        Assert.Contains("share scheme 'gp_consultation' has no row for bim=false, dmg=false, dmg_with_provider=false", e.Message);
        Assert.Contains("on 2011-12-01", e.Message);
    }

    [Fact]
    public void A_row_that_can_never_apply_is_refused()
    {
        var lines = File.ReadAllLines(Path.Combine(Dir, "shares.csv")).ToList();
        int general = lines.FindIndex(l => l.StartsWith("specialist,share.spec.ordinary,"));
        int referral = lines.FindIndex(l => l.StartsWith("specialist,share.spec.referral.ordinary,"));
        (lines[general], lines[referral]) = (lines[referral], lines[general]);
        File.WriteAllLines(Path.Combine(Dir, "shares.csv"), lines);
        var e = Fails();
        Assert.Contains($"rules/reimbursement/shares.csv:{general + 1}: row 'share.spec.referral.ordinary' of share scheme 'specialist' never applies", e.Message);
    }

    [Fact]
    public void Fees_outside_their_scheme_s_dates_are_refused()
    {
        Edit("shares.csv", "physiotherapy,share.physio.bim,2023-01-01", "physiotherapy,share.physio.bim,2024-01-01");
        Edit("shares.csv", "physiotherapy,share.physio.ordinary,2023-01-01", "physiotherapy,share.physio.ordinary,2024-01-01");
        var e = Fails();
        Assert.Contains("code 560011: its fee 2023-01-01 to 2026-12-31 reaches dates share scheme 'physiotherapy' does not cover (from 2024-01-01 on)", e.Message);
    }

    [Fact]
    public void A_code_naming_an_unknown_scheme_is_refused()
    {
        Edit("codes.csv", "physiotherapy,physiotherapy,U", "physiotherapy,physio,U");
        Assert.Contains($"rules/reimbursement/codes.csv:{LineOf("codes.csv", "560011")}: code 560011 names share scheme 'physio', which has no row", Fails().Message);
    }

    [Fact]
    public void A_code_written_twice_with_and_without_the_leading_zero_is_refused()
    {
        File.AppendAllText(Path.Combine(Dir, "codes.csv"), "0101076,Again,gp_consultation,gp_consultation,S,x,false,\n");
        Assert.Contains("code 101076 is already defined at rules/reimbursement/codes.csv:", Fails().Message);
    }

    [Fact]
    public void A_code_without_fee_is_refused()
    {
        File.AppendAllText(Path.Combine(Dir, "codes.csv"), "101010,GP consultation,gp_consultation,gp_consultation,U,x,true,\n");
        Assert.Contains("code 101010 has no fee", Fails().Message);
    }

    [Fact]
    public void A_condition_other_than_true_false_or_empty_is_refused()
    {
        Edit("shares.csv", "gp_consultation,share.gp.dmg.bim,2011-12-01,,true,", "gp_consultation,share.gp.dmg.bim,2011-12-01,,yes,");
        Assert.Contains("column 'bim' = 'yes' is not true, false or empty (any)", Fails().Message);
    }

    [Fact]
    public void A_cell_that_means_nothing_for_the_method_is_refused()
    {
        Edit("shares.csv", "fixed,12.00,,,,,S,artsenkrant.com", "fixed,12.00,,20,,,S,artsenkrant.com");
        Assert.Contains("column 'percent' = '20' has no meaning for method 'fixed'", Fails().Message);
    }

    [Fact]
    public void A_minimum_share_outside_the_percent_method_is_refused()
    {
        Edit("shares.csv", "fixed,12.00,,,,,S,artsenkrant.com", "fixed,12.00,,,,2.00,S,artsenkrant.com");
        Assert.Contains("column 'min' = '2.00' has no meaning for method 'fixed'", Fails().Message);
    }

    [Fact]
    public void A_minimum_share_above_the_cap_is_refused()
    {
        Edit("shares.csv", "percent,,,25,12.10,2.00,S", "percent,,,25,12.10,13.00,S");
        var e = Fails();
        Assert.Contains($"rules/reimbursement/shares.csv:{LineOf("shares.csv", "percent,,,25,12.10,13.00,S")}", e.Message);
        Assert.Contains("minimum 13.00 per unit is for method 'percent' only, of zero or more and not above the cap", e.Message);
    }

    [Fact]
    public void A_share_row_asking_both_at_agreement_fee_and_conventioned_is_refused()
    {
        // §9.7: "at agreement fees" holds whether the provider is conventionné or not
        Edit("shares.csv", "specialist,share.spec.bim_young_dmg,2023-10-01,,true,true,,,,true,", "specialist,share.spec.bim_young_dmg,2023-10-01,,true,true,,,true,true,");
        Assert.Contains("a row takes 'at_agreement_fee' or 'conventioned', not both", Fails().Message);
    }

    [Fact]
    public void An_at_agreement_fee_cell_other_than_true_false_or_empty_is_refused()
    {
        Edit("shares.csv", "specialist,share.spec.bim_young_dmg,2023-10-01,,true,true,,,,true,", "specialist,share.spec.bim_young_dmg,2023-10-01,,true,true,,,,yes,");
        Assert.Contains("column 'at_agreement_fee' = 'yes' is not true, false or empty (any)", Fails().Message);
    }

    [Fact]
    public void A_fee_equal_to_the_billed_amount_is_refused()
    {
        Edit("fees.csv", "560011,2023-01-01,2026-12-31,27.50,", "560011,2023-01-01,2026-12-31,billed,");
        Assert.Contains("column 'fee' = 'billed': a fee is never the billed amount; a medicine is priced from medicines.csv", Fails().Message);
    }

    [Fact]
    public void A_medicine_of_an_unknown_category_is_refused()
    {
        Edit("medicines.csv", ",20.00,Cx,30,U,", ",20.00,D,30,U,");
        var e = Fails();
        Assert.Contains($"rules/reimbursement/medicines.csv:{LineOf("medicines.csv", ",20.00,D,30,U,")}", e.Message);
        Assert.Contains("column 'category' = 'D' is not one of A, B, C, Cs, Cx", e.Message);
    }

    [Fact]
    public void A_gap_between_the_listings_of_a_pack_is_refused()
    {
        Edit("medicines.csv", "9990066,\"Proton-pump inhibitor, 56 tablets (illustrative CNK)\",2026-01-01", "9990066,\"Proton-pump inhibitor, 56 tablets (illustrative CNK)\",2026-02-01");
        Assert.Contains("'fee of code 9990066' has a gap from 2026-01-01 to 2026-01-31", Fails().Message);
    }

    [Fact]
    public void A_pack_without_units_is_refused()
    {
        Edit("medicines.csv", ",50.00,B,30,U,", ",50.00,B,0,U,");
        Assert.Contains("column 'pack_size' = 0 is not a number of units of one or more", Fails().Message);
    }

    [Fact]
    public void A_pack_code_also_in_the_nomenclature_is_refused()
    {
        File.AppendAllText(Path.Combine(Dir, "medicines.csv"), "560011,\"Physio as a pack\",2023-01-01,,5.00,A,1,U,x,true,\n");
        Assert.Contains("code 560011 is already defined at rules/reimbursement/codes.csv:", Fails().Message);
    }

    [Fact]
    public void A_missing_medicines_list_is_named()
    {
        File.Delete(Path.Combine(Dir, "medicines.csv"));
        Assert.Contains("rules/reimbursement/medicines.csv: rule file is missing", Fails().Message);
    }

    [Fact]
    public void A_bim_avantages_cell_other_than_true_false_or_empty_is_refused()
    {
        Edit("supplements.csv", "supplement.bim_avantages_forbidden,2025-01-01,,true,true,", "supplement.bim_avantages_forbidden,2025-01-01,,true,maybe,");
        Assert.Contains("column 'bim_avantages' = 'maybe' is not true, false or empty (any)", Fails().Message);
    }

    [Fact]
    public void An_unknown_reason_code_is_refused()
    {
        Edit("supplements.csv", ",false,bim_supplement_forbidden,", ",false,bim_forbidden,");
        Assert.Contains("column 'reason' = 'bim_forbidden' is not a known reason code", Fails().Message);
    }

    [Fact]
    public void A_supplement_table_with_a_hole_is_refused()
    {
        Edit("supplements.csv", "supplement.deconventioned,2011-12-01,,,,false,true", "supplement.deconventioned,2011-12-01,2030-12-31,,,false,true");
        Assert.Contains("the supplement table has no row for bim=false, bim_avantages=false, conventioned=false on 2031-01-01", Fails().Message);
    }

    [Fact]
    public void An_illustrative_flag_other_than_true_or_false_is_refused()
    {
        Edit("fees.csv", "illustrative: specialist fees are not in the sheet\",true,", "illustrative: specialist fees are not in the sheet\",maybe,");
        Assert.Contains("column 'illustrative' = 'maybe' is not true or false", Fails().Message);
    }
}
