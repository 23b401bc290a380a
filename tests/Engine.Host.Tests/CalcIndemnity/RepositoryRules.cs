using Engine.Core.Rules;
using Engine.Jobs.Rules;

namespace Engine.Host.Tests.CalcIndemnity;

/// <summary>
/// The repository's own rules/ folder, loaded once. (Found by walking up to Engine.sln: SharedFolder.RepositoryRoot
/// cannot be used as its static initialisers run in the wrong order.)
/// </summary>
public static class RepositoryRules
{
    public static string Root { get; } = FindRoot();
    public static string Directory { get; } = Path.Combine(Root, "rules");
    public static RuleSet RuleSet => Lazy.Value;

    private static readonly Lazy<RuleSet> Lazy = new(() => RuleSetLoader.Load(Directory));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Engine.sln"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root (Engine.sln) above " + AppContext.BaseDirectory);
    }
}
