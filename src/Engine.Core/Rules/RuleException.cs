namespace Engine.Core.Rules;

/// <summary>A rule table that cannot be trusted: a gap, an overlap, an unknown field, a bad value. Names file and line.</summary>
public sealed class RuleLoadException(string message) : Exception(message);

/// <summary>A date or year the rules do not cover. The engine never falls back on another period's figure.</summary>
public sealed class RuleCoverageException(string parameter, NodaTime.LocalDate date, string detail)
    : Exception($"no rule value for '{parameter}' on {date:yyyy-MM-dd}: {detail}")
{
    public string Parameter { get; } = parameter;
    public NodaTime.LocalDate Date { get; } = date;
}
