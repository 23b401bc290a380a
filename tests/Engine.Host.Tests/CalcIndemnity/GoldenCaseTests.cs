using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Engine.Host.Tests.CalcIndemnity;

/// <summary>
/// The hand-worked cases of golden_cases.csv (the arithmetic is in its `why` column) run through
/// `engine calc indemnity` on the repository's rules/.
/// </summary>
public class GoldenCaseTests
{
    private static readonly string GoldenFile =
        Path.Combine(RepositoryRules.Root, "tests", "Engine.Host.Tests", "CalcIndemnity", "golden_cases.csv");

    private static readonly string[] InputColumns = CliRunner.Header.Split(',');

    private static List<Dictionary<string, string>> Golden()
    {
        using var reader = new StreamReader(GoldenFile);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture));
        csv.Read();
        csv.ReadHeader();
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read())
            rows.Add(csv.HeaderRecord!.ToDictionary(h => h, h => csv.GetField(h)!));
        return rows;
    }

    public static IEnumerable<object[]> CaseIds() => Golden().Select(r => new object[] { r["case_id"] });

    private static string InputLine(Dictionary<string, string> row) => string.Join(',', InputColumns.Select(c => row[c]));

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Golden_case_matches_the_hand_computation(string caseId)
    {
        var row = Golden().Single(r => r["case_id"] == caseId);
        using var cli = new CliRunner();
        var (exit, _, stderr) = cli.RunCases(InputLine(row));
        Assert.True(exit == 0 && stderr.Length == 0, $"exit {exit}: {stderr}");
        var lines = cli.ResultLines();
        Assert.Equal("case_id,paid_days,daily_amount,gross,withholding,net,rules", lines[0]);
        var cells = lines[1].Split(',');
        var why = row["why"];
        Assert.True(caseId == cells[0], why);
        Assert.True(row["paid_days"] == cells[1], $"paid_days {cells[1]}, expected {row["paid_days"]}: {why}");
        Assert.True(row["daily_amount"] == cells[2], $"daily_amount {cells[2]}, expected {row["daily_amount"]}: {why}");
        Assert.True(row["gross"] == cells[3], $"gross {cells[3]}, expected {row["gross"]}: {why}");
        Assert.True(row["withholding"] == cells[4], $"withholding {cells[4]}, expected {row["withholding"]}: {why}");
        Assert.True(row["net"] == cells[5], $"net {cells[5]}, expected {row["net"]}: {why}");
        var rules = cells[6].Split('|');
        foreach (var id in row["key_rules"].Split('|'))
            Assert.True(rules.Contains(id), $"rule {id} missing from {cells[6]}: {why}");
    }

    [Fact]
    public void All_golden_cases_in_one_file_come_out_in_input_order()
    {
        var golden = Golden();
        using var cli = new CliRunner();
        var (exit, stdout, stderr) = cli.RunCases(golden.Select(InputLine).ToArray());
        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        Assert.Contains($"{golden.Count} case(s) computed, 0 row(s) rejected", stdout);
        var ids = cli.ResultLines().Skip(1).Select(l => l.Split(',')[0]);
        Assert.Equal(golden.Select(r => r["case_id"]), ids);
    }
}
