namespace Engine.Core.Rules;

/// <summary>One step of a computation: which rule, which dated parameter (with its origin), what it gave.</summary>
public sealed record ExplanationStep(string RuleId, string Text, RuleOrigin? Origin = null)
{
    public override string ToString() => Origin is null ? $"[{RuleId}] {Text}" : $"[{RuleId}] {Text} — {Origin}";
}
