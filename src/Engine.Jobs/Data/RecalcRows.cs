using Engine.Core.Money;
using NodaTime;

namespace Engine.Jobs.Data;

// The stored shape of recalculations and rule-set snapshots (migration 0006).

/// <summary>One file of a rule-set version: its path relative to the rules folder ('/' separators) and its bytes.</summary>
public sealed record RuleFile(string Path, byte[] Content);

/// <summary>A recalculation: who asked, why, the scope, as of when and with which rules, and what it found.</summary>
public sealed class RecalcRow
{
    public long RecalcId { get; init; }
    public string RequestedBy { get; init; } = "";
    public string Reason { get; init; } = "";
    /// <summary>The scope as written by <c>RecalcScope.ToString()</c>, e.g. "member B000123" or "code 101076, 2024-01-01..2024-02-29".</summary>
    public string Scope { get; init; } = "";
    public Instant AsOf { get; init; }
    public string RuleSetVersion { get; init; } = "";
    /// <summary>Items recomputed (care lines' insurer amounts, MAF refunds, indemnity statements).</summary>
    public int Items { get; init; }
    public int Complements { get; init; }
    public Money ComplementTotal { get; init; }
    public int Undue { get; init; }
    public Money UndueTotal { get; init; }
    public string? ReportFile { get; init; }
    public Instant CreatedAt { get; init; }
    /// <summary>What the recalculation could not recompute and why (JSON list of strings), kept so its report can be written again.</summary>
    public string Notes { get; init; } = "[]";
}

/// <summary>
/// A difference a recalculation found on one paid item: a complement (owed, paid by the next run as 'adj:ID') or an
/// undue amount (to recover, listed, never deducted). <see cref="Amount"/> is positive in both cases.
/// </summary>
public sealed class AdjustmentRow
{
    /// <summary>The adjustment id (complement) or the recovery id (undue).</summary>
    public long AdjustmentId { get; init; }
    public long RecalcId { get; init; }
    /// <summary>What is corrected: 'line:12' (insurer amount of care line 12), 'maf:12' (its MAF refund), 'indemnity:7'.</summary>
    public string Item { get; init; } = "";
    /// <summary>complement or undue.</summary>
    public string Kind { get; init; } = "";
    public Money Amount { get; init; }
    /// <summary>What was paid (or is owed) for the item before: its original result and every earlier adjustment.</summary>
    public Money PaidBefore { get; init; }
    public Money Recomputed { get; init; }
    /// <summary>provider or member.</summary>
    public string PayeeKind { get; init; } = "";
    public string PayeeId { get; init; } = "";
    /// <summary>The <see cref="Engine.Core.Payments.PaymentPurpose"/> name.</summary>
    public string Purpose { get; init; } = "";
    public LocalDate? PeriodFrom { get; init; }
    public LocalDate? PeriodTo { get; init; }
    public int? SendingNumber { get; init; }
    /// <summary>yyyy-MM.</summary>
    public string? SendingMonth { get; init; }
    public int? SendingMutuality { get; init; }
    public string ExplanationPaid { get; init; } = "";
    public string ExplanationNow { get; init; } = "";
    public Instant KnownAt { get; init; }
    /// <summary>The payer the amount is charged to (docs/payers.md): a line moved between payers is undue on one, owed by the other.</summary>
    public string Payer { get; init; } = "insurance";
    /// <summary>Recoveries only: open until the recovery process closes it.</summary>
    public string? Status { get; init; }

    /// <summary>The source reference of the payable item a complement becomes.</summary>
    public string SourceRef => $"adj:{AdjustmentId}";

    /// <summary>Complement positive, undue negative: what the adjustment adds to what the item is owed.</summary>
    public Money Signed => Kind == "undue" ? -Amount : Amount;
}

/// <summary>A care line computed by a run, with its result and the order in which that run computed.</summary>
public sealed record ComputedLine(CareLineRow Line, LineResultRow Result, long ComputedSeq);

/// <summary>Which computed care lines a recalculation takes (null: any).</summary>
public sealed record LineSelection(IReadOnlyCollection<string>? Beneficiaries, string? Provider, int? Code, LocalDate? From, LocalDate? To);
