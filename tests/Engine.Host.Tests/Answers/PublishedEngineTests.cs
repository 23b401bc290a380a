using System.Diagnostics;

namespace Engine.Host.Tests.Answers;

/// <summary>
/// The engine as `dotnet publish` lays it out (framework-dependent), published once for the class into a temporary
/// folder outside the repository: engine.dll, appsettings.json and rules/ beside it.
/// </summary>
public sealed class PublishedEngine : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("engine-published-").FullName;
    public string Program => Path.Combine(Root, "engine", "engine.dll");
    public string Repository { get; } = FindRepository();

    public PublishedEngine()
    {
        // --no-build: the test run has just built the solution in this configuration; publishing lays out the same
        // binaries with their content (rules/ included) in a few seconds.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var (code, output) = Run("dotnet", Root, "publish", Path.Combine(Repository, "src", "Engine.Host", "Engine.Host.csproj"),
            "-c", configuration, "--no-build", "-o", Path.Combine(Root, "engine"), "-nologo");
        if (code != 0) throw new InvalidOperationException("dotnet publish failed:\n" + output);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Engine.sln"))) return dir.FullName;
        throw new InvalidOperationException("cannot find Engine.sln");
    }

    /// <summary>Runs a real process in a folder and returns its exit code and its output (stdout then stderr).</summary>
    public static (int Code, string Output) Run(string file, string folder, params string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        // The child must not take the test host's settings for the engine's.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("Engine__", StringComparison.Ordinal)).ToList()) start.Environment.Remove(key);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5))) { process.Kill(entireProcessTree: true); throw new TimeoutException($"{file} {string.Join(' ', args)}"); }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>The published engine, started as `dotnet engine.dll ARGS` from <paramref name="folder"/>.</summary>
    public (int Code, string Output) Engine(string folder, params string[] args) => Run("dotnet", folder, [Program, .. args]);
}

/// <summary>Issue 13: `dotnet publish` gives an engine that runs from any folder, its rules beside it.</summary>
public sealed class PublishedEngineTests(PublishedEngine engine) : IClassFixture<PublishedEngine>, IDisposable
{
    private readonly string _cwd = Directory.CreateTempSubdirectory("engine-anywhere-").FullName;

    public void Dispose() => Directory.Delete(_cwd, recursive: true);

    [Fact]
    public void The_published_folder_carries_the_rules_beside_the_program()
    {
        var published = Path.Combine(engine.Root, "engine", "rules");
        var repository = Path.Combine(engine.Repository, "rules");
        var files = Directory.GetFiles(repository, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(repository, f)).Order().ToList();
        Assert.NotEmpty(files);
        Assert.Equal(files, Directory.GetFiles(published, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(published, f)).Order().ToList());
        foreach (var f in files) Assert.Equal(File.ReadAllBytes(Path.Combine(repository, f)), File.ReadAllBytes(Path.Combine(published, f)));
        Assert.True(File.Exists(Path.Combine(engine.Root, "engine", "appsettings.json")));
    }

    [Fact]
    public void Calc_runs_from_an_empty_folder_with_the_rules_beside_the_program_and_gives_the_golden_results()
    {
        var fixtures = Path.Combine(engine.Repository, "tests", "Engine.Host.Tests", "CalcReimbursement");
        File.Copy(Path.Combine(fixtures, "claims.csv"), Path.Combine(_cwd, "claims.csv"));
        File.Copy(Path.Combine(fixtures, "beneficiaries.csv"), Path.Combine(_cwd, "beneficiaries.csv"));
        var (code, output) = engine.Engine(_cwd, "calc", "reimbursement", "--claims", "claims.csv", "--beneficiaries", "beneficiaries.csv", "--out", "results.csv");
        Assert.True(code == 0, output);
        Assert.Equal(File.ReadAllText(Path.Combine(fixtures, "expected-results.csv")), File.ReadAllText(Path.Combine(_cwd, "results.csv")));
        Assert.False(Directory.Exists(Path.Combine(_cwd, "rules")));
    }

    [Fact]
    public void Run_runs_from_an_empty_folder_on_a_database_and_records_the_engine_build()
    {
        // A small night: the demo of the published engine (its own folder), then `run` of the next day from another,
        // empty folder with only --database, writing into ./output as configured by default.
        var demo = Path.Combine(engine.Root, "demo");
        var (code, output) = engine.Engine(_cwd, "demo", "--out", demo, "--members", "60", "--lines", "120", "--seed", "3");
        Assert.True(code == 0, output);
        var empty = Directory.CreateDirectory(Path.Combine(_cwd, "elsewhere")).FullName;
        (code, output) = engine.Engine(empty, "run", "--date", "2024-03-06", "--database", Path.Combine(demo, "engine.db"));
        Assert.True(code == 0, output);
        Assert.True(File.Exists(Path.Combine(empty, "output", "nightly-2024-03-06", "summary.json")), output);

        using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(demo, "engine.db")};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT engine_version, engine_commit, output_folder FROM runs WHERE run_id = 'nightly-2024-03-06'";
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read());
        Assert.StartsWith("1.0.0", r.GetString(0));
        Assert.Equal(r.GetString(0).Contains('+') ? r.GetString(0)[(r.GetString(0).IndexOf('+') + 1)..] : "unknown", r.GetString(1));
        Assert.Equal(Path.Combine(empty, "output", "nightly-2024-03-06"), r.GetString(2));
    }
}
