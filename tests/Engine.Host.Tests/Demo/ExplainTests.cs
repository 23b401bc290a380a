namespace Engine.Host.Tests.Demo;

/// <summary>`explain --line`: a member asks why a line was not fully reimbursed; the answer comes from the data.</summary>
[Collection("process-wide")]
public sealed class ExplainTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("engine-explain-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_stored_line_is_explained_with_its_run_s_rules_and_inputs_and_matches_what_was_paid()
    {
        var demo = Path.Combine(_root, "demo");
        Assert.Equal(0, Program.Run(["demo", "--out", demo, "--members", "400", "--lines", "1500", "--seed", "7"], new StringWriter(), new StringWriter()));
        var rows = File.ReadAllLines(Path.Combine(demo, "runs", "nightly-2024-03-05", "results.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        var accepted = rows.First(r => r[6] == "accepted" && r[3] != "0.00");
        var db = Path.Combine(demo, "engine.db");

        var output = new StringWriter();
        Assert.Equal(0, Program.Run(["explain", "--line", accepted[0], "--database", db], output, new StringWriter()));
        var text = output.ToString();
        Assert.Contains($"care line {accepted[0]}: code {accepted[12]} on {accepted[13]}", text);
        Assert.Contains($"personal share {accepted[3]}", text);
        Assert.Contains("[fee.", text);
        Assert.Contains("[share.", text);
        Assert.Contains("rules/reimbursement/", text);
        Assert.Contains("recomputed with that run's rules and inputs: the same figures.", text);

        var errors = new StringWriter();
        Assert.Equal(2, Program.Run(["explain", "--line", "987654321", "--database", db], new StringWriter(), errors));
        Assert.Contains("care line 987654321 is not in the store", errors.ToString());
    }
}
