using NodaTime;

namespace Engine.Jobs.Data;

/// <summary>
/// Prior authorisations of the medical adviser and BIM on the insurer's initiative (migrations 0030/0031/0040 on SQLite,
/// 0004/0005/0014 on PostgreSQL, 0002/0003/0014 on SQL Server; docs/authorisations-and-bim.md).
/// </summary>
public partial interface IEngineStore
{
    /// <summary>Adds versions of authorisations (the caller keeps only rows new or differing from the latest version known).</summary>
    void AddPriorAuthorisations(IEnumerable<PriorAuthorisationRow> rows);

    /// <summary>The latest version known by <paramref name="asOf"/> of each authorisation (by reference), of these members (null: all), by member then reference.</summary>
    IReadOnlyList<PriorAuthorisationRow> PriorAuthorisations(Instant asOf, IEnumerable<string>? members = null);

    /// <summary>The care lines whose result is a rejection for a missing or used-up authorisation, with their member, by line.</summary>
    IReadOnlyList<(long LineId, string BeneficiaryId)> LinesAwaitingAuthorisation();

    /// <summary>
    /// The care lines of a run's work list (every partition) of these members, in line order: a partition counts the
    /// sessions of a member's authorisations over all of the run's lines of that member, whichever partition holds them.
    /// </summary>
    IReadOnlyList<CareLineRow> RunLinesOf(string runId, IEnumerable<string> members);

    /// <summary>The complements and undue amounts recorded for these items (e.g. 'line:42'), by item then recalculation.</summary>
    IReadOnlyList<AdjustmentRow> AdjustmentsOf(IEnumerable<string> items);

    /// <summary>Adds versions of unemployment periods (the caller keeps only rows new or differing from the latest version known).</summary>
    void AddUnemploymentPeriods(IEnumerable<UnemploymentPeriodRow> rows);

    /// <summary>The latest version known by <paramref name="asOf"/> of each unemployment period (by reference), by member, start, reference.</summary>
    IReadOnlyList<UnemploymentPeriodRow> UnemploymentPeriods(Instant asOf);

    /// <summary>Adds the proposals not made before for the same member and basis; returns how many were new.</summary>
    int AddBimProposals(IEnumerable<BimProposalRow> rows);

    /// <summary>Every proposal made, by month then member then basis.</summary>
    IReadOnlyList<BimProposalRow> BimProposals();

    /// <summary>Adds a decision not recorded before (by member and reference); true when it was new.</summary>
    bool AddBimDecision(BimDecisionRow row);

    IReadOnlyList<BimDecisionRow> BimDecisions();
}

/// <summary>One version of a decision of the medical adviser (table prior_authorisations).</summary>
public sealed class PriorAuthorisationRow
{
    public string Reference { get; init; } = "";
    public string MemberId { get; init; } = "";
    /// <summary>A nomenclature code's digits or a group of rules/authorisations.</summary>
    public string Codes { get; init; } = "";
    public LocalDate FromDate { get; init; }
    public LocalDate ToDate { get; init; }
    /// <summary>Null: no count of sessions.</summary>
    public int? Sessions { get; init; }
    /// <summary>granted or refused.</summary>
    public string Decision { get; init; } = "";
    /// <summary>The file it came in.</summary>
    public string FileName { get; init; } = "";
    public Instant KnownAt { get; init; }
}

/// <summary>A member proposed for examination of the BIM right on the insurer's initiative (table bim_proposals).</summary>
public sealed class BimProposalRow
{
    public string MemberId { get; init; } = "";
    /// <summary>incapacity (an indemnity case of three months or more, member isolated), invalidity, or unemployment
    /// (unemployed three months or more, member isolated).</summary>
    public string Basis { get; init; } = "";
    /// <summary>yyyy-MM: the month of the proposals it was first made in.</summary>
    public string Month { get; init; } = "";
    /// <summary>The indemnity case, or for unemployment the reference of the period it started with.</summary>
    public string CaseId { get; init; } = "";
    public LocalDate Since { get; init; }
    public string Household { get; init; } = "";
    public string Reason { get; init; } = "";
    public Instant ProposedAt { get; init; }
}

/// <summary>A decision granting BIM on the insurer's initiative, imported back (table bim_decisions).</summary>
public sealed class BimDecisionRow
{
    public string MemberId { get; init; } = "";
    public LocalDate GrantedFrom { get; init; }
    public string Reference { get; init; } = "";
    public string FileName { get; init; } = "";
    public Instant KnownAt { get; init; }
}

/// <summary>
/// One version of a period of unemployment of a member, as the insurer receives it (the BCSS/ONEM flow; table
/// unemployment_periods).
/// </summary>
public sealed class UnemploymentPeriodRow
{
    /// <summary>The source's reference of the period: its key.</summary>
    public string Reference { get; init; } = "";
    public string MemberId { get; init; } = "";
    public LocalDate FromDate { get; init; }
    /// <summary>Null: still unemployed (as known).</summary>
    public LocalDate? ToDate { get; init; }
    public string FileName { get; init; } = "";
    public Instant KnownAt { get; init; }
}
