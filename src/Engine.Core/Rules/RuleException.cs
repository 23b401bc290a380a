namespace Engine.Core.Rules;

/// <summary>A rule table that cannot be trusted: a gap, an overlap, an unknown field, a bad value. Names file and line.</summary>
public sealed class RuleLoadException(string message) : Exception(message);

/// <summary>A date or year the rules do not cover. The engine never falls back on another period's figure.
/// Not sealed: a domain may say more (the MAF's <c>MafYearNotCoveredException</c> carries the year of care).</summary>
public class RuleCoverageException(string parameter, NodaTime.LocalDate date, string detail)
    : Exception($"no rule value for '{parameter}' on {date:yyyy-MM-dd}: {detail}")
{
    public string Parameter { get; } = parameter;
    public NodaTime.LocalDate Date { get; } = date;
}
