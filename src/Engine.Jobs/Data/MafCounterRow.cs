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
    /// <summary>
    /// JSON array of <see cref="PendingMafLine"/>: the lines of a year without MAF figures, waiting for them; null = an
    /// ordinary counter. A pending counter counts nothing yet (counted = the sum of their shares, refunded 0).
    /// </summary>
    public string? Pending { get; init; }
    /// <summary>The missing figure of a pending counter (e.g. maf.ceiling.revenus.1).</summary>
    public string? PendingParameter { get; init; }

    public bool IsPending => Pending is not null;
}

/// <summary>A line waiting in a pending MAF counter: what the MAF needs to count it later, and who its refund goes to.
/// <see cref="Fund"/>: a war victim's line, what the war-victims fund refunded of its share (cents) when the line was
/// computed; the insurance's MAF refund found later pays only what the fund left (null, not written: not a war victim).</summary>
public sealed record PendingMafLine(
    string Line, string RunId, string Beneficiary, string Date, long Share, string? Birth, bool Tpp, int? Code, string Provider, string Relation,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] long? Fund = null);

/// <summary>The refund of a pending line, computed by a later run once the year's figures were added (exactly once per line).</summary>
public sealed class MafSettlementRow
{
    public string RunId { get; init; } = "";
    public long LineId { get; init; }
    /// <summary>The run that computed the line and left it pending.</summary>
    public string OriginRunId { get; init; } = "";
    public string HouseholdId { get; init; } = "";
    public int Year { get; init; }
    public string BeneficiaryId { get; init; } = "";
    public NodaTime.LocalDate ServiceDate { get; init; }
    public Engine.Core.Money.Money Refund { get; init; }
    /// <summary>member or provider (third-party payment, when the rules send the refund there).</summary>
    public string PayeeKind { get; init; } = "";
    public string PayeeId { get; init; } = "";
    /// <summary>The provisional rule values (I or U) the refund rests on, as in the files' provisional column; empty when none.</summary>
    public string Provisional { get; init; } = "";
}
