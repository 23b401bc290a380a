using Engine.Core.Money;
using NodaTime;

namespace Engine.Jobs.Data;

public sealed class AcRequestRow
{
    public long Seq { get; init; }
    public string RequestId { get; init; } = "";
    public string MemberId { get; init; } = "";
    public string Advantage { get; init; } = "";
    public LocalDate Date { get; init; }
    public Money AmountPaid { get; init; }
    public string? Evidence { get; init; }
    public string SourceFile { get; init; } = "";
    public Instant KnownAt { get; init; }
}

public sealed class AcDecisionRow
{
    public long AcDecisionId { get; init; }
    public string RunId { get; init; } = "";
    public string RequestId { get; init; } = "";
    public string MemberId { get; init; } = "";
    public string Advantage { get; init; } = "";
    public LocalDate Date { get; init; }
    public Money Granted { get; init; }
    public string Status { get; init; } = "";
    public string Reason { get; init; } = "";
    public string RuleSetVersion { get; init; } = "";
    /// <summary>The provisional rule values (I or U) the amounts were computed with (<see cref="Engine.Core.Rules.Provisional"/>); empty = none.</summary>
    public string Provisional { get; init; } = "";
}

/// <summary>A member's AC allowances after a run: JSON of (subject, scope, period, paid cents, count) and paid request ids.</summary>
public sealed class AcMemberStateRow
{
    public string RunId { get; init; } = "";
    public string MemberId { get; init; } = "";
    public string Allowances { get; init; } = "[]";
    public string PaidRequests { get; init; } = "[]";
}
