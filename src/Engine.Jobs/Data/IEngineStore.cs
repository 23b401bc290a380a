using NodaTime;

namespace Engine.Jobs.Data;

/// <summary>
/// Everything the jobs read and write. One implementation per store holds all of that store's SQL (SQLite now;
/// PostgreSQL and SQL Server implement the same contract in a folder of their own), so the jobs never change with the
/// store. The contract is split by what it serves: receiving inputs (here), what a run reads
/// (<see cref="IRunInputs"/>), a run's state and the run lock (<see cref="IRunStateStore"/>), what runs computed
/// (<see cref="IRunResultsStore"/>), their payments (<see cref="IRunPaymentsStore"/>), recalculation and replay.
/// Reads "as of" an instant see only rows known by then, and for each key the latest version known by then.
/// </summary>
public partial interface IEngineStore : IRunInputs, IRunStateStore, IRunResultsStore, IRunPaymentsStore
{
    /// <summary>Creates or upgrades the schema; returns the names of the scripts applied.</summary>
    IReadOnlyList<string> Migrate(Instant now);

    void AddBeneficiaries(IEnumerable<BeneficiaryRow> rows);
    void AddStatuses(IEnumerable<StatusRow> rows);
    void AddProviders(IEnumerable<ProviderRow> rows);
    void AddHouseholds(IEnumerable<HouseholdRow> rows, IEnumerable<HouseholdMemberRow> members);

    // The latest version known by asOf of each row of a registry file, as the lists of IRunInputs (Beneficiaries(asOf)
    // and the others) read them, but streamed as they are read and never held: what `import registry` compares each
    // file with, a million rows and more. The statuses come in no particular order (their order costs a sort of every
    // status; the import does not need it).
    IEnumerable<BeneficiaryRow> StreamBeneficiaries(Instant asOf);
    IEnumerable<StatusRow> StreamStatuses(Instant asOf);
    IEnumerable<ProviderRow> StreamProviders(Instant asOf);
    IEnumerable<HouseholdRow> StreamHouseholds(Instant asOf);
    IEnumerable<HouseholdMemberRow> StreamHouseholdMembers(Instant asOf);

    /// <summary>
    /// What the imports check a received line's member against, for each member (<see cref="StreamBeneficiaries"/>'s rows,
    /// in its order, with only these columns): an import reads every member once before its first file, and the whole
    /// row (name, IBAN, birth date, language...) cost more than the import's checks. A store may read the columns alone.
    /// </summary>
    IEnumerable<MemberCoverRow> MemberCovers(Instant asOf) =>
        StreamBeneficiaries(asOf).Select(b => new MemberCoverRow(b.BeneficiaryId, b.Niss, b.Mutuality, b.InsuredFrom, b.InsuredTo));

    SendingRow? SendingBySha256(string sha256);
    bool SendingIdentityExists(string identity);
    /// <summary>Stores a received file and its accepted lines in one transaction; returns the sending id.</summary>
    long AddSending(SendingRow sending, IReadOnlyList<CareLineRow> lines);
    /// <summary>A writer taking many received files per transaction (the inbox import): see <see cref="ISendingWriter"/>.</summary>
    ISendingWriter OpenSendingWriter();
    IReadOnlyList<SendingRow> Sendings();
    /// <summary>Every (sender, invoice number) whose lines were accepted: an invoice number is never received twice.</summary>
    IReadOnlyList<(string Sender, string InvoiceNumber)> ReceivedInvoices();

    void AddIndemnityCases(IEnumerable<IndemnityCaseRow> rows);
    void AddIndemnityFamily(IEnumerable<IndemnityFamilyRow> rows);

    /// <summary>Adds AC requests not received before (by request id); returns how many were new.</summary>
    int AddAcRequests(IEnumerable<AcRequestRow> rows);
}

public sealed class PaymentItemRow
{
    public string EndToEndId { get; init; } = "";
    public string ItemKind { get; init; } = "";
    public long ItemId { get; init; }
    public Engine.Core.Money.Money Amount { get; init; }
}
