using Engine.Core.Money;
using Engine.Jobs.Data;
using NodaTime;

namespace Engine.Jobs.Generation;

/// <summary>
/// Builds households of 1 to 5 people, a settable BIM share, chronic and DMG statuses, AC contributions, and
/// providers of several kinds (most conventionnés), deterministically from the seed.
/// A few IBANs are missing or mistyped on purpose: the payment run must hold those payees back.
/// </summary>
public static class RegistryGenerator
{
    public static readonly (string Kind, string Qualification, int MembersPerProvider, int ConventionedPercent)[] ProviderKinds =
    [
        ("gp", "004", 250, 90),
        ("specialist", "580", 400, 80),
        ("physiotherapist", "527", 600, 90),
        ("dentist", "344", 700, 60),
        ("pharmacy", "000", 1500, 100),
    ];

    private static readonly int[] Banks = [1, 68, 363, 735, 143, 751, 979, 63];

    public static RegistrySnapshot Generate(GeneratorOptions o, Instant knownAt)
    {
        var rng = new Random(o.Seed);
        var year = o.CarePeriod.Start.Year;
        var beneficiaries = new List<BeneficiaryRow>(o.Members);
        var statuses = new List<StatusRow>();
        var households = new List<HouseholdRow>();
        var members = new List<HouseholdMemberRow>(o.Members);
        var providers = GenerateProviders(o, rng, knownAt);
        var gps = providers.Where(p => p.Kind == "gp").ToList();
        var nissSequence = new Dictionary<LocalDate, int>();
        int householdNo = 0;

        while (beneficiaries.Count < o.Members)
        {
            householdNo++;
            var householdId = $"H{householdNo:000000}";
            var size = Math.Min(o.Members - beneficiaries.Count, PickSize(rng));
            var bim = rng.Next(100) < o.BimPercent;
            var chronic = rng.Next(100) < 8;
            var income = bim ? rng.Next(8_000, 26_000) : rng.Next(12_000, 95_000);
            households.Add(new HouseholdRow
            {
                HouseholdId = householdId, Year = year, ReferenceIncome = Money.FromEuros(income + rng.Next(100) / 100m),
                BimHousehold = bim, Chronic = chronic, KnownAt = knownAt,
            });
            for (int i = 0; i < size; i++)
            {
                var child = i >= 2;
                var age = child ? rng.Next(0, 19) : rng.Next(19, 91);
                var birth = o.RunDate.PlusYears(-age).PlusDays(-rng.Next(0, 365));
                var sex = rng.Next(2) + 1;
                nissSequence.TryGetValue(birth, out var seq);
                seq = seq == 0 ? (sex == 1 ? 1 : 2) : seq + 2;
                nissSequence[birth] = seq;
                var id = $"M{beneficiaries.Count + 1:0000000}";
                beneficiaries.Add(new BeneficiaryRow
                {
                    BeneficiaryId = id, Niss = Identifiers.Niss(birth, seq), Name = Names.Person(rng), BirthDate = birth, Sex = sex,
                    Mutuality = o.Mutuality, Iban = child ? null : MemberIban(rng), InsuredFrom = birth, KnownAt = knownAt,
                });
                members.Add(new HouseholdMemberRow { HouseholdId = householdId, BeneficiaryId = id, Year = year, KnownAt = knownAt });
                var since = new LocalDate(Math.Max(birth.Year, 2015), 1, 1);
                // The poorest BIM households hold the right with a social benefit (BIM avantages), the others after an
                // income enquiry: the demo has both kinds (about two in five avantages).
                if (bim) statuses.Add(Status(id, "bim", since, null, knownAt, bimKind: income < 15_000 ? BimKinds.Avantages : BimKinds.Enquiry));
                if (chronic && i == 0) statuses.Add(Status(id, "chronic", since, null, knownAt));
                if (rng.Next(100) < 75)
                    statuses.Add(Status(id, "dmg", since, null, knownAt, gps[rng.Next(gps.Count)].ProviderId));
                var acRoll = rng.Next(100);
                if (acRoll < 96) statuses.Add(Status(id, "ac_in_order", since, null, knownAt));
                else if (acRoll < 98) statuses.Add(Status(id, "ac_in_order", since, o.RunDate.PlusMonths(-30), knownAt));
            }
        }
        // Children get the IBAN of the first adult of their household: refunds for a child go to the parent.
        var byHousehold = members.GroupBy(m => m.HouseholdId).ToDictionary(g => g.Key, g => g.Select(m => m.BeneficiaryId).ToList());
        var byId = beneficiaries.ToDictionary(b => b.BeneficiaryId);
        for (int i = 0; i < beneficiaries.Count; i++)
        {
            if (beneficiaries[i].Iban is not null || beneficiaries[i].BirthDate <= o.RunDate.PlusYears(-19)) continue;
            var parent = byHousehold[members[i].HouseholdId][0];
            beneficiaries[i] = Clone(beneficiaries[i], byId[parent].Iban);
        }
        if (o.PayerStatuses)
        {
            statuses.AddRange(PayerStatusesOf(beneficiaries, o, knownAt));
            for (int i = 0; i < beneficiaries.Count; i++)
                if (IsMediprimaPerson(i)) beneficiaries[i] = Mediprima(beneficiaries[i], o.CarePeriod);
        }
        return new RegistrySnapshot(beneficiaries, statuses, households, members, providers);
    }

    /// <summary>
    /// Payer statuses (docs/payers.md) for a few members, chosen by their number so that the random draws of every other
    /// value stay those of a registry without them: member n with n mod 89 = 7 is a detainee from the 10th to the 20th of
    /// the month of care (in and out of detention mid-month), 23 in Fedasil's care, 67 a war victim. 41 is no member but
    /// a MediPrima person (<see cref="IsMediprimaPerson"/>): no status, the invoices addressed to 690 say it.
    /// </summary>
    private static IEnumerable<StatusRow> PayerStatusesOf(IReadOnlyList<BeneficiaryRow> beneficiaries, GeneratorOptions o, Instant knownAt)
    {
        var care = o.CarePeriod;
        for (int i = 0; i < beneficiaries.Count; i++)
        {
            var id = beneficiaries[i].BeneficiaryId;
            switch ((i + 1) % 89)
            {
                case 7: yield return Status(id, Core.Payers.PayerStatuses.Detainee, care.Start.PlusDays(9), care.Start.PlusDays(19), knownAt); break;
                case 23: yield return Status(id, Core.Payers.PayerStatuses.Fedasil, care.Start.PlusMonths(-6), null, knownAt); break;
                case 67: yield return Status(id, Core.Payers.PayerStatuses.WarVictim, new LocalDate(2015, 1, 1), null, knownAt); break;
            }
        }
    }

    /// <summary>Person n with n mod 89 = 41 (index i = n - 1) is a MediPrima person, not a member of the insurance.</summary>
    public static bool IsMediprimaPerson(int index) => (index + 1) % 89 == 41;

    /// <summary>
    /// A MediPrima person as the registry holds one (docs/payers.md): mutuality 690, covered from two months before the
    /// month of care to three months after it (the CPAS decision), identified by the NISS the invoices carry.
    /// </summary>
    private static BeneficiaryRow Mediprima(BeneficiaryRow b, DateInterval care) => new()
    {
        BeneficiaryId = b.BeneficiaryId, Niss = b.Niss, Name = b.Name, BirthDate = b.BirthDate, Sex = b.Sex,
        Mutuality = Core.Payers.PayerDecision.MediprimaMutuality, Iban = b.Iban,
        InsuredFrom = care.Start.PlusMonths(-2), InsuredTo = care.End.PlusMonths(3), KnownAt = b.KnownAt, Language = b.Language,
    };

    private static List<ProviderRow> GenerateProviders(GeneratorOptions o, Random rng, Instant knownAt)
    {
        var list = new List<ProviderRow>();
        int number = 10_000;
        foreach (var (kind, qualification, per, conventioned) in ProviderKinds)
        {
            var count = Math.Max(3, o.Members / per);
            for (int i = 0; i < count; i++)
            {
                number += 7;
                var missingIban = rng.Next(200) == 0;
                list.Add(new ProviderRow
                {
                    ProviderId = $"P{list.Count + 1:00000}", Nihii = Identifiers.Nihii(number, qualification),
                    Name = Names.Provider(rng, kind), Kind = kind, Conventioned = rng.Next(100) < conventioned,
                    Iban = missingIban ? null : Identifiers.BelgianIban(Banks[rng.Next(Banks.Length)], rng.Next(1, 9_999_999)),
                    KnownAt = knownAt,
                });
            }
        }
        return list;
    }

    private static int PickSize(Random rng) => rng.Next(100) switch
    {
        < 35 => 1, < 65 => 2, < 80 => 3, < 93 => 4, _ => 5,
    };

    private static string? MemberIban(Random rng)
    {
        var roll = rng.Next(400);
        if (roll == 0) return null;
        var iban = Identifiers.BelgianIban(Banks[rng.Next(Banks.Length)], rng.Next(1, 9_999_999));
        // One in 400 mistyped: two digits swapped, which ISO 13616 catches.
        return roll == 1 ? iban[..6] + iban[7] + iban[6] + iban[8..] : iban;
    }

    private static StatusRow Status(string id, string status, LocalDate from, LocalDate? to, Instant knownAt, string? provider = null,
        string? bimKind = null) =>
        new() { BeneficiaryId = id, Status = status, FromDate = from, ToDate = to, ProviderId = provider, KnownAt = knownAt, BimKind = bimKind };

    private static BeneficiaryRow Clone(BeneficiaryRow b, string? iban) => new()
    {
        BeneficiaryId = b.BeneficiaryId, Niss = b.Niss, Name = b.Name, BirthDate = b.BirthDate, Sex = b.Sex,
        Mutuality = b.Mutuality, Iban = iban, InsuredFrom = b.InsuredFrom, InsuredTo = b.InsuredTo, KnownAt = b.KnownAt,
    };
}
