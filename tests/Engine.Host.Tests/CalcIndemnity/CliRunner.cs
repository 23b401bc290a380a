namespace Engine.Host.Tests.CalcIndemnity;

/// <summary>Runs `engine calc indemnity` in-process on temporary files and returns what it wrote.</summary>
public sealed class CliRunner : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("calc-indemnity-").FullName;

    public string CasesPath => Path.Combine(Folder, "cases.csv");
    public string OutPath => Path.Combine(Folder, "results.csv");

    public const string Header = "case_id,kind,regime,regular_worker,first_day,last_day,daily_wage,family_status,period_start,period_end";

    public (int Exit, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = Program.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Writes cases.csv (header + rows) and runs the calculator on the repository's rules.</summary>
    public (int Exit, string Stdout, string Stderr) RunCases(params string[] rows)
    {
        File.WriteAllText(CasesPath, Header + "\n" + string.Join("\n", rows) + "\n");
        return Run("calc", "indemnity", "--cases", CasesPath, "--out", OutPath, "--rules", RepositoryRules.Directory);
    }

    /// <summary>Writes cases.csv with the given header (the fixed columns and any added ones) and runs the calculator.</summary>
    public (int Exit, string Stdout, string Stderr) RunCasesWithHeader(string header, string[] rows, params string[] extraArgs)
    {
        File.WriteAllText(CasesPath, header + "\n" + string.Join("\n", rows) + "\n");
        return Run(["calc", "indemnity", "--cases", CasesPath, "--out", OutPath, "--rules", RepositoryRules.Directory, .. extraArgs]);
    }

    /// <summary>The results lines keyed by nothing: header first, in file order.</summary>
    public string[] ResultLines() => File.ReadAllText(OutPath).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
