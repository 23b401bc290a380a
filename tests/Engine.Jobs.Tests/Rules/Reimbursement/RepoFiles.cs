using Engine.Core.Reimbursement;
using Engine.Jobs.Rules.Reimbursement;

namespace Engine.Jobs.Tests.Rules.Reimbursement;

/// <summary>The repository's rules/ and the reference sheet in shared/ (beside the repository, or ENGINE_SHARED_DIR).</summary>
internal static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string Rules => Path.Combine(Root, "rules");

    private static readonly Lazy<ReimbursementRules> Shipped = new(() => ReimbursementRuleFiles.Load(Rules)!);

    public static ReimbursementRules Reimbursement => Shipped.Value;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Engine.sln"))) return dir.FullName;
        throw new InvalidOperationException("cannot find Engine.sln above " + AppContext.BaseDirectory);
    }

    /// <summary>shared/reference/belgian-rules.md, or a skip when shared/ is absent. (Located here because
    /// SharedFolder's static initialisation reads RepositoryRoot before setting it.)</summary>
    public static string ReferenceSheet()
    {
        var env = Environment.GetEnvironmentVariable("ENGINE_SHARED_DIR");
        var shared = !string.IsNullOrEmpty(env) && Directory.Exists(env) ? env : Path.GetFullPath(Path.Combine(Root, "..", "shared"));
        var file = Path.Combine(shared, "reference", "belgian-rules.md");
        Skip.If(!File.Exists(file), "shared/ is not beside the repository (set ENGINE_SHARED_DIR): this test reads the reference sheet");
        return file;
    }
}
