using NodaTime;

namespace Engine.Jobs.Data;

/// <summary>
/// Everything the jobs read and write. One implementation per store holds all of that store's SQL
/// (SQLite now; PostgreSQL and SQL Server implement the same contract), so the jobs never change with the store.
/// Reads "as of" an instant see only rows known by then, and for each key the latest version known by then.
/// </summary>
public partial interface IEngineStore
{
    /// <summary>Creates or upgrades the schema; returns the names of the scripts applied.</summary>
    IReadOnlyList<string> Migrate(Instant now);

    void AddBeneficiaries(IEnumerable<BeneficiaryRow> rows);
    void AddStatuses(IEnumerable<StatusRow> rows);
    void AddProviders(IEnumerable<ProviderRow> rows);
    void AddHouseholds(IEnumerable<HouseholdRow> rows, IEnumerable<HouseholdMemberRow> members);

    IReadOnlyList<BeneficiaryRow> Beneficiaries(Instant asOf);
    IReadOnlyList<StatusRow> Statuses(Instant asOf);
    IReadOnlyList<ProviderRow> Providers(Instant asOf);
    IReadOnlyList<HouseholdRow> Households(Instant asOf);
    IReadOnlyList<HouseholdMemberRow> HouseholdMembers(Instant asOf);

    SendingRow? SendingBySha256(string sha256);
    bool SendingIdentityExists(string identity);
    /// <summary>Stores a received file and its accepted lines in one transaction; returns the sending id.</summary>
    long AddSending(SendingRow sending, IReadOnlyList<CareLineRow> lines);
    /// <summary>A writer taking many received files per transaction (the inbox import): see <see cref="ISendingWriter"/>.</summary>
    ISendingWriter OpenSendingWriter();
    IReadOnlyList<SendingRow> Sendings();
    /// <summary>Every (sender, invoice number) whose lines were accepted: an invoice number is never received twice.</summary>
    IReadOnlyList<(string Sender, string InvoiceNumber)> ReceivedInvoices();
    /// <summary>The sendings without their raw bytes.</summary>
    IReadOnlyList<SendingRow> SendingHeaders(IEnumerable<long> sendingIds);

    /// <summary>Care lines known by <paramref name="asOf"/> that no completed or computed run has a result for.</summary>
    IReadOnlyList<CareLineRow> UnprocessedLines(Instant asOf);
    IReadOnlyList<CareLineRow> Lines(IEnumerable<long> lineIds);

    RunRow? Run(string runId);
    void StartRun(RunRow run);
    /// <summary>
    /// Stores what a run computed (line results, the MAF counters it moved, indemnity statements, AC decisions and the
    /// allowances they leave) and marks it computed, in one transaction: a run that dies before leaves nothing.
    /// </summary>
    void SaveResults(string runId, IReadOnlyList<LineResultRow> results, IReadOnlyList<MafCounterRow> mafCounters,
        IReadOnlyList<IndemnityPaymentRow>? indemnities = null, IReadOnlyList<AcDecisionRow>? acDecisions = null,
        IReadOnlyList<AcMemberStateRow>? acStates = null);

    void AddIndemnityCases(IEnumerable<IndemnityCaseRow> rows);
    IReadOnlyList<IndemnityCaseRow> IndemnityCases(Instant asOf);
    void AddIndemnityFamily(IEnumerable<IndemnityFamilyRow> rows);
    /// <summary>The family-situation changes of every case known by <paramref name="asOf"/> (latest version of each case and date).</summary>
    IReadOnlyList<IndemnityFamilyRow> IndemnityFamily(Instant asOf);
    /// <summary>Per case, the last day a computed or completed run already covered.</summary>
    IReadOnlyDictionary<string, LocalDate> IndemnityPaidUntil();
    IReadOnlyList<IndemnityPaymentRow> IndemnityPayments(string runId);

    /// <summary>Adds AC requests not received before (by request id); returns how many were new.</summary>
    int AddAcRequests(IEnumerable<AcRequestRow> rows);
    /// <summary>Requests known by <paramref name="asOf"/> without a decision, in date then arrival order.</summary>
    IReadOnlyList<AcRequestRow> UndecidedAcRequests(Instant asOf);
    IReadOnlyList<AcMemberStateRow> LatestAcStates(IEnumerable<string> memberIds);
    IReadOnlyList<AcDecisionRow> AcDecisions(string runId);
    /// <summary>The latest counter of each household-year left by a computed or completed run.</summary>
    IReadOnlyList<MafCounterRow> LatestMafCounters(IEnumerable<(string HouseholdId, int Year)> keys);
    IReadOnlyList<LineResultRow> Results(string runId);
    /// <summary>Every result a computed or completed run stored for one care line, oldest run first.</summary>
    IReadOnlyList<LineResultRow> ResultsOfLine(long lineId);
    /// <summary>Stores the transfers of a run and marks it completed with its summary, in one transaction.</summary>
    void CompleteRun(string runId, IReadOnlyList<PaymentRow> payments, IReadOnlyList<PaymentItemRow> items, Instant finishedAt, string summary);
    IReadOnlyList<PaymentRow> Payments(string runId);
}

public sealed class PaymentItemRow
{
    public string EndToEndId { get; init; } = "";
    public string ItemKind { get; init; } = "";
    public long ItemId { get; init; }
    public Engine.Core.Money.Money Amount { get; init; }
}
