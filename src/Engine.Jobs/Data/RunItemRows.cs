using Engine.Core.Money;
using NodaTime;

namespace Engine.Jobs.Data;

// The stored shape of a run's work and payments (migrations 0002 and 0011): its work list in partitions, the items it
// owes and what became of each, and the transfers of its payment plan.

/// <summary>One amount a run owes, as stored by the run; enough to rebuild the payable item exactly.</summary>
public sealed class RunItemRow
{
    public string RunId { get; init; } = "";
    public string SourceRef { get; init; } = "";
    /// <summary>The run that computed the amount: this run, the earlier run that held it back, or 'recalc-ID'.</summary>
    public string OriginRunId { get; init; } = "";
    /// <summary>The partition that computed it; null for an item taken over.</summary>
    public int? Partition { get; init; }
    /// <summary>provider or member.</summary>
    public string PayeeKind { get; init; } = "";
    public string PayeeId { get; init; } = "";
    public string PayeeName { get; init; } = "";
    public string? Iban { get; init; }
    public Money Amount { get; init; }
    /// <summary>The <see cref="Engine.Core.Payments.PaymentPurpose"/> name.</summary>
    public string Purpose { get; init; } = "";
    /// <summary>The <see cref="Engine.Core.Payments.PaymentPurpose"/> value: the purpose's place in the item order.</summary>
    public int PurposeRank { get; init; }
    public LocalDate ExecutionDate { get; init; }
    public LocalDate? PeriodFrom { get; init; }
    public LocalDate? PeriodTo { get; init; }
    public string? AdvantageId { get; init; }
    public int? SendingNumber { get; init; }
    /// <summary>yyyy-MM.</summary>
    public string? SendingMonth { get; init; }
    public int? SendingMutuality { get; init; }
    public string? StructuredCommunication { get; init; }
    /// <summary>pending (not decided yet), paid, held, to_recover or zero.</summary>
    public string Outcome { get; init; } = "pending";
    public string? EndToEndId { get; init; }
    public string? HoldReason { get; init; }
    /// <summary>The provisional rule values (I or U) the amount rests on (as the files' provisional column); null = none.</summary>
    public string? Provisional { get; init; }
    /// <summary>The budget that pays it (<see cref="Engine.Core.Payers.PayerCodes"/>); each payer has its own payment file.</summary>
    public string Payer { get; init; } = "insurance";
}

/// <summary>One transfer of a run's payment plan, as stored with the decisions of its items.</summary>
public sealed class RunTransferRow
{
    public string RunId { get; init; } = "";
    public string EndToEndId { get; init; } = "";
    /// <summary>Position in the run: with the execution date, the order of the transfers in the files.</summary>
    public long Seq { get; init; }
    public LocalDate ExecutionDate { get; init; }
    public string PayeeKind { get; init; } = "";
    public string PayeeId { get; init; } = "";
    public string Purpose { get; init; } = "";
    /// <summary>The eFact sending a third-party payment settles, as written in the remittance report.</summary>
    public string? Sending { get; init; }
    public string CreditorName { get; init; } = "";
    public string CreditorIban { get; init; } = "";
    public Money Amount { get; init; }
    public string? StructuredReference { get; init; }
    public string? Unstructured { get; init; }
    /// <summary>The remittance as written in the remittance report (structured or text).</summary>
    public string Remittance { get; init; } = "";
    public int Items { get; init; }
    /// <summary>The budget that pays it: the payer of its items (the payer is part of the group key).</summary>
    public string Payer { get; init; } = "insurance";
}

/// <summary>What one payee's items became: each item's outcome (by source reference) and the payee's transfers.</summary>
public sealed record PayeeDecisions(IReadOnlyList<RunItemOutcome> Outcomes, IReadOnlyList<RunTransferRow> Transfers);

/// <summary>What the plan decided for one item.</summary>
public sealed record RunItemOutcome(string SourceRef, string Outcome, string? EndToEndId, string? HoldReason);

/// <summary>A partition of a run that committed.</summary>
public sealed class RunPartitionRow
{
    public string RunId { get; init; } = "";
    public int Partition { get; init; }
    public int Lines { get; init; }
    public int Items { get; init; }
    public Instant CommittedAt { get; init; }
    public string Worker { get; init; } = "";
}

/// <summary>A care line of a run's work list: the key that decides its partition (its household as of the run's instant, else its member).</summary>
public sealed record WorkLine(long LineId, string BeneficiaryId, int Year, string? HouseholdId);

/// <summary>A care line of a partition, with its household as of the run's as-of instant (null: none) and the member's
/// relation in it (titulaire, partner, dependant, other; null or empty: not said).</summary>
public sealed record PartitionLine(CareLineRow Line, string? HouseholdId, string? Relation = null);

/// <summary>
/// Everything a partition stores, in one transaction: what it computed, and the items it owes for it.
/// <see cref="ItemsOf"/> receives the indemnity statements and AC decisions as stored, with the ids the store gave them
/// (an item names its statement or decision by id), and returns every item the partition owes.
/// </summary>
public sealed record PartitionCommit(
    string RunId,
    int Partition,
    IReadOnlyList<LineResultRow> Results,
    IReadOnlyList<MafCounterRow> MafCounters,
    IReadOnlyList<IndemnityPaymentRow> Indemnities,
    IReadOnlyList<AcDecisionRow> AcDecisions,
    IReadOnlyList<AcMemberStateRow> AcStates,
    Func<IReadOnlyList<IndemnityPaymentRow>, IReadOnlyList<AcDecisionRow>, IReadOnlyList<RunItemRow>> ItemsOf,
    Instant At,
    string Worker,
    IReadOnlyList<MafSettlementRow>? MafSettlements = null,
    IReadOnlyList<IndemnityHeldRow>? IndemnitiesHeld = null);

/// <summary>
/// What other runs stored, read under the run lock, about exactly what a partition commits: the results of its lines,
/// the statements of its cases, the latest counter of its household-years and the latest allowances of its members.
/// The rules that say which of them forbid the commit are in C# (RunConflicts), not in the store.
/// </summary>
public sealed record CommitFacts(
    IReadOnlyList<(long LineId, string RunId)> LinesComputed,
    IReadOnlyList<IndemnityPaymentRow> CaseStatements,
    IReadOnlyList<MafCounterRow> LatestCounters,
    IReadOnlyList<AcMemberStateRow> LatestAcStates,
    IReadOnlyList<(string RequestId, string RunId)> RequestsDecided);
