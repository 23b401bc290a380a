using Engine.Core.Money;
using NodaTime;

namespace Engine.Jobs.Data;

// The stored shape of inputs and results. Input rows carry KnownAt: the instant the system learnt them.

public sealed class BeneficiaryRow
{
    public string BeneficiaryId { get; init; } = "";
    public string Niss { get; init; } = "";
    public string Name { get; init; } = "";
    public LocalDate BirthDate { get; init; }
    public int Sex { get; init; }
    public int Mutuality { get; init; }
    public string? Iban { get; init; }
    public LocalDate InsuredFrom { get; init; }
    public LocalDate? InsuredTo { get; init; }
    public Instant KnownAt { get; init; }
    /// <summary>The member's language as the registry records it (fr, nl, de, en); null = not recorded (migration 0018).</summary>
    public string? Language { get; init; }
}

/// <summary>A member as the imports' checks see it (<see cref="IEngineStore.MemberCovers"/>): who, which mutuality, insured when.</summary>
public sealed record MemberCoverRow(string BeneficiaryId, string Niss, int Mutuality, LocalDate InsuredFrom, LocalDate? InsuredTo);

public sealed class StatusRow
{
    public string BeneficiaryId { get; init; } = "";
    /// <summary>bim, dmg, chronic or ac_in_order.</summary>
    public string Status { get; init; } = "";
    public LocalDate FromDate { get; init; }
    public LocalDate? ToDate { get; init; }
    /// <summary>For a DMG: the GP who holds it.</summary>
    public string? ProviderId { get; init; }
    public Instant KnownAt { get; init; }
    /// <summary>For a BIM period: which right (<see cref="BimKinds"/>); null = not recorded.</summary>
    public string? BimKind { get; init; }

    public bool Covers(LocalDate d) => d >= FromDate && (ToDate is null || d <= ToDate.Value);

    /// <summary>
    /// A BIM period whose right was granted with a social benefit ("BIM avantages"). A BIM period without a recorded
    /// kind reads as avantages: the reading that protects the member (migration 0009, docs/reimbursement.md).
    /// </summary>
    public bool BimAvantages => Status == "bim" && BimKind != BimKinds.Enquiry;
}

/// <summary>The BIM rights of the registry (statuses.csv column bim_kind, belgian-rules.md §1 Supplements, §9.4).</summary>
public static class BimKinds
{
    /// <summary>Granted with a social benefit, automatically, without an income enquiry ("BIM avantages").</summary>
    public const string Avantages = "avantages";

    /// <summary>Granted after an income enquiry.</summary>
    public const string Enquiry = "enquiry";

    public static bool IsKnown(string kind) => kind is Avantages or Enquiry;
}

public sealed class ProviderRow
{
    public string ProviderId { get; init; } = "";
    public string Nihii { get; init; } = "";
    public string Name { get; init; } = "";
    public string Kind { get; init; } = "";
    public bool Conventioned { get; init; }
    public string? Iban { get; init; }
    public Instant KnownAt { get; init; }
}

public sealed class HouseholdRow
{
    public string HouseholdId { get; init; } = "";
    public int Year { get; init; }
    public Money? ReferenceIncome { get; init; }
    public bool BimHousehold { get; init; }
    public bool Chronic { get; init; }
    public Instant KnownAt { get; init; }
}

public sealed class HouseholdMemberRow
{
    public string HouseholdId { get; init; } = "";
    public string BeneficiaryId { get; init; } = "";
    public int Year { get; init; }
    public Instant KnownAt { get; init; }

    /// <summary>The member's relation in the household: titulaire, partner, dependant or other; null = not said
    /// (see <see cref="Engine.Core.Ceilings.HouseholdRelation"/>).</summary>
    public string? Relation { get; init; }
}

public sealed class SendingRow
{
    public long SendingId { get; init; }
    public string Channel { get; init; } = "";
    public string FileName { get; init; } = "";
    public string Sha256 { get; init; } = "";
    public string Identity { get; init; } = "";
    /// <summary>The sender: the third-party payer's NIHII for eFact, the provider's for eAttest.</summary>
    public string? SenderId { get; init; }
    /// <summary>eFact record 10 zone 7 and zones 22-23 (yyyy-MM): the provider reconciles payments with them.</summary>
    public int? SendingNumber { get; init; }
    public string? InvoicedMonth { get; init; }
    public byte[] Raw { get; init; } = [];
    public string Status { get; init; } = "";
    public int AcceptedInvoices { get; init; }
    public int RejectedInvoices { get; init; }
    public Instant ReceivedAt { get; init; }
}

public sealed class CareLineRow
{
    public long LineId { get; init; }
    public long SendingId { get; init; }
    public string InvoiceNumber { get; init; } = "";
    public int RecordSeq { get; init; }
    public string BeneficiaryId { get; init; } = "";
    public string ProviderId { get; init; } = "";
    public int Code { get; init; }
    public LocalDate ServiceDate { get; init; }
    public int Quantity { get; init; }
    public Money Billed { get; init; }
    public Money ClaimedInsurer { get; init; }
    public Money ClaimedShare { get; init; }
    public Money Supplement { get; init; }
    public bool Conventioned { get; init; }
    /// <summary>efact (third-party payment, paid to the provider) or eattest (direct refund, paid to the member).</summary>
    public string Channel { get; init; } = "";
    public bool Referral { get; init; }
    public Instant KnownAt { get; init; }
    /// <summary>eFact record 20 zone 18 of the invoice (690 = MediPrima); null when not recorded (eAttest, lines stored before).</summary>
    public int? DestinationMutuality { get; init; }
}

public sealed class RunRow
{
    public string RunId { get; init; } = "";
    public string Kind { get; init; } = "";
    public LocalDate RunDate { get; init; }
    public Instant AsOf { get; init; }
    public string RuleSetVersion { get; init; } = "";
    public RunPhase Phase { get; init; }
    /// <summary>The phase as the store spells it (<see cref="RunPhases"/>).</summary>
    public string PhaseName { get => RunPhases.Name(Phase); init => Phase = RunPhases.Parse(value); }
    public Instant StartedAt { get; init; }
    public Instant? FinishedAt { get; init; }
    public string? Summary { get; init; }
    /// <summary>The order in which runs computed their results (1, 2, ...); null until the run is computed.</summary>
    public long? ComputedSeq { get; init; }
    /// <summary>The indemnity cases of a pay-on-arrival run (JSON array); null for a nightly run.</summary>
    public string? Scope { get; init; }
    /// <summary>How many partitions the run's work list is split into; null until it is made.</summary>
    public int? Partitions { get; init; }
    /// <summary>Engine:Run:RefuseProvisional as it was when the run started.</summary>
    public bool RefuseProvisional { get; init; }
    /// <summary>The engine build that started the run (<see cref="EngineBuild"/>); null on runs made before migration 0017.</summary>
    public string? EngineVersion { get; init; }
    public string? EngineCommit { get; init; }
    /// <summary>The folder the run wrote its files to (absolute), recorded with their hashes (<see cref="RunFileRow"/>).</summary>
    public string? OutputFolder { get; init; }
}

/// <summary>One file a run wrote, with its SHA-256 and size, as recorded when the run wrote it.</summary>
public sealed record RunFileRow(string File, string Sha256, long Bytes);

public sealed class LineResultRow
{
    public long ResultId { get; init; }
    public string RunId { get; init; } = "";
    public long LineId { get; init; }
    public string RuleSetVersion { get; init; } = "";
    public Instant InputKnownAt { get; init; }
    public Money Fee { get; init; }
    public Money Insurer { get; init; }
    public Money Share { get; init; }
    public Money Supplement { get; init; }
    public Money MafRefund { get; init; }
    public string Payee { get; init; } = "";
    public string Status { get; init; } = "";
    public string Reason { get; init; } = "";
    public string Rules { get; init; } = "";
    /// <summary>The provisional rule values (I or U) the amounts were computed with (<see cref="Engine.Core.Rules.Provisional"/>); empty = none.</summary>
    public string Provisional { get; init; } = "";
    /// <summary>The payer of the insurer amount (<see cref="Engine.Core.Payers.PayerCodes"/>): insurance, spp-is, fedasil, justice (docs/payers.md).</summary>
    public string Payer { get; init; } = "insurance";
    /// <summary>The personal share the war-victims fund refunds to the member (item 'share:LINE'); zero for any other line.</summary>
    public Money ShareRefund { get; init; }
}

public sealed class PaymentRow
{
    public long PaymentId { get; init; }
    public string RunId { get; init; } = "";
    public string EndToEndId { get; init; } = "";
    public string PayeeKind { get; init; } = "";
    public string PayeeId { get; init; } = "";
    public string PayeeName { get; init; } = "";
    public string? Iban { get; init; }
    public Money Amount { get; init; }
    public string Remittance { get; init; } = "";
    public string Status { get; init; } = "";
    public string? HoldReason { get; init; }
    public string? FileName { get; init; }
    /// <summary>The budget it is paid from (docs/payers.md): the transfer's or the held item's payer (migration 0038).</summary>
    public string Payer { get; init; } = "insurance";
}
