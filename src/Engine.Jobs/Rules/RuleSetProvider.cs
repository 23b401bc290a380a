using Engine.Core.Rules;

namespace Engine.Jobs.Rules;

/// <summary>Loads the configured rules folder once per process; a defect stops the process with file and line.</summary>
public sealed class RuleSetProvider(EngineOptions options)
{
    private readonly Lazy<RuleSet> _rules = new(() => RuleSetLoader.Load(FolderOf(options)));

    public RuleSet Current => _rules.Value;

    /// <summary>The rules folder the current rule set is loaded from.</summary>
    public string Folder => FolderOf(options);

    private static string FolderOf(EngineOptions options) =>
        string.IsNullOrWhiteSpace(options.RulesFolder) ? RuleSetLoader.DefaultDirectory() : options.RulesFolder;
}
