namespace Engine.Host.Tests.CalcIndemnity;

/// <summary>
/// The added last columns of cases.csv (the kernel's other inputs) and --explain, through the real command line on the
/// repository's rules. Each input is shown against the same row without it, worked by hand.
/// </summary>
public class CalcIndemnityAddedInputsTests
{
    private const string Fixed = CliRunner.Header;

    /// <summary>Runs one row with the added columns given and returns its results line (without the rules cell).</summary>
    private static string One(string added, string row, string[]? extra = null)
    {
        using var cli = new CliRunner();
        var (exit, _, stderr) = cli.RunCasesWithHeader(Fixed + (added.Length > 0 ? "," + added : ""), [row], extra ?? []);
        Assert.True(exit == 0 && stderr.Length == 0, $"exit {exit}: {stderr}");
        var cells = cli.ResultLines()[1].Split(',');
        return string.Join(',', cells.Take(6));
    }

    [Fact]
    public void A_family_change_within_the_period_changes_the_invalidity_rate_from_its_day()
    {
        // As KernelGoldenTests: start 2022-12-05, invalidity from 2023-12-05, coefficient x 1.02 since 2023-11-01.
        // Mon 12-04 primary 91.80; 12-05, 12-06 family 65 % x 150 x 1.02 = 99.45; from Thu 12-07 cohabitant
        // 40 % x 150 x 1.02 = 61.20 (x3). Gross 91.80 + 198.90 + 183.60 = 474.30; withholding on the primary day only
        // 91.80 x 11.11 % = 10.19898 -> 10.20; net 464.10.
        Assert.Equal("K,6,61.20,474.30,10.20,464.10",
            One("family_changes", "K,incapacity,employee,true,2022-12-05,,150.00,family,2023-12-04,2023-12-09,2023-12-07=cohabitant"));
        // Without the change: 91.80 + 5 x 99.45 = 589.05; net 589.05 - 10.20 = 578.85.
        Assert.Equal("K,6,99.45,589.05,10.20,578.85",
            One("family_changes", "K,incapacity,employee,true,2022-12-05,,150.00,family,2023-12-04,2023-12-09,"));
    }

    [Fact]
    public void A_short_contract_makes_the_insurer_pay_an_employee_from_day_15()
    {
        // Employé from Mon 2025-03-03: day 15 = Mon 03-17. Short contract: 03-17..03-22 = 6 x 60 % x 100 = 360.00;
        // x 11.11 % = 39.996 -> 40.00; net 320.00. Without: days 1-30 are the employer's: nothing.
        Assert.Equal("E,6,60.00,360.00,40.00,320.00",
            One("short_contract", "E,incapacity,employee,true,2025-03-03,,100.00,isolated,2025-03-17,2025-03-22,true"));
        Assert.Equal("E,0,0.00,0.00,0.00,0.00",
            One("short_contract", "E,incapacity,employee,true,2025-03-03,,100.00,isolated,2025-03-17,2025-03-22,false"));
    }

    [Fact]
    public void An_unemployed_mother_is_paid_79_5_percent_of_the_capped_wage_for_days_1_to_30()
    {
        // Rest from Mon 2025-03-03, wage 200. Unemployed: 79.5 % x ceiling 183.1351 = 145.5924045 -> 145.59; 6 days =
        // 873.54; x 11.11 % = 97.050294 -> 97.05; net 776.49. Under contract: 82 % x 200 (uncapped) = 164.00; 6 x = 984.00;
        // x 11.11 % = 109.3224 -> 109.32; net 874.68.
        Assert.Equal("M,6,145.59,873.54,97.05,776.49",
            One("unemployed", "M,maternity,employee,true,2025-03-03,,200.00,family,2025-03-03,2025-03-08,true"));
        Assert.Equal("M,6,164.00,984.00,109.32,874.68",
            One("unemployed", "M,maternity,employee,true,2025-03-03,,200.00,family,2025-03-03,2025-03-08,"));
    }

    [Fact]
    public void A_multiple_birth_extends_the_rest_to_19_weeks()
    {
        // Rest from Mon 2025-03-03: 15 weeks end Sun 2025-06-15, 19 weeks end Sun 2025-07-13. Mon 06-16..Sat 06-21:
        // single birth: beyond the rest, nothing; multiple: 6 x 75 % x 100 = 450.00; x 11.11 % = 49.995 -> 50.00; net 400.00.
        Assert.Equal("M,6,75.00,450.00,50.00,400.00",
            One("multiple_birth", "M,maternity,worker,true,2025-03-03,,100.00,isolated,2025-06-16,2025-06-21,true"));
        Assert.Equal("M,0,0.00,0.00,0.00,0.00",
            One("multiple_birth", "M,maternity,worker,true,2025-03-03,,100.00,isolated,2025-06-16,2025-06-21,"));
    }

    [Fact]
    public void A_birth_date_bounds_the_leave_to_four_months()
    {
        // Birth 2025-01-10: the leave must be taken to 2025-05-09. Leave from Mon 05-05: days 1-3 (05-05..05-07)
        // employer; Thu 05-08, Fri 05-09 at 82 % x 100 = 82.00 (164.00); Sat 05-10 outside the window.
        // x 11.11 % = 18.2204 -> 18.22; net 145.78. Without a birth date the leave counts from its first day: 3 paid.
        Assert.Equal("B,2,82.00,164.00,18.22,145.78",
            One("birth_date", "B,birth_leave,employee,true,2025-05-05,,100.00,family,2025-05-05,2025-05-10,2025-01-10"));
        Assert.Equal("B,3,82.00,246.00,27.33,218.67",
            One("birth_date", "B,birth_leave,employee,true,2025-05-05,,100.00,family,2025-05-05,2025-05-10,"));
    }

    [Fact]
    public void A_relapse_is_paid_from_day_1_within_the_window_and_during_a_resumption()
    {
        // Relapse Mon 2025-03-17, 10 days after an incapacity ended 2025-03-07 (at most 14 in 2025): 6 x 60.00 = 360.00.
        Assert.Equal("R,6,60.00,360.00,40.00,320.00",
            One("relapse_after_last_day", "R,incapacity,employee,true,2025-03-17,,100.00,isolated,2025-03-17,2025-03-22,2025-03-07"));
        // During a part-time resumption begun 2025-01-06 (within its first 20 weeks in 2025): the same.
        Assert.Equal("R,6,60.00,360.00,40.00,320.00",
            One("relapse_in_resumption_from", "R,incapacity,employee,true,2025-03-17,,100.00,isolated,2025-03-17,2025-03-22,2025-01-06"));
    }

    [Fact]
    public void Added_columns_are_optional_in_any_order_and_all_together()
    {
        using var cli = new CliRunner();
        var (exit, _, stderr) = cli.RunCasesWithHeader(
            Fixed + ",unemployed,relapse_after_last_day,birth_date,multiple_birth,short_contract,family_changes,relapse_in_resumption_from",
            ["M,maternity,employee,true,2025-03-03,,200.00,family,2025-03-03,2025-03-08,true,,,,,,",
             "R,incapacity,employee,true,2025-03-17,,100.00,isolated,2025-03-17,2025-03-22,,2025-03-07,,,,,"]);
        Assert.True(exit == 0 && stderr.Length == 0, stderr);
        var lines = cli.ResultLines();
        Assert.StartsWith("M,6,145.59,873.54,97.05,776.49,", lines[1]);
        Assert.StartsWith("R,6,60.00,360.00,40.00,320.00,", lines[2]);
        Assert.Contains("IND-RELAPSE", lines[2]);
    }

    [Theory]
    [InlineData(",spouse_income")]             // unknown
    [InlineData(",unemployed,unemployed")]     // twice
    [InlineData(",unemployed,period_end")]     // a fixed column again
    public void An_unknown_or_repeated_added_column_is_a_wrong_header(string added)
    {
        using var cli = new CliRunner();
        var (exit, _, stderr) = cli.RunCasesWithHeader(Fixed + added, ["A,incapacity,worker,true,2023-03-01,,100.00,isolated,2023-03-01,2023-03-31,,"]);
        Assert.Equal(2, exit);
        Assert.Contains("wrong header", stderr);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void A_bad_added_cell_is_reported_with_its_column_and_the_others_go_through()
    {
        using var cli = new CliRunner();
        var (exit, stdout, stderr) = cli.RunCasesWithHeader(Fixed + ",family_changes,unemployed,multiple_birth",
        [
            "A,incapacity,worker,true,2023-03-01,,100.00,isolated,2023-03-01,2023-03-31,2023-03-10=single,,",    // line 2
            "B,incapacity,worker,true,2023-03-01,,100.00,isolated,2023-03-01,2023-03-31,,yes,",                 // line 3
            "C,incapacity,worker,true,2023-03-01,,100.00,isolated,2023-03-01,2023-03-31,,true,",                // line 4: not a maternity
            "D,incapacity,worker,true,2023-03-01,,100.00,isolated,2023-03-01,2023-03-31,2023-03-10,,",          // line 5: no status
            "E,incapacity,worker,true,2023-03-01,,100.00,isolated,2023-03-01,2023-03-31,,,",                    // line 6
        ]);
        Assert.Equal(0, exit);
        var errors = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, errors.Length);
        Assert.Contains(errors, e => e.Contains("cases.csv:2:") && e.Contains("column 'family_changes'") && e.Contains("single"));
        Assert.Contains(errors, e => e.Contains("cases.csv:3:") && e.Contains("column 'unemployed'"));
        Assert.Contains(errors, e => e.Contains("cases.csv:4:") && e.Contains("column 'unemployed'") && e.Contains("maternity"));
        Assert.Contains(errors, e => e.Contains("cases.csv:5:") && e.Contains("column 'family_changes'"));
        Assert.Contains("1 case(s) computed, 4 row(s) rejected", stdout);
    }

    [Fact]
    public void Explain_prints_every_step_with_its_origin_and_leaves_the_results_unchanged()
    {
        string[] rows =
        [
            "K,incapacity,employee,true,2022-12-05,,150.00,family,2023-12-04,2023-12-09,2023-12-07=cohabitant",
            "X,incapacity,employee,true,2026-01-05,,100.00,isolated,2026-03-02,2026-03-07,",
        ];
        using var cli = new CliRunner();
        var header = Fixed + ",family_changes";
        cli.RunCasesWithHeader(header, rows);
        var plain = File.ReadAllText(cli.OutPath);
        var (exit, stdout, _) = cli.RunCasesWithHeader(header, rows, "--explain");
        Assert.Equal(0, exit);
        Assert.Equal(plain, File.ReadAllText(cli.OutPath));
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("case K (") && l.Contains("cases.csv:2)") && l.Contains("6 paid day(s), gross 474.30, withholding 10.20, net 464.10"));
        Assert.Contains(lines, l => l.StartsWith("  [IND-INVALIDITY-RATE]") && l.Contains("'cohabitant'") && l.Contains("parameters_salaried.csv"));
        Assert.Contains(lines, l => l.StartsWith("  [IND-INDEXATION]") && l.Contains("1.0404"));
        Assert.Contains(lines, l => l.StartsWith("  [IND-WITHHOLDING] invalidity days: withholding tax 0 %"));
        Assert.Contains(lines, l => l.StartsWith("case X (") && l.Contains("not computed") && l.Contains("indemnity.wage.ceiling") && l.Contains("2026-01-05"));
    }
}
