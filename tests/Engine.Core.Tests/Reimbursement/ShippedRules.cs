using Engine.Core.Reimbursement;
using Engine.Jobs.Rules.Reimbursement;

namespace Engine.Core.Tests.Reimbursement;

/// <summary>The reimbursement rules shipped in the repository's rules/ folder, loaded once.</summary>
public static class ShippedRules
{
    /// <summary>The folder holding Engine.sln, above the test binary. (Found here rather than through
    /// SharedFolder.RepositoryRoot, whose static initialisation reads it before setting it.)</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    private static readonly Lazy<ReimbursementRules> Lazy = new(() =>
        ReimbursementRuleFiles.Load(Path.Combine(RepositoryRoot, "rules"))
        ?? throw new InvalidOperationException("rules/reimbursement is missing"));

    public static ReimbursementRules Reimbursement => Lazy.Value;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Engine.sln"))) return dir.FullName;
        throw new InvalidOperationException("cannot find Engine.sln above " + AppContext.BaseDirectory);
    }
}
