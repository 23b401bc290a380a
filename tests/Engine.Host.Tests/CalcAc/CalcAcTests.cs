namespace Engine.Host.Tests.CalcAc;

public sealed class CalcAcTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "calc-ac-" + Guid.NewGuid().ToString("N"));
    private readonly StringWriter _stdout = new(), _stderr = new();

    public CalcAcTests() => Directory.CreateDirectory(_dir);
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string RepositoryRules()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Engine.sln"))) return Path.Combine(dir.FullName, "rules");
        throw new InvalidOperationException("no repository root");
    }

    private string File_(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private int Calc(string requests, string members, params string[] extra) =>
        Program.Run(["calc", "ac", "--requests", File_("requests.csv", requests), "--members", File_("members.csv", members),
            "--out", Path.Combine(_dir, "results.csv"), .. (extra.Contains("--rules") ? extra : [.. extra, "--rules", RepositoryRules()])], _stdout, _stderr);

    private string[] Results() => File.ReadAllText(Path.Combine(_dir, "results.csv")).Split('\n');

    private const string Members =
        "member_id,birth_date,ac_in_order,arrears_months\n" +
        "m1,1985-04-04,true,0\n" +
        "m2,2007-05-10,true,0\n" +
        "m3,1970-01-01,false,30\n" +
        "m4,1970-01-01,false,\n";

    [Fact]
    public void The_golden_requests_of_the_sheet()
    {
        // Example catalogue (belgian-rules.md §6). Decided in date order, written in file order:
        //  sport_event (15.00 each, 3 a year) for m1: 03-01 r2 15.00; 04-01 r3 12.00 (paid 12.00: never above it);
        //    05-01 r4 15.00; 06-01 r1 is the fourth of 2025 -> refused, though first in the file; r2 again -> duplicate.
        //  sport_app (45.00 a year): 02-01 r5 30.00; 07-01 r6 30.00 asked, 15.00 left -> partial 15.00.
        //  orthodontics_child (up to 17): m2 born 2007-05-10 -> 2025-05-09 aged 17: 300.00; 2025-05-10 aged 18: refused.
        //  m3: 30 months of arrears > 24 -> file closed; m4 not in order (arrears unknown) -> not in order.
        //  birth 2025-03-10: premium 350.00, then the voucher for the same birth refused.
        //  r13 has a bad date (line 14) -> refused as malformed; r14's member is unknown.
        //  Granted: r2 r3 r4 r5 r8 r11 (6), partial r6, refused 8; 15 + 12 + 15 + 30 + 15 + 300 + 350 = 737.00 in all.
        var code = Calc(
            "request_id,member_id,advantage,date,amount_paid\n" +
            "r1,m1,sport_event,2025-06-01,20.00\n" +
            "r2,m1,sport_event,2025-03-01,20.00\n" +
            "r3,m1,sport_event,2025-04-01,12.00\n" +
            "r4,m1,sport_event,2025-05-01,20.00\n" +
            "r5,m1,sport_app,2025-02-01,30.00\n" +
            "r6,m1,sport_app,2025-07-01,30.00\n" +
            "r7,m2,orthodontics_child,2025-05-10,300.00\n" +
            "r8,m2,orthodontics_child,2025-05-09,300.00\n" +
            "r9,m3,sport_club,2025-01-05,40.00\n" +
            "r10,m4,sport_club,2025-01-05,40.00\n" +
            "r11,m1,birth_premium,2025-03-10,0.00\n" +
            "r12,m1,birth_voucher,2025-03-10,0\n" +
            "r13,m1,sport_club,2025-13-01,40.00\n" +
            "r14,m9,sport_club,2025-01-05,40.00\n" +
            "r2,m1,sport_event,2025-03-01,20.00\n",
            Members);
        Assert.Equal(0, code);
        var lines = Results();
        Assert.Equal("request_id,granted_amount,status,reason", lines[0]);
        Assert.Equal(
        [
            "r1,0.00,refused,count_reached", "r2,15.00,granted,granted", "r3,12.00,granted,granted", "r4,15.00,granted,granted",
            "r5,30.00,granted,granted", "r6,15.00,partial,yearly_cap_cut", "r7,0.00,refused,age_limit", "r8,300.00,granted,granted",
            "r9,0.00,refused,file_closed", "r10,0.00,refused,contribution_not_in_order", "r11,350.00,granted,granted",
            "r12,0.00,refused,exclusive_already_paid", "r13,0.00,refused,malformed", "r14,0.00,refused,unknown_member", "r2,0.00,refused,duplicate",
        ], lines[1..^1].Select(l => string.Join(",", l.Split(',')[..3]) + "," + l.Split(',', 4)[3].Trim('"').Split(':')[0]));
        Assert.Equal("", lines[^1]); // the file ends with a newline
        Assert.Equal("r6,15.00,partial,\"yearly_cap_cut: flat 45.00 per request, not above the amount paid 30.00, cut to 15.00: 45.00 a year in 2025, 30.00 already paid, 15.00 left; 0.00 left this year\"", lines[6]);
        Assert.Equal("requests.csv:14: column 'date': '2025-13-01' is not a date yyyy-MM-dd", _stderr.ToString().Trim());
        Assert.Contains("15 requests (example catalogue): 6 granted, 1 partial, 8 refused; 737.00 granted in all", _stdout.ToString());
    }

    [Fact]
    public void A_request_in_a_year_the_catalogue_does_not_cover_is_refused_with_the_reason()
    {
        // The example catalogue is that of a 2025 report: 2025-12-31 is paid (50.00 a year), 2026 and 2027 are refused
        // (year_not_covered), never computed on 2025's amounts.
        var code = Calc("request_id,member_id,advantage,date,amount_paid\n" +
                        "y5,m1,sport_club,2025-12-31,80.00\ny6,m1,sport_club,2026-03-01,80.00\ny7,m1,sport_club,2027-03-01,80.00\n", Members);
        Assert.Equal(0, code);
        var lines = Results();
        Assert.StartsWith("y5,50.00,granted,", lines[1]);
        Assert.Equal("y6,0.00,refused,\"year_not_covered: the catalogue of insurer example has no figures for 2026-03-01 (it covers 2024-01-01 to 2025-12-31): refused, never computed on another year's amounts\"", lines[2]);
        Assert.StartsWith("y7,0.00,refused,\"year_not_covered: the catalogue of insurer example has no figures for 2027-03-01", lines[3]);
    }

    [Fact]
    public void A_row_with_too_few_fields_is_refused_and_reported_and_the_others_go_through()
    {
        var code = Calc("request_id,member_id,advantage,date,amount_paid\nq1,m1,sport_medical,2025-02-02\nq2,m1,sport_medical,2025-02-02,10.00\n", Members);
        Assert.Equal(0, code);
        Assert.Equal("requests.csv:2: 4 fields where the header has 5", _stderr.ToString().Trim());
        Assert.Equal("q1,0.00,refused,malformed: requests.csv:2: 4 fields where the header has 5", Results()[1]);
        Assert.Equal("q2,10.00,granted,\"granted: flat 15.00 per request, not above the amount paid 10.00; 5.00 left this year\"", Results()[2]);
    }

    [Fact]
    public void A_defective_member_row_refuses_that_members_requests_with_the_reason()
    {
        var code = Calc("request_id,member_id,advantage,date,amount_paid\nq1,m1,sport_medical,2025-02-02,10.00\n",
            "member_id,birth_date,ac_in_order\nm1,1985-02-30,true\n");
        Assert.Equal(0, code);
        Assert.Equal("members.csv:2: column 'birth_date': '1985-02-30' is not a date yyyy-MM-dd", _stderr.ToString().Trim());
        Assert.StartsWith("q1,0.00,refused,unknown_member: member m1: its members.csv row is defective (members.csv:2", Results()[1]);
    }

    [Fact]
    public void The_same_inputs_give_byte_identical_results()
    {
        const string requests = "request_id,member_id,advantage,date,amount_paid\nq1,m1,sport_app,2025-02-02,\"30.00\"\nq2,m1,sport_app,2025-01-02,20.00\n";
        Assert.Equal(0, Calc(requests, Members));
        var first = File.ReadAllBytes(Path.Combine(_dir, "results.csv"));
        Assert.Equal(0, Calc(requests, Members));
        Assert.Equal(first, File.ReadAllBytes(Path.Combine(_dir, "results.csv")));
    }

    [Fact]
    public void A_missing_file_is_one_line_and_exit_2()
    {
        var code = Program.Run(["calc", "ac", "--requests", Path.Combine(_dir, "nope.csv"), "--members", File_("members.csv", Members),
            "--out", Path.Combine(_dir, "r.csv"), "--rules", RepositoryRules()], _stdout, _stderr);
        Assert.Equal(2, code);
        var err = _stderr.ToString();
        Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: requests.csv: file not found", err);
        Assert.False(File.Exists(Path.Combine(_dir, "r.csv")));
    }

    [Theory]
    [InlineData("request_id,member,advantage,date,amount_paid\n", Members, "error: requests.csv:1: wrong header")]
    [InlineData("request_id,member_id,advantage,amount_paid,date\n", Members, "error: requests.csv:1: wrong header")]
    [InlineData("request_id,member_id,advantage,date,amount_paid\n", "member_id,birth_date\n", "error: members.csv:1: wrong header")]
    [InlineData("", Members, "error: requests.csv: empty file")]
    public void A_wrong_header_is_one_line_and_exit_2(string requests, string members, string expected)
    {
        Assert.Equal(2, Calc(requests, members));
        Assert.StartsWith(expected, _stderr.ToString());
        Assert.Single(_stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void A_missing_option_or_an_unknown_insurer_is_exit_2()
    {
        Assert.Equal(2, Program.Run(["calc", "ac", "--members", "m.csv", "--out", "o.csv"], _stdout, _stderr));
        Assert.Equal("error: --requests is required", _stderr.ToString().Trim());
        var err = new StringWriter();
        Assert.Equal(2, Program.Run(["calc", "ac", "--requests", File_("requests.csv", "request_id,member_id,advantage,date,amount_paid\n"),
            "--members", File_("members.csv", Members), "--out", Path.Combine(_dir, "o.csv"), "--rules", RepositoryRules(), "--insurer", "acme"], _stdout, err));
        Assert.Equal("error: --insurer acme: no such catalogue in rules/complementary/ (insurers: example)", err.ToString().Trim());
    }

    [Fact]
    public void Another_insurers_catalogue_is_chosen_with_insurer()
    {
        // Two insurers: acme (default) pays a sport event 15.00, beta 10.00.
        var rules = Path.Combine(_dir, "rules");
        var header = "advantage,from,to,proof_kind,proof,pay,amount,percent,cost_based,cap_year,units_year,cap_event,cap_lifetime,once_in_lifetime,age_min,age_max,contribution_required,closed_after_arrears_months,waiting_months,exclusive_group,confidence,source\n";
        foreach (var (id, amount) in new[] { ("acme", "15.00"), ("beta", "10.00") })
        {
            Directory.CreateDirectory(Path.Combine(rules, "complementary", id));
            File.WriteAllText(Path.Combine(rules, "complementary", id, "catalogue.csv"),
                header + $"sport_event,2025-01-01,,attestation,x,flat,{amount},,true,,3,,,false,,,true,24,,,I,test\n");
        }
        File.WriteAllText(Path.Combine(rules, "complementary", "insurers.csv"), "insurer,name,default\nacme,Acme,true\nbeta,Beta,false\n");
        const string requests = "request_id,member_id,advantage,date,amount_paid\nq1,m1,sport_event,2025-02-02,20.00\n";
        Assert.Equal(0, Calc(requests, Members, "--rules", rules));
        Assert.StartsWith("q1,15.00,granted", Results()[1]);
        Assert.Equal(0, Calc(requests, Members, "--rules", rules, "--insurer", "beta"));
        Assert.StartsWith("q1,10.00,granted", Results()[1]);
    }

    [Fact]
    public void The_optional_columns_carry_the_birth_event_and_the_AC_start()
    {
        // Voucher for certificate B1 on 2025-05-02, premium for the same certificate on 2025-05-20: refused.
        var code = Calc(
            "request_id,member_id,advantage,date,amount_paid,evidence_reference\nv1,m1,birth_voucher,2025-05-02,0,B1\np1,m1,birth_premium,2025-05-20,0,B1\n",
            "member_id,birth_date,ac_in_order,arrears_months,ac_since\nm1,1990-01-01,true,0,2020-01-01\n");
        Assert.Equal(0, code);
        Assert.StartsWith("v1,500.00,granted", Results()[1]);
        Assert.StartsWith("p1,0.00,refused,\"exclusive_already_paid:", Results()[2]);
    }
}
