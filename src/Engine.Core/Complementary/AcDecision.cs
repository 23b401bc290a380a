using Engine.Core.Rules;

namespace Engine.Core.Complementary;

using Money = Engine.Core.Money.Money;

public enum AcStatus { Granted, Partial, Refused }

/// <summary>Why a request got what it got. <see cref="AcDecision.ReasonCode"/> is its snake_case name.</summary>
public enum AcReason
{
    Granted,
    YearlyCapCut, EventCapCut, LifetimeCapCut,
    Duplicate, UnknownAdvantage, OutsideCatalogue, UnknownMember, Malformed,
    FileClosed, ContributionNotInOrder, WaitingPeriod, AgeLimit,
    OnceInLifetime, ExclusiveAlreadyPaid, CountReached,
    CapReached, EventCapReached, LifetimeCapReached, NothingToPay,
    YearNotCovered,
}

/// <summary>What is left of each capped allowance after the decision (null = that cap does not apply).</summary>
public sealed record AcAllowanceLeft(Money? Year, int? UnitsYear, Money? Event, Money? Lifetime)
{
    public static readonly AcAllowanceLeft Unknown = new(null, null, null, null);

    public override string ToString()
    {
        var parts = new List<string>();
        if (Year is { } y) parts.Add($"{y} left this year");
        if (UnitsYear is { } u) parts.Add($"{u} request{(u == 1 ? "" : "s")} left this year");
        if (Event is { } e) parts.Add($"{e} left for this event");
        if (Lifetime is { } l) parts.Add($"{l} left for life");
        return string.Join(", ", parts);
    }
}

/// <summary>The decision on one AC request: what is paid, the status, the reason in words, what is left, and why.</summary>
public sealed record AcDecision(
    string RequestId, string AdvantageId, Money Granted, AcStatus Status, AcReason Reason, string ReasonText,
    AcAllowanceLeft Left, IReadOnlyList<ExplanationStep> Explanation)
{
    public string StatusCode => Status.ToString().ToLowerInvariant();

    public string ReasonCode => string.Concat(Reason.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    /// <summary>The reason as the results file shows it: "code: words".</summary>
    public string ReasonLine => $"{ReasonCode}: {ReasonText}";

    public static AcDecision Refused(AcRequest request, AcReason reason, string text, AcAllowanceLeft? left = null, RuleOrigin? origin = null) =>
        new(request.RequestId, request.AdvantageId, Money.Zero, AcStatus.Refused, reason, text, left ?? AcAllowanceLeft.Unknown,
            [new ExplanationStep("ac." + request.AdvantageId, $"request {request.RequestId}: refused: {text}", origin)]);
}

/// <summary>A decision and the member's state after it (unchanged unless something was paid).</summary>
public sealed record AcDecided(AcDecision Decision, AcMemberState State);
