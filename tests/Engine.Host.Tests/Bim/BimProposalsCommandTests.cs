namespace Engine.Host.Tests.Bim;

/// <summary>`engine bim-proposals --month yyyy-MM [--out FILE]`: a month before the scheme or not a month is one line and exit 2; a month writes its file.</summary>
[Collection("process-wide")]
public sealed class BimProposalsCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("engine-bim-cli-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Program.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void A_month_before_2024_10_or_not_a_month_is_refused_and_a_month_writes_its_proposals()
    {
        var db = Path.Combine(_root, "engine.db");
        Assert.Equal(0, Cli("migrate", "--database", db).Code);

        var before = Cli("bim-proposals", "--month", "2024-09", "--database", db);
        Assert.Equal(2, before.Code);
        Assert.Contains("--month 2024-09: BIM on the insurer's initiative starts in 2024-10", before.Err);
        var notAMonth = Cli("bim-proposals", "--month", "2026-13", "--database", db);
        Assert.Equal(2, notAMonth.Code);
        Assert.Contains("--month '2026-13' is not a month yyyy-MM", notAMonth.Err);

        // An empty registry: nobody to examine, the file has its header only.
        var file = Path.Combine(_root, "proposals.csv");
        var r = Cli("bim-proposals", "--month", "2026-11", "--database", db, "--out", file);
        Assert.True(r.Code == 0, r.Out + r.Err);
        Assert.Contains("bim-proposals 2026-11: 0 member(s) to examine (0 new)", r.Out);
        Assert.Equal("month,member_id,basis,case_id,since,household,reason", File.ReadAllText(file).Trim());
    }
}
