using Engine.Core.Money;
using Engine.Jobs.Data;
using NodaTime;

namespace Engine.Jobs.Generation;

/// <summary>
/// A realistic mix of care over the care period: GP consultations most often, then medicines, specialists,
/// physiotherapy, dental care, home visits; some supplements billed by non-conventioned providers (and, rarely, to
/// BIM patients, which the kernel must flag). Codes come from the rules by kind of care.
/// </summary>
public static class CareGenerator
{
    /// <summary>Kind of care, weight in 1000, provider kind, percent sent as eFact (the rest as eAttest).</summary>
    public static readonly (string Kind, int Weight, string ProviderKind, int EfactPercent)[] Mix =
    [
        ("gp_consultation", 380, "gp", 55),
        ("gp_home_visit", 50, "gp", 55),
        ("specialist_consultation", 150, "specialist", 30),
        ("physiotherapy", 110, "physiotherapist", 85),
        ("dental_basic", 70, "dentist", 20),
        ("medicine_A", 30, "pharmacy", 100),
        ("medicine_B", 120, "pharmacy", 100),
        ("medicine_C", 60, "pharmacy", 100),
        ("medicine_Cs", 15, "pharmacy", 100),
        ("medicine_Cx", 15, "pharmacy", 100),
    ];

    public static IReadOnlyList<CareEvent> Generate(GeneratorOptions o, RegistrySnapshot registry, Func<string, IReadOnlyList<int>> codesOfKind)
    {
        // The codes of a kind asked once: a caller's lookup may scan and sort the whole nomenclature, which once a line
        // cost most of the generation (the same codes every time, so the same draws).
        var codeCache = new Dictionary<string, IReadOnlyList<int>>(StringComparer.Ordinal);
        var askCodes = codesOfKind;
        codesOfKind = kind => codeCache.TryGetValue(kind, out var known) ? known : codeCache[kind] = askCodes(kind);
        var rng = new Random(unchecked(o.Seed * 7919 + 17));
        var providerById = registry.Providers.ToDictionary(p => p.ProviderId);
        var providersByKind = registry.Providers.GroupBy(p => p.Kind).ToDictionary(g => g.Key, g => g.ToList());
        var dmgGp = registry.Statuses.Where(s => s.Status == "dmg").GroupBy(s => s.BeneficiaryId)
            .ToDictionary(g => g.Key, g => g.First().ProviderId!);
        var bim = registry.Statuses.Where(s => s.Status == "bim").Select(s => s.BeneficiaryId).ToHashSet();
        var mix = Mix.Where(m => codesOfKind(m.Kind).Count > 0).ToArray();
        var totalWeight = mix.Sum(m => m.Weight);
        var period = o.CarePeriod;
        var days = period.Length;
        var events = new List<CareEvent>(o.Lines);
        // A few heavy users (chronic care, long physiotherapy) bring one line in ten, dated from 1 January: late lines
        // for earlier months, and households that cross their MAF ceiling.
        var byId = registry.Beneficiaries.ToDictionary(b => b.BeneficiaryId);
        var modest = registry.Households.Where(h => h.ReferenceIncome is { } i && i.Cents < 2_300_000).Select(h => h.HouseholdId).ToHashSet();
        var candidates = registry.HouseholdMembers.Where(m => modest.Contains(m.HouseholdId))
            .Take(2000).Select(m => byId[m.BeneficiaryId]).ToList();
        if (candidates.Count == 0) candidates = registry.Beneficiaries.ToList();
        var heavy = Enumerable.Range(0, Math.Max(1, registry.Beneficiaries.Count / 400))
            .Select(_ => candidates[rng.Next(candidates.Count)]).ToArray();
        var yearStart = new LocalDate(period.Start.Year, 1, 1);
        var yearDays = Period.DaysBetween(yearStart, period.End) + 1;

        for (int n = 1; n <= o.Lines; n++)
        {
            var roll = rng.Next(totalWeight);
            var pick = mix[0];
            foreach (var m in mix)
            {
                if (roll < m.Weight) { pick = m; break; }
                roll -= m.Weight;
            }
            var isHeavy = n % 7 == 0;
            if (isHeavy) pick = mix.First(m => m.Kind == (n % 2 == 0 ? "physiotherapy" : "specialist_consultation"));
            var member = isHeavy ? heavy[rng.Next(heavy.Length)] : registry.Beneficiaries[rng.Next(registry.Beneficiaries.Count)];
            var providers = providersByKind[pick.ProviderKind];
            var provider = providers[rng.Next(providers.Count)];
            // Most GP care is given by the GP who holds the member's DMG.
            if (pick.ProviderKind == "gp" && dmgGp.TryGetValue(member.BeneficiaryId, out var gpId) && rng.Next(100) < 80)
                provider = providerById[gpId];
            var codes = codesOfKind(pick.Kind);
            var code = codes[rng.Next(codes.Count)];
            var date = isHeavy ? yearStart.PlusDays(rng.Next(yearDays)) : period.Start.PlusDays(rng.Next(days));
            var quantity = pick.Kind == "physiotherapy" && rng.Next(10) == 0 ? 2 : 1;
            var supplement = Money.Zero;
            if (!provider.Conventioned && !pick.Kind.StartsWith("medicine", StringComparison.Ordinal) && rng.Next(100) < 70)
            {
                // Non-conventioned providers bill supplements, rarely even to BIM patients (forbidden for BIM avantages from
                // 2025, for every BIM from 2026: the kernel pays the line and flags the supplement).
                if (!bim.Contains(member.BeneficiaryId) || rng.Next(100) < 10)
                    supplement = new Money(rng.Next(5, 40) * 100);
            }
            var channel = rng.Next(100) < pick.EfactPercent ? "efact" : "eattest";
            // MediPrima pays the providers only (third-party payment): a MediPrima person's care is invoiced to 690.
            if (member.Mutuality == Core.Payers.PayerDecision.MediprimaMutuality) channel = "efact";
            string? prescriber = null;
            if (pick.Kind is "specialist_consultation" && rng.Next(100) < 40 || pick.Kind is "physiotherapy")
            {
                var gps = providersByKind["gp"];
                prescriber = gps[rng.Next(gps.Count)].ProviderId;
            }
            events.Add(new CareEvent(n, member.BeneficiaryId, provider.ProviderId, pick.Kind, code, date, quantity,
                supplement, channel, prescriber));
        }
        return events;
    }
}
