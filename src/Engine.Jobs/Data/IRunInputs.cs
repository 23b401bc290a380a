using NodaTime;

namespace Engine.Jobs.Data;

/// <summary>
/// What a run reads: inputs as of an instant (the latest version of each key known by then), for the whole registry or
/// for one partition of a run's work list, and the state earlier runs left (MAF counters, indemnity coverage, AC
/// allowances, undecided requests).
/// </summary>
public interface IRunInputs
{
    IReadOnlyList<BeneficiaryRow> Beneficiaries(Instant asOf);
    IReadOnlyList<StatusRow> Statuses(Instant asOf);
    IReadOnlyList<ProviderRow> Providers(Instant asOf);
    IReadOnlyList<HouseholdRow> Households(Instant asOf);
    IReadOnlyList<HouseholdMemberRow> HouseholdMembers(Instant asOf);

    /// <summary>These members only, as of the instant.</summary>
    IReadOnlyList<BeneficiaryRow> Beneficiaries(Instant asOf, IEnumerable<string> ids);
    IReadOnlyList<StatusRow> Statuses(Instant asOf, IEnumerable<string> beneficiaryIds);
    /// <summary>The yearly facts of these households, as of the instant.</summary>
    IReadOnlyList<HouseholdRow> Households(Instant asOf, IEnumerable<string> householdIds);

    /// <summary>The care lines of one partition of a run's work list still to compute (no run has a result for them), in line order.</summary>
    IReadOnlyList<PartitionLine> PartitionLines(string runId, int partition);

    /// <summary>Care lines known by <paramref name="asOf"/> still to compute (lines_to_compute: no run has a result for them).</summary>
    IReadOnlyList<CareLineRow> UnprocessedLines(Instant asOf);
    IReadOnlyList<CareLineRow> Lines(IEnumerable<long> lineIds);
    /// <summary>The sendings without their raw bytes.</summary>
    IReadOnlyList<SendingRow> SendingHeaders(IEnumerable<long> sendingIds);

    IReadOnlyList<IndemnityCaseRow> IndemnityCases(Instant asOf);
    /// <summary>The family-situation changes of every case known by <paramref name="asOf"/> (latest version of each case and date).</summary>
    IReadOnlyList<IndemnityFamilyRow> IndemnityFamily(Instant asOf);
    /// <summary>Per case, the last day a run already covered.</summary>
    IReadOnlyDictionary<string, LocalDate> IndemnityPaidUntil();

    /// <summary>Requests known by <paramref name="asOf"/> without a decision, in date then arrival order.</summary>
    IReadOnlyList<AcRequestRow> UndecidedAcRequests(Instant asOf);
    /// <summary>The latest allowances runs left for each member.</summary>
    IReadOnlyList<AcMemberStateRow> LatestAcStates(IEnumerable<string> memberIds);
    /// <summary>The latest counter runs left for each household-year.</summary>
    IReadOnlyList<MafCounterRow> LatestMafCounters(IEnumerable<(string HouseholdId, int Year)> keys);
    /// <summary>
    /// Every household-year whose latest counter is pending (a year without MAF figures), by household then year; with
    /// <paramref name="beforeSeq"/>, as it stood before the run computed at that position (replay).
    /// </summary>
    IReadOnlyList<MafCounterRow> PendingMafCounters(long? beforeSeq = null);
    /// <summary>The indemnity days a run held for a missing figure, by case.</summary>
    IReadOnlyList<IndemnityHeldRow> IndemnitiesHeld(string runId);
    /// <summary>The refunds of pending lines a run computed, by line.</summary>
    IReadOnlyList<MafSettlementRow> MafSettlements(string runId);
    /// <summary>The refunds of pending lines computed by any run, for these lines.</summary>
    IReadOnlyList<MafSettlementRow> MafSettlementsOfLines(IEnumerable<long> lineIds);
}
