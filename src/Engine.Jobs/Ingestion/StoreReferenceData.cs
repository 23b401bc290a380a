using Engine.Core.Payers;
using Engine.Core.Rules;
using Engine.Jobs.Data;
using Engine.Jobs.Efact;
using NodaTime;

namespace Engine.Jobs.Ingestion;

/// <summary>
/// The insurer's data as the eFact and eAttest checks see it, loaded once per import from the store (registry as
/// known now) and the rules (codes and their dates).
/// </summary>
public sealed class StoreReferenceData : IEfactReferenceData
{
    private readonly HashSet<int> _mutualities;
    private readonly Dictionary<string, MemberCoverRow> _byNiss;
    private readonly Dictionary<string, ProviderRow> _byNihii;
    private readonly RuleSet _rules;
    private readonly HashSet<(string, string)> _received;

    public StoreReferenceData(IEngineStore store, RuleSet rules, Instant asOf, IEnumerable<int> mutualities)
    {
        _rules = rules;
        _mutualities = mutualities.ToHashSet();
        _byNiss = new Dictionary<string, MemberCoverRow>(StringComparer.Ordinal);
        foreach (var b in store.MemberCovers(asOf)) _byNiss[b.Niss] = b;
        _byNihii = new Dictionary<string, ProviderRow>(StringComparer.Ordinal);
        foreach (var p in store.Providers(asOf)) _byNihii[p.Nihii] = p;
        _received = store.ReceivedInvoices().Select(r => (r.Sender, r.InvoiceNumber)).ToHashSet();
    }

    public MemberCoverRow? Member(string niss) => _byNiss.GetValueOrDefault(niss);
    public ProviderRow? Provider(string nihii) => _byNihii.GetValueOrDefault(nihii);

    /// <summary>Invoices accepted during this import count at once: a second file repeating them is refused.</summary>
    public void Received(string sender, long invoiceNumber) => _received.Add((sender, invoiceNumber.ToString()));

    public bool IsOurMutuality(int mutuality) => _mutualities.Contains(mutuality);

    /// <summary>The insurance's view: a MediPrima person (registry mutuality 690) is never insured by it.</summary>
    public EfactBeneficiaryStatus Beneficiary(string niss, LocalDate careDate) => Beneficiary(niss, careDate, destinationMutuality: 0);

    /// <summary>
    /// An invoice addressed to MediPrima (690) is for a person the registry holds under mutuality 690, covered on the date
    /// by the CPAS decision (insured_from/insured_to of that row); any other invoice for a member of another mutuality
    /// than 690, insured on the date (docs/payers.md). The other kind of person is known but not covered.
    /// </summary>
    public EfactBeneficiaryStatus Beneficiary(string niss, LocalDate careDate, int destinationMutuality) =>
        !_byNiss.TryGetValue(niss, out var b) ? EfactBeneficiaryStatus.Unknown
        : (b.Mutuality == PayerDecision.MediprimaMutuality) != (destinationMutuality == PayerDecision.MediprimaMutuality) ? EfactBeneficiaryStatus.NotInsured
        : careDate >= b.InsuredFrom && (b.InsuredTo is null || careDate <= b.InsuredTo.Value) ? EfactBeneficiaryStatus.Insured
        : EfactBeneficiaryStatus.NotInsured;

    public bool IsKnownProvider(string nihii, LocalDate careDate) => _byNihii.ContainsKey(nihii);

    /// <summary>A fee period of the code holds the date: the kernel's own lookup (a code's periods neither overlap nor
    /// leave gaps, the rules refuse them), without a list or a delegate per line.</summary>
    public bool CodeExists(int nomenclatureCode, LocalDate serviceDate) =>
        _rules.Reimbursement.TryGetFee(nomenclatureCode, serviceDate, out _);

    public bool InvoiceAlreadyReceived(string thirdPartyNihii, long invoiceNumber) =>
        _received.Contains((thirdPartyNihii, invoiceNumber.ToString()));
}
