using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Engine.Jobs.Runs;

/// <summary>What a run did, as printed and as written to summary.json. Amounts are exact strings ("1234.50").</summary>
public sealed record RunSummary
{
    public required string RunId { get; init; }
    public required string RunDate { get; init; }
    public required string AsOf { get; init; }
    public required string RuleSetVersion { get; init; }
    /// <summary>The format of the run's files (<see cref="RunFileFormat"/>); absent for format 1, the runs recorded before it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? FileFormat { get; init; }
    public int Lines { get; init; }
    public int Accepted { get; init; }
    public int Rejected { get; init; }
    public SortedDictionary<string, int> RejectionsByReason { get; init; } = new(StringComparer.Ordinal);
    public string FeeTotal { get; init; } = "0.00";
    public string InsurerTotal { get; init; } = "0.00";
    public string PersonalShareTotal { get; init; } = "0.00";
    public string SupplementTotal { get; init; } = "0.00";
    public string MafRefundTotal { get; init; } = "0.00";
    public int IndemnityStatements { get; init; }
    public string IndemnityNetTotal { get; init; } = "0.00";
    public string IndemnityWithholdingTotal { get; init; } = "0.00";
    public int AcRequests { get; init; }
    public string AcGrantedTotal { get; init; } = "0.00";
    public int Transfers { get; init; }
    public string PaidTotal { get; init; } = "0.00";
    public int HeldBack { get; init; }
    public string HeldBackTotal { get; init; } = "0.00";
    /// <summary>Held-back items by reason (bad or missing IBAN, ...): they wait for a later run.</summary>
    public SortedDictionary<string, HeldBackGroup> HeldBackByReason { get; init; } = new(StringComparer.Ordinal);
    /// <summary>Negative amounts: listed in the held-back report, never netted against a payment.</summary>
    public int ToRecover { get; init; }
    public string ToRecoverTotal { get; init; } = "0.00";
    public int ZeroAmounts { get; init; }
    /// <summary>
    /// Items by purpose (care to providers, direct refunds, MAF refunds, AC advantages, indemnities), in the order of
    /// <see cref="Engine.Core.Payments.PaymentPurpose"/>: paid, held back, to recover. Absent in file format 1.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<PurposeSummary>? ByPurpose { get; init; }
    /// <summary>Items earlier runs held back that this run took over, and how many of them it paid.</summary>
    public int CarriedOver { get; init; }
    public int CarriedOverPaid { get; init; }
    public string CarriedOverPaidTotal { get; init; } = "0.00";
    /// <summary>Complements of recalculations (items 'adj:ID') this run took, and how many of them it paid.</summary>
    public int Complements { get; init; }
    public int ComplementsPaid { get; init; }
    public string ComplementsPaidTotal { get; init; } = "0.00";
    /// <summary>
    /// Years of care without MAF figures in the rules: the household-years whose counters wait, pending, after this run
    /// (their lines were paid; the refunds follow in the first run after the year's figures are added).
    /// </summary>
    /// Absent (null) when there is none, like the other issue-16 entries below: a run without any writes the summary it
    /// wrote before them (replays of older runs stay byte for byte).
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<MafPendingYear>? MafPending { get; init; }
    /// <summary>Refunds of pending lines this run computed once their year's figures were there: lines, euros, by year.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? MafSettledLines { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MafSettledTotal { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<MafPendingYear>? MafSettled { get; init; }
    /// <summary>
    /// Amounts computed on provisional rule values (confidence I or U; the files' `provisional` column names them): care
    /// lines (their insurer amount and MAF refund), indemnity cases and statements (net), AC decisions (granted).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ProvisionalSummary? Provisional { get; init; }
    /// <summary>Indemnity days held for a figure missing from rules/ (also in indemnities-held.csv), by case.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<IndemnityHeldSummary>? IndemnitiesHeld { get; init; }
    /// <summary>Every payment file and report: the pain.001 once per execution date, then the remittance and held-back reports.</summary>
    public List<PaymentFileSummary> PaymentFiles { get; init; } = [];
    /// <summary>Each payer's totals and files (docs/payers.md), the insurance first; absent when the insurance alone pays.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<PayerSummary>? Payers { get; init; }
    public List<string> Notes { get; init; } = [];
    /// <summary>Files written by the run, relative to its output folder.</summary>
    public List<string> Outputs { get; init; } = [];

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json).Replace("\r\n", "\n") + "\n";

    public static RunSummary FromJson(string json) => JsonSerializer.Deserialize<RunSummary>(json, Json)!;
}

/// <summary>
/// What went into one file: transfers, item lines, distinct payees and euros. For the pain.001, one entry per execution
/// date (its payment block). For the held-back report, the total is that of the held-back items (to-recover and zero
/// rows are counted in lines and payees, and summed apart in the summary).
/// </summary>
public sealed record PaymentFileSummary(string File, string? ExecutionDate, int Transfers, int Lines, int Payees, string Total, string Sha256);

public sealed record HeldBackGroup(int Items, int Payees, string Total);

/// <summary>One purpose's items in a run: paid, held back and to recover, in counts and euros.</summary>
public sealed record PurposeSummary(string Purpose, int PaidItems, string PaidTotal, int HeldItems, string HeldTotal, int ToRecoverItems,
    string ToRecoverTotal);

/// <summary>One year of care in the MAF pending (or settled) list: the missing figure and the households, in order.</summary>
public sealed record MafPendingYear(int Year, string Parameter, int Households, List<string> HouseholdIds);

/// <summary>Indemnity days of a case held for a missing figure.</summary>
public sealed record IndemnityHeldSummary(string CaseId, string FirstDay, string LastDay, int Days, string Parameter, string Date);

/// <summary>What a run computed on provisional figures (I or U), in counts and euros.</summary>
public sealed record ProvisionalSummary(int Lines, string LinesTotal, int Cases, int Statements, string IndemnityNetTotal, int AcDecisions,
    string AcGrantedTotal, string Total);

/// <summary>
/// What one payer pays in a run and the files it is claimed with: paid (transfers, items, total = its pain.001's control
/// sum = its statement's total), held back and to recover.
/// </summary>
public sealed record PayerSummary(string Payer, string Name, int Transfers, int PaidItems, string PaidTotal, int HeldItems, string HeldTotal,
    int ToRecoverItems, string ToRecoverTotal, string? PaymentFile, string? Statement);
