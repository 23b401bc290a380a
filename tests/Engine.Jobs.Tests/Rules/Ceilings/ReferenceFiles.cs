namespace Engine.Jobs.Tests.Rules.Ceilings;

/// <summary>
/// The repository root and the reference sheet, found as <c>Engine.Tests.Shared.SharedFolder</c> finds them.
/// Kept here because SharedFolder's static initialiser reads RepositoryRoot before it is set (declaration order) and
/// throws; to be replaced by SharedFolder once that is fixed.
/// </summary>
internal static class ReferenceFiles
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string RulesDirectory => Path.Combine(RepositoryRoot, "rules");

    public static string Sheet()
    {
        var env = Environment.GetEnvironmentVariable("ENGINE_SHARED_DIR");
        var shared = !string.IsNullOrEmpty(env) && Directory.Exists(env) ? env : Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));
        var sheet = Path.Combine(shared, "reference", "belgian-rules.md");
        Skip.If(!File.Exists(sheet), "shared/ is not beside the repository (set ENGINE_SHARED_DIR): this test reads the reference sheet");
        return sheet;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Engine.sln"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root (Engine.sln) above " + AppContext.BaseDirectory);
    }
}
