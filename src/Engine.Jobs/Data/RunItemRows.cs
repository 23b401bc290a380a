using Engine.Core.Money;
using NodaTime;

namespace Engine.Jobs.Data;

// The stored shape of a run's payment phase: the items it claimed, split into chunks of payees, and what each chunk
// decided for them (migration 0002).

/// <summary>One amount a run owes, as claimed by the run; enough to rebuild the payable item exactly.</summary>
public sealed class RunItemRow
{
    public string RunId { get; init; } = "";
    public int Seq { get; init; }
    public string SourceRef { get; init; } = "";
    public int ChunkId { get; init; }
    /// <summary>The run that computed the amount: this run, or the earlier run that held it back.</summary>
    public string OriginRunId { get; init; } = "";
    /// <summary>provider or member.</summary>
    public string PayeeKind { get; init; } = "";
    public string PayeeId { get; init; } = "";
    public string PayeeName { get; init; } = "";
    public string? Iban { get; init; }
    public Money Amount { get; init; }
    /// <summary>The <see cref="Engine.Core.Payments.PaymentPurpose"/> name.</summary>
    public string Purpose { get; init; } = "";
    public LocalDate ExecutionDate { get; init; }
    public LocalDate? PeriodFrom { get; init; }
    public LocalDate? PeriodTo { get; init; }
    public string? AdvantageId { get; init; }
    public int? SendingNumber { get; init; }
    /// <summary>yyyy-MM.</summary>
    public string? SendingMonth { get; init; }
    public int? SendingMutuality { get; init; }
    public string? StructuredCommunication { get; init; }
    /// <summary>pending (claimed, chunk not done), paid, held, to_recover or zero.</summary>
    public string Outcome { get; init; } = "pending";
    public string? EndToEndId { get; init; }
    public string? HoldReason { get; init; }
}

/// <summary>A range of payees of a run, decided by one job.</summary>
public sealed class RunChunkRow
{
    public string RunId { get; init; } = "";
    public int ChunkId { get; init; }
    public string FirstPayee { get; init; } = "";
    public string LastPayee { get; init; } = "";
    public int Items { get; init; }
    /// <summary>pending or done.</summary>
    public string Status { get; init; } = "pending";
    public Instant? DoneAt { get; init; }
    public string? Worker { get; init; }
}

/// <summary>What a run claims: its items (outcome pending) and the chunks they are split into.</summary>
public sealed record RunClaim(IReadOnlyList<RunItemRow> Items, IReadOnlyList<RunChunkRow> Chunks);

/// <summary>What a chunk decided for one of its items.</summary>
public sealed record RunItemOutcome(int Seq, string Outcome, string? EndToEndId, string? HoldReason);

/// <summary>A chunk's decisions were stored by this call (false: another execution had stored them), and how many chunks of the run are still pending.</summary>
public sealed record ChunkCompletion(bool Stored, int PendingChunks);
