using Engine.Core.Money;
using Engine.Core.Payers;
using Engine.Core.Reimbursement;
using Engine.Core.Rules;
using Engine.Jobs.Data;
using Engine.Jobs.Efact;
using NodaTime;

namespace Engine.Jobs.Generation;

/// <summary>
/// Writes the third-party-payment care of a synthetic night as eFact sendings: one sending per provider, one
/// invoice per beneficiary, one record 50 per act. The amounts asked are what a provider's software computes
/// with the same rules (insurer part and personal share), and one line in two hundred carries a provider's
/// mistake in the amount asked, which the engine corrects.
/// </summary>
public sealed class EfactSendingBuilder(RuleSet rules, RegistrySnapshot registry, int mutuality)
{
    private readonly Dictionary<string, BeneficiaryRow> _members = registry.Beneficiaries.ToDictionary(b => b.BeneficiaryId);
    private readonly Dictionary<string, ProviderRow> _providers = registry.Providers.ToDictionary(p => p.ProviderId);
    private readonly HashSet<string> _bim = registry.Statuses.Where(s => s.Status == "bim").Select(s => s.BeneficiaryId).ToHashSet();
    private readonly HashSet<string> _bimAvantages = registry.Statuses.Where(s => s.BimAvantages).Select(s => s.BeneficiaryId).ToHashSet();
    private readonly Dictionary<string, string> _dmg = registry.Statuses.Where(s => s.Status == "dmg")
        .GroupBy(s => s.BeneficiaryId).ToDictionary(g => g.Key, g => g.First().ProviderId!);

    /// <summary>The billed amount of an act: the fee (a medicine's listed price) times the quantity plus any supplement.</summary>
    public Money Billed(CareEvent e)
    {
        var fee = rules.Reimbursement.FeesOf(e.Code).First(f => f.From <= e.Date && (f.To is null || e.Date <= f.To.Value));
        return fee.UnitFee.Times(e.Quantity) + e.Supplement;
    }

    public CareLine KernelLine(CareEvent e, Money billed) =>
        new(e.Code, e.Date, e.Quantity, billed, _providers[e.ProviderId].Conventioned,
            e.Channel == "eattest" ? Channel.Eattest : Channel.Efact, e.PrescriberId is not null,
            _dmg.TryGetValue(e.BeneficiaryId, out var gp) && gp == e.ProviderId);

    public BeneficiarySituation Situation(CareEvent e) =>
        new(_members[e.BeneficiaryId].BirthDate, _bim.Contains(e.BeneficiaryId), _dmg.ContainsKey(e.BeneficiaryId),
            _bimAvantages.Contains(e.BeneficiaryId));

    /// <summary>
    /// One sending per provider to the insurer's mutuality; a provider who treated MediPrima persons (registry mutuality
    /// 690) also sends their invoices to 690 in a sending of its own (one sending addresses one federation), under the
    /// next sending number, written after all the others. Invoice numbers run on across a provider's two sendings.
    /// </summary>
    public IReadOnlyList<(string FileName, EfactSending Sending)> Build(IReadOnlyList<CareEvent> events, LocalDate creationDate)
    {
        var result = new List<(string, EfactSending)>();
        var mediprima = new List<(ProviderRow Provider, YearMonth Month, int SendingNumber, List<EfactInvoice> Invoices)>();
        var byProvider = events.Where(e => e.Channel == "efact").GroupBy(e => e.ProviderId).OrderBy(g => g.Key, StringComparer.Ordinal).ToArray();
        // A provider's invoices depend on its own acts only: computed on every core, each in its place, then numbered in
        // provider order as before, so the sendings are the same whatever the number of threads.
        var perProvider = new (ProviderRow Provider, YearMonth Month, List<EfactInvoice> Invoices, List<EfactInvoice> ToMediprima)[byProvider.Length];
        Parallel.For(0, byProvider.Length, i => perProvider[i] = Invoices(byProvider[i]));
        int messageNo = 0;
        foreach (var (provider, month, invoices, toMediprima) in perProvider)
        {
            var sendingNumber = 1 + (int)(long.Parse(provider.Nihii[..6]) % 999);
            if (toMediprima.Count > 0) mediprima.Add((provider, month, sendingNumber % 999 + 1, toMediprima));
            if (invoices.Count == 0) continue;
            result.Add(Sending(provider, month, sendingNumber, ++messageNo, creationDate, invoices));
        }
        foreach (var (provider, month, sendingNumber, invoices) in mediprima)
            result.Add(Sending(provider, month, sendingNumber, ++messageNo, creationDate, invoices));
        return result;
    }

    /// <summary>One provider's invoices, one per beneficiary: those to the insurer's mutuality, those to MediPrima (690).</summary>
    private (ProviderRow Provider, YearMonth Month, List<EfactInvoice> Invoices, List<EfactInvoice> ToMediprima) Invoices(IGrouping<string, CareEvent> group)
    {
        var provider = _providers[group.Key];
        var last = group.Max(e => e.Date);
        var month = new YearMonth(last.Year, last.Month);
        var invoices = new List<EfactInvoice>();
        var toMediprima = new List<EfactInvoice>();
        long invoiceNo = 0;
        foreach (var perMember in group.GroupBy(e => e.BeneficiaryId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var member = _members[perMember.Key];
            var lines = new List<EfactServiceLine>();
            foreach (var e in perMember.OrderBy(e => e.Date).ThenBy(e => e.Number))
            {
                var billedWithoutSupplement = Billed(e) - e.Supplement;
                var claim = ReimbursementKernel.Compute(KernelLine(e, billedWithoutSupplement), Situation(e), rules.Reimbursement);
                var insurer = claim.InsurerAmount;
                if (e.Number % 200 == 0) insurer += new Money(100);
                var prescriber = e.PrescriberId is { } pid ? _providers[pid].Nihii : null;
                lines.Add(new EfactServiceLine(e.Code, e.Date, e.Date, provider.Nihii, 1, insurer, e.Quantity,
                    claim.PersonalShare, e.Supplement, provider.Conventioned ? 1 : 0, prescriber,
                    prescriber is null ? null : e.Date.PlusDays(-3), $"L{e.Number}"));
            }
            var to = member.Mutuality == PayerDecision.MediprimaMutuality ? PayerDecision.MediprimaMutuality : mutuality;
            (to == mutuality ? invoices : toMediprima).Add(new EfactInvoice(++invoiceNo, to, to, member.Niss,
                member.Sex == 1 ? EfactSex.Male : EfactSex.Female, EfactInvoice.Ambulatory, $"F{perMember.Key}", new ValueList<EfactServiceLine>(lines)));
        }
        return (provider, month, invoices, toMediprima);
    }

    private static (string, EfactSending) Sending(ProviderRow provider, YearMonth month, int sendingNumber, int messageNo, LocalDate creationDate,
        List<EfactInvoice> invoices)
    {
        var sending = new EfactSending($"{creationDate:yyyyMMdd}{messageNo:000000}", sendingNumber, month, creationDate, IsTest: false,
            provider.Nihii, Identifiers.EnterpriseNumber(int.Parse(provider.Nihii[1..8])), provider.Iban ?? "", "GKCCBEBB", $"S{provider.ProviderId}",
            new ValueList<EfactInvoice>(invoices));
        return ($"{provider.Nihii}-{month.Year}{month.Month:00}-{sendingNumber:000}.920000", sending);
    }
}
