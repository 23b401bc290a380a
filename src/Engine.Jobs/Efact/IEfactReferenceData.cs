using NodaTime;

namespace Engine.Jobs.Efact;

/// <summary>
/// What the reader asks the insurer's data about an invoice. Implemented on the database by the import; an in-memory
/// version serves the tests and the generator. Calls must be pure lookups (no writes): the reader may call them in
/// any order and more than once.
/// </summary>
public interface IEfactReferenceData
{
    /// <summary>The destination mutuality (record 20 zone 18) is one this insurer pays for.</summary>
    bool IsOurMutuality(int mutuality);

    /// <summary>Whether the member is known, and insured on the care date (by the insurance: eAttest, invoices to the insurer).</summary>
    EfactBeneficiaryStatus Beneficiary(string niss, LocalDate careDate);

    /// <summary>
    /// Whether the beneficiary of an invoice addressed to <paramref name="destinationMutuality"/> is known, and covered on
    /// the care date: for MediPrima (690) a person of the registry's mutuality 690 covered on the date (the CPAS decision),
    /// else a member insured by the insurance (docs/payers.md).
    /// </summary>
    EfactBeneficiaryStatus Beneficiary(string niss, LocalDate careDate, int destinationMutuality) => Beneficiary(niss, careDate);

    /// <summary>The provider (NIHII, 11 digits) is known on the care date.</summary>
    bool IsKnownProvider(string nihii, LocalDate careDate);

    /// <summary>The nomenclature code (6 digits) exists on the service date.</summary>
    bool CodeExists(int nomenclatureCode, LocalDate serviceDate);

    /// <summary>
    /// This third party already sent this individual invoice number in an earlier sending (not counting the file being
    /// read: the import recognises a file sent twice by its content hash and identity before reading it again).
    /// </summary>
    bool InvoiceAlreadyReceived(string thirdPartyNihii, long invoiceNumber);
}

public enum EfactBeneficiaryStatus
{
    Unknown,
    NotInsured,
    Insured,
}

/// <summary>An <see cref="IEfactReferenceData"/> held in memory (tests, generator, dry runs).</summary>
public sealed class InMemoryEfactReferenceData : IEfactReferenceData
{
    public HashSet<int> Mutualities { get; init; } = [];

    /// <summary>Per NISS, the insured periods (inclusive).</summary>
    public Dictionary<string, List<DateInterval>> Members { get; init; } = [];

    /// <summary>Per NIHII, the period the provider is known (null = always).</summary>
    public Dictionary<string, DateInterval?> Providers { get; init; } = [];

    /// <summary>Per code, the periods it exists.</summary>
    public Dictionary<int, List<DateInterval>> Codes { get; init; } = [];

    /// <summary>(third party NIHII, invoice number) already received.</summary>
    public HashSet<(string, long)> ReceivedInvoices { get; init; } = [];

    /// <summary>Per NISS, the MediPrima persons (registry mutuality 690) and the periods the CPAS decisions cover.</summary>
    public Dictionary<string, List<DateInterval>> MediprimaPersons { get; init; } = [];

    public bool IsOurMutuality(int mutuality) => Mutualities.Contains(mutuality);

    public EfactBeneficiaryStatus Beneficiary(string niss, LocalDate careDate) =>
        MediprimaPersons.ContainsKey(niss) ? EfactBeneficiaryStatus.NotInsured : Covered(Members, niss, careDate);

    public EfactBeneficiaryStatus Beneficiary(string niss, LocalDate careDate, int destinationMutuality) =>
        destinationMutuality != Engine.Core.Payers.PayerDecision.MediprimaMutuality ? Beneficiary(niss, careDate)
        : Members.ContainsKey(niss) ? EfactBeneficiaryStatus.NotInsured
        : Covered(MediprimaPersons, niss, careDate);

    private static EfactBeneficiaryStatus Covered(Dictionary<string, List<DateInterval>> people, string niss, LocalDate careDate) =>
        !people.TryGetValue(niss, out var periods) ? EfactBeneficiaryStatus.Unknown
        : periods.Any(p => p.Contains(careDate)) ? EfactBeneficiaryStatus.Insured
        : EfactBeneficiaryStatus.NotInsured;

    public bool IsKnownProvider(string nihii, LocalDate careDate) =>
        Providers.TryGetValue(nihii, out var period) && (period is null || period.Contains(careDate));

    public bool CodeExists(int nomenclatureCode, LocalDate serviceDate) =>
        Codes.TryGetValue(nomenclatureCode, out var periods) && periods.Any(p => p.Contains(serviceDate));

    public bool InvoiceAlreadyReceived(string thirdPartyNihii, long invoiceNumber) =>
        ReceivedInvoices.Contains((thirdPartyNihii, invoiceNumber));
}
