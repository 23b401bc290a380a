namespace Engine.Core.Rules;

/// <summary>Where a dated rule value was read: the file and line of rules/, its public source and confidence.</summary>
public sealed record RuleOrigin(string File, int Line, string Source, Confidence Confidence, bool Illustrative = false)
{
    public override string ToString() =>
        $"{Source} [{Confidence}{(Illustrative ? ", illustrative" : "")}] ({File}:{Line})";
}
