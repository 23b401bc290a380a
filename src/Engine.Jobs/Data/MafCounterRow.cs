namespace Engine.Jobs.Data;

/// <summary>A stored MAF counter: amounts in cents, the per-child counts and counted line ids as JSON.</summary>
public sealed class MafCounterRow
{
    public string RunId { get; init; } = "";
    public string HouseholdId { get; init; } = "";
    public int Year { get; init; }
    public long CountedCents { get; init; }
    public long RefundedCents { get; init; }
    /// <summary>JSON object: beneficiary id -> cents counted against the child ceiling.</summary>
    public string ChildCounted { get; init; } = "{}";
    /// <summary>JSON array of the line ids already counted (a line is never counted twice).</summary>
    public string LineIds { get; init; } = "[]";
}
