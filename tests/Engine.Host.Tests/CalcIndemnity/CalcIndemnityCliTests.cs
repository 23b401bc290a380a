namespace Engine.Host.Tests.CalcIndemnity;

/// <summary>The fixed command-line contract of `engine calc indemnity`.</summary>
public class CalcIndemnityCliTests
{
    private const string Good = "A,incapacity,worker,true,2023-03-01,,100.00,isolated,2023-03-01,2023-03-31";

    [Fact]
    public void A_missing_cases_file_is_a_one_line_error_with_exit_2()
    {
        using var cli = new CliRunner();
        var (exit, _, stderr) = cli.Run("calc", "indemnity", "--cases", Path.Combine(cli.Folder, "nope.csv"), "--out", cli.OutPath,
            "--rules", RepositoryRules.Directory);
        Assert.Equal(2, exit);
        Assert.Contains("nope.csv", stderr);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(File.Exists(cli.OutPath));
    }

    [Fact]
    public void A_wrong_header_is_a_one_line_error_with_exit_2()
    {
        using var cli = new CliRunner();
        File.WriteAllText(cli.CasesPath, "case_id,kind,regime,first_day\nA,incapacity,worker,2023-03-01\n");
        var (exit, _, stderr) = cli.Run("calc", "indemnity", "--cases", cli.CasesPath, "--out", cli.OutPath, "--rules", RepositoryRules.Directory);
        Assert.Equal(2, exit);
        Assert.Contains("wrong header", stderr);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Columns_in_another_order_are_a_wrong_header()
    {
        using var cli = new CliRunner();
        File.WriteAllText(cli.CasesPath,
            "kind,case_id,regime,regular_worker,first_day,last_day,daily_wage,family_status,period_start,period_end\n");
        var (exit, _, _) = cli.Run("calc", "indemnity", "--cases", cli.CasesPath, "--out", cli.OutPath, "--rules", RepositoryRules.Directory);
        Assert.Equal(2, exit);
    }

    [Fact]
    public void A_missing_rules_folder_is_a_one_line_error_with_exit_2()
    {
        using var cli = new CliRunner();
        File.WriteAllText(cli.CasesPath, CliRunner.Header + "\n" + Good + "\n");
        var (exit, _, stderr) = cli.Run("calc", "indemnity", "--cases", cli.CasesPath, "--out", cli.OutPath,
            "--rules", Path.Combine(cli.Folder, "no-rules"));
        Assert.Equal(2, exit);
        Assert.Contains("no-rules", stderr);
    }

    [Fact]
    public void A_missing_option_is_a_one_line_error_with_exit_2()
    {
        using var cli = new CliRunner();
        var (exit, _, stderr) = cli.Run("calc", "indemnity", "--out", cli.OutPath);
        Assert.Equal(2, exit);
        Assert.Contains("--cases", stderr);
    }

    [Fact]
    public void Malformed_rows_are_reported_with_line_and_column_and_the_others_go_through()
    {
        using var cli = new CliRunner();
        var (exit, stdout, stderr) = cli.RunCases(
            Good,                                                                                // line 2
            "B,incapacity,employee,true,2023-02-30,,100.00,isolated,2023-03-01,2023-03-31",       // line 3: bad date
            "C,incapacity,worker,true,2023-03-01,,abc,isolated,2023-03-01,2023-03-31",            // line 4: bad wage
            "D,sickness,worker,true,2023-03-01,,100.00,isolated,2023-03-01,2023-03-31",           // line 5: bad kind
            "E,incapacity,worker,true,2023-03-01,,100.00,single,2023-03-01,2023-03-31",           // line 6: bad family
            "F,incapacity,worker,true,2023-03-01,,100.00,isolated,2023-03-01",                    // line 7: 9 fields
            "G,incapacity,self_employed,,2023-03-01,,100.00,isolated,2023-03-01,2023-03-31",      // line 8: wage for self-employed
            "H,incapacity,worker,true,2023-03-01,,100.00,isolated,2023-03-31,2023-03-01",         // line 9: period reversed
            "I,incapacity,worker,true,2023-03-01,,100.00,isolated,2023-03-01,2023-03-31");        // line 10
        Assert.Equal(0, exit);
        var errors = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(7, errors.Length);
        Assert.Contains(errors, e => e.Contains("cases.csv:3:") && e.Contains("column 'first_day'") && e.Contains("2023-02-30"));
        Assert.Contains(errors, e => e.Contains("cases.csv:4:") && e.Contains("column 'daily_wage'"));
        Assert.Contains(errors, e => e.Contains("cases.csv:5:") && e.Contains("column 'kind'"));
        Assert.Contains(errors, e => e.Contains("cases.csv:6:") && e.Contains("column 'family_status'"));
        Assert.Contains(errors, e => e.Contains("cases.csv:7:") && e.Contains("9 fields"));
        Assert.Contains(errors, e => e.Contains("cases.csv:8:") && e.Contains("column 'daily_wage'"));
        Assert.Contains(errors, e => e.Contains("cases.csv:9:") && e.Contains("column 'period_end'"));
        Assert.Contains("2 case(s) computed, 7 row(s) rejected", stdout);
        var lines = cli.ResultLines();
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("A,15,60.00,900.00,99.99,800.01,", lines[1]);
        Assert.StartsWith("I,15,60.00,900.00,99.99,800.01,", lines[2]);
    }

    [Fact]
    public void A_case_outside_the_rules_coverage_is_reported_naming_parameter_and_date()
    {
        using var cli = new CliRunner();
        var (exit, _, stderr) = cli.RunCases(
            "X,incapacity,employee,true,2026-01-05,,100.00,isolated,2026-03-02,2026-03-07",
            Good);
        Assert.Equal(0, exit);
        // The ceiling of 2026 starts is not in the sheet (s9.2): refused, naming the parameter and the first day.
        Assert.Contains("cases.csv:2: case X: no rule value for 'indemnity.wage.ceiling' on 2026-01-05", stderr);
        Assert.Equal(2, cli.ResultLines().Length);
    }

    [Fact]
    public void Output_is_byte_identical_run_after_run_with_unix_line_ends()
    {
        using var cli = new CliRunner();
        cli.RunCases(Good, "S,incapacity,self_employed,,2023-09-04,2023-09-11,,isolated,2023-09-01,2023-09-30");
        var first = File.ReadAllBytes(cli.OutPath);
        cli.RunCases(Good, "S,incapacity,self_employed,,2023-09-04,2023-09-11,,isolated,2023-09-01,2023-09-30");
        Assert.Equal(first, File.ReadAllBytes(cli.OutPath));
        Assert.DoesNotContain((byte)'\r', first);
        // For Excel: a UTF-8 BOM first (docs/reports.md).
        Assert.Equal(
            "\uFEFFcase_id,paid_days,daily_amount,gross,withholding,net,rules\n" +
            "A,15,60.00,900.00,99.99,800.01,IND-GUARANTEED-SALARY|IND-WAGE|IND-CEILING|IND-PRIMARY-RATE|IND-SUNDAY|IND-DAYS|IND-GROSS|IND-WITHHOLDING|IND-NET\n" +
            "S,7,59.37,415.59,46.17,369.42,IND-OUTSIDE-CASE|IND-SELF-WAITING|IND-SELF-FLAT|IND-SUNDAY|IND-DAYS|IND-GROSS|IND-WITHHOLDING|IND-NET\n",
            System.Text.Encoding.UTF8.GetString(first));
    }
}
