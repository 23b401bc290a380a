using Engine.Jobs.Bim;
using NodaTime;

namespace Engine.Jobs.Generation;

/// <summary>
/// Periods of unemployment for a synthetic night, as the insurer receives them (the BCSS/ONEM flow), written as the
/// inbox's unemployment file (<see cref="UnemploymentImport.Columns"/>): members of working age, most of them living
/// alone in the care year. The first two isolated members are unemployed for good (since 4 and 9 months before the run
/// date, still so): the BIM proposals of any month from then propose them; the others draw a long open period, a short
/// one, or one that ended. Deterministic: the same registry and options give the same file.
/// </summary>
public static class UnemploymentGenerator
{
    public static string Csv(GeneratorOptions o, RegistrySnapshot registry)
    {
        var rng = new Random(unchecked(o.Seed * 31 + 11));
        var size = registry.HouseholdMembers.GroupBy(m => (m.HouseholdId, m.Year)).ToDictionary(g => g.Key, g => g.Count());
        var alone = registry.HouseholdMembers.Where(m => size[(m.HouseholdId, m.Year)] == 1).Select(m => m.BeneficiaryId).ToHashSet(StringComparer.Ordinal);
        var adults = registry.Beneficiaries.Where(b => b.BirthDate <= o.RunDate.PlusYears(-20) && b.BirthDate > o.RunDate.PlusYears(-64))
            .OrderBy(b => b.BeneficiaryId, StringComparer.Ordinal).ToList();
        var isolated = adults.Where(b => alone.Contains(b.BeneficiaryId)).ToList();
        var lines = new List<string> { string.Join(',', UnemploymentImport.Columns) };
        string Day(LocalDate d) => d.ToString("yyyy-MM-dd", null);
        var number = 0;
        void Period(string niss, LocalDate from, LocalDate? to) => lines.Add($"{niss},{Day(from)},{(to is { } t ? Day(t) : "")},ONEM-{++number:000000}");

        foreach (var (member, months) in isolated.Take(2).Zip(new[] { 4, 9 })) Period(member.Niss, o.RunDate.PlusMonths(-months), null);
        var count = Math.Max(4, registry.Beneficiaries.Count / 200);
        for (int i = 0; i < count && adults.Count > 0; i++)
        {
            // Two draws in three among the isolated members (when there are any), the others among every adult.
            var pool = isolated.Count > 0 && rng.Next(3) > 0 ? isolated : adults;
            var member = pool[rng.Next(pool.Count)];
            var roll = rng.Next(4);
            var from = o.RunDate.PlusDays(-(roll switch { 0 or 1 => rng.Next(100, 400), 2 => rng.Next(10, 80), _ => rng.Next(200, 500) }));
            Period(member.Niss, from, roll == 3 ? from.PlusDays(rng.Next(30, 150)) : null);
        }
        return string.Join('\n', lines) + "\n";
    }
}
