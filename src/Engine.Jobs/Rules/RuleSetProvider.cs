using Engine.Core.Rules;

namespace Engine.Jobs.Rules;

/// <summary>Loads the configured rules folder once per process; a defect stops the process with file and line.</summary>
public sealed class RuleSetProvider(EngineOptions options)
{
    private readonly Lazy<RuleSet> _rules = new(() => RuleSetLoader.Load(
        string.IsNullOrWhiteSpace(options.RulesFolder) ? RuleSetLoader.DefaultDirectory() : options.RulesFolder));

    public RuleSet Current => _rules.Value;
}
