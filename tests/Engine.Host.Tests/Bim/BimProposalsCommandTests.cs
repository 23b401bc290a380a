namespace Engine.Host.Tests.Bim;

/// <summary>`engine bim-proposals --month yyyy-MM [--out FILE]`: a month before the scheme or not a month is one line and exit 2; a month writes its file. `engine import unemployment FILE`: bad rows named, a file that is not one refused.</summary>
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

    [Fact]
    public void Import_unemployment_names_each_bad_row_and_refuses_a_file_that_is_not_one()
    {
        var db = Path.Combine(_root, "engine.db");
        Assert.Equal(0, Cli("migrate", "--database", db).Code);
        var periods = Path.Combine(_root, "unemployment.csv");
        // An empty registry: a NISS with valid check digits is no member (every row refused, the file imported).
        var niss = Engine.Jobs.Efact.BelgianIdentifiers.NissFromBody(800101001);
        File.WriteAllText(periods, $"member_niss,from,to,reference\n{niss},2026-06-01,,ONEM-1\n{niss},2026-06-01,2026-05-31,ONEM-2\n");
        var r = Cli("import", "unemployment", periods, "--database", db);
        Assert.True(r.Code == 0, r.Out + r.Err);
        Assert.Contains("unemployment.csv: imported", r.Out);
        Assert.Contains("0 new, 0 changed, 0 unchanged unemployment period(s)", r.Out);
        Assert.Contains("  unemployment.csv:2: column 'member_niss': is not a member of the registry", r.Out);
        Assert.Contains("  unemployment.csv:3: column 'member_niss': is not a member of the registry", r.Out);

        // Not an unemployment file: refused whole, its header named (exit 3).
        var other = Path.Combine(_root, "other.csv");
        File.WriteAllText(other, "member_id,granted_from,reference\nM1,2026-10-01,BIM-1\n");
        var refused = Cli("import", "unemployment", other, "--database", db);
        Assert.Equal(3, refused.Code);
        Assert.Contains("other.csv: refused", refused.Out);
        Assert.Contains("expected 'member_niss,from,to,reference'", refused.Out);
    }
}
