namespace Engine.Host.Tests.CalcReimbursement;

public sealed class CalcReimbursementTests : IDisposable
{
    private static readonly string Root = FindRoot();
    private static readonly string Fixtures = Path.Combine(Root, "tests", "Engine.Host.Tests", "CalcReimbursement");
    private readonly string _tmp = Path.Combine(Path.GetTempPath(), "calc-reimb-" + Guid.NewGuid().ToString("N"));

    public CalcReimbursementTests()
    {
        Directory.CreateDirectory(_tmp);
        File.Copy(Path.Combine(Fixtures, "claims.csv"), Path.Combine(_tmp, "claims.csv"));
        File.Copy(Path.Combine(Fixtures, "beneficiaries.csv"), Path.Combine(_tmp, "beneficiaries.csv"));
    }

    public void Dispose() => Directory.Delete(_tmp, recursive: true);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Engine.sln"))) return dir.FullName;
        throw new InvalidOperationException("cannot find Engine.sln");
    }

    private string Tmp(string name) => Path.Combine(_tmp, name);

    private (int Code, string Out, string Err) Run(params string[] extra)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        string[] args =
        [
            "calc", "reimbursement", "--claims", Tmp("claims.csv"), "--beneficiaries", Tmp("beneficiaries.csv"),
            "--out", Tmp("results.csv"), "--rules", Path.Combine(Root, "rules"), .. extra,
        ];
        var code = Program.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Results_match_the_hand_worked_file_byte_for_byte()
    {
        var (code, _, _) = Run();
        Assert.Equal(0, code);
        var expected = File.ReadAllBytes(Path.Combine(Fixtures, "expected-results.csv"));
        var actual = File.ReadAllBytes(Tmp("results.csv"));
        Assert.Equal(System.Text.Encoding.UTF8.GetString(expected), System.Text.Encoding.UTF8.GetString(actual));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Each_malformed_row_is_reported_with_its_line_and_column_and_the_others_go_through()
    {
        var (code, stdout, stderr) = Run();
        Assert.Equal(0, code);
        Assert.Contains("claims.csv:9: line L8: code 101076 has no rule on 2022-12-31 (the rules cover it 2023-01-01 to 2026-12-31)", stderr);
        Assert.Contains("claims.csv:10: column 'service_date': '2025-13-01' is not a date yyyy-MM-dd", stderr);
        Assert.Contains("claims.csv:11: column 'billed_amount': '32.845' is not an amount in euros", stderr);
        Assert.Contains("claims.csv:12: column 'beneficiary_id': 'B9' is not in", stderr);
        Assert.Contains("beneficiaries.csv:6: column 'birth_date': '1980-02-30' is not a date yyyy-MM-dd", stderr);
        Assert.Contains("claims.csv:13: column 'beneficiary_id': the record of 'B5'", stderr);
        Assert.Contains("claims.csv:15: column 'channel': 'fax' is not efact or eattest", stderr);
        Assert.Contains("claims.csv:16: column 'billed_amount': is missing", stderr);
        Assert.Contains("calc reimbursement: 20 line(s), 12 accepted, 8 rejected", stdout);
    }

    [Fact]
    public void Explain_prints_each_line_in_plain_words_with_its_sources()
    {
        var (code, stdout, _) = Run("--explain");
        Assert.Equal(0, code);
        Assert.Contains("line L1 (", stdout);
        Assert.Contains("accepted: fee 32.84, insurer 28.84 to the provider, personal share 4.00, supplement 0.00", stdout);
        Assert.Contains("[fee.101076] fee 32.84 per unit (2025-01-01 to 2025-12-31) x quantity 1 = 32.84 — Domus Medica, conventieakkoord [S] (rules/reimbursement/fees.csv:", stdout);
        Assert.Contains("line L5 (", stdout);
        Assert.Contains("supplement 1.27 flagged for control (bim_supplement_forbidden)", stdout);
        Assert.Contains("BIM (right granted with a social benefit: BIM avantages)", stdout);
        Assert.Contains("line L19 (", stdout);
        Assert.Contains("below the agreement fee 32.84", stdout);
        Assert.Contains("line L20 (", stdout);
        Assert.Contains("listed public price 20.00 per pack (category A, pack of 30", stdout);
        Assert.Contains("line L9 (", stdout);
        Assert.Contains("column 'service_date' '2025-13-01' is not a date yyyy-MM-dd", stdout);
        // explaining does not change the results
        Assert.Equal(File.ReadAllBytes(Path.Combine(Fixtures, "expected-results.csv")), File.ReadAllBytes(Tmp("results.csv")));
    }

    [Fact]
    public void A_missing_claims_file_is_a_one_line_error_with_exit_code_2()
    {
        File.Delete(Tmp("claims.csv"));
        var (code, _, stderr) = Run();
        Assert.Equal(2, code);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains("claims file not found", stderr);
        Assert.False(File.Exists(Tmp("results.csv")));
    }

    [Fact]
    public void A_missing_beneficiaries_file_is_a_one_line_error_with_exit_code_2()
    {
        File.Delete(Tmp("beneficiaries.csv"));
        var (code, _, stderr) = Run();
        Assert.Equal(2, code);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains("beneficiaries file not found", stderr);
    }

    [Fact]
    public void A_wrong_header_is_a_one_line_error_with_exit_code_2()
    {
        var text = File.ReadAllText(Tmp("claims.csv")).Replace(",channel,referral\n", ",channel,referal\n");
        File.WriteAllText(Tmp("claims.csv"), text);
        var (code, _, stderr) = Run();
        Assert.Equal(2, code);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains("wrong header: missing column(s) referral; unknown column(s) referal", stderr);
    }

    [Fact]
    public void A_wrong_beneficiaries_header_is_a_one_line_error_with_exit_code_2()
    {
        File.WriteAllText(Tmp("beneficiaries.csv"), "beneficiary_id,birth_date,bim\nB1,1990-05-01,false\n");
        var (code, _, stderr) = Run();
        Assert.Equal(2, code);
        Assert.Contains("wrong header: missing column(s) dmg", stderr);
    }

    [Fact]
    public void A_claims_file_with_only_its_header_gives_a_results_file_with_only_its_header()
    {
        File.WriteAllText(Tmp("claims.csv"), "line_id,beneficiary_id,service_date,code,quantity,billed_amount,provider_id,provider_conventioned,channel,referral\n");
        var (code, _, _) = Run();
        Assert.Equal(0, code);
        Assert.Equal("line_id,fee,insurer_amount,personal_share,supplement,payee,status,reason,rules,supplement_flag\n", File.ReadAllText(Tmp("results.csv")));
    }

    [Fact]
    public void Columns_may_come_in_any_order()
    {
        File.WriteAllText(Tmp("claims.csv"),
            "referral,channel,provider_conventioned,provider_id,billed_amount,quantity,code,service_date,beneficiary_id,line_id\n" +
            "false,efact,true,P1,32.84,1,101076,2025-03-10,B1,L1\n");
        var (code, _, _) = Run();
        Assert.Equal(0, code);
        Assert.EndsWith("L1,32.84,28.84,4.00,0.00,provider,accepted,,fee.101076|share.gp.dmg.ordinary,\n", File.ReadAllText(Tmp("results.csv")));
    }

    [Fact]
    public void Beneficiaries_without_the_added_bim_kind_column_still_read_and_a_bad_kind_is_reported()
    {
        // Without bim_kind a BIM beneficiary reads as BIM avantages: B4's 2025 supplement (L17) is flagged all the same.
        File.WriteAllText(Tmp("beneficiaries.csv"), "beneficiary_id,birth_date,bim,dmg\nB1,1990-05-01,false,true\nB4,1980-01-01,true,true\n");
        File.WriteAllText(Tmp("claims.csv"),
            "line_id,beneficiary_id,service_date,code,quantity,billed_amount,provider_id,provider_conventioned,channel,referral\n" +
            "L17,B4,2025-03-10,101076,1,40.00,P2,false,efact,false\n");
        var (code, _, _) = Run();
        Assert.Equal(0, code);
        Assert.EndsWith("L17,32.84,31.84,1.00,7.16,provider,accepted,,fee.101076|supplement.bim_avantages_forbidden|share.gp.dmg.bim,bim_supplement_forbidden\n",
            File.ReadAllText(Tmp("results.csv")));

        File.WriteAllText(Tmp("beneficiaries.csv"), "beneficiary_id,birth_date,bim,dmg,bim_kind\nB4,1980-01-01,true,true,automatic\nB1,1990-05-01,false,true,enquiry\n");
        var (_, _, stderr) = Run();
        Assert.Contains("beneficiaries.csv:2: column 'bim_kind': 'automatic' is not avantages, enquiry or empty", stderr);
        Assert.Contains("beneficiaries.csv:3: column 'bim_kind': 'enquiry' is given for a beneficiary who is not BIM", stderr);
    }
}
