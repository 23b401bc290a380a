using System.Globalization;
using Engine.Jobs.Ingestion;
using NodaTime;

namespace Engine.Jobs.Generation;

/// <summary>
/// Indemnity declarations for a synthetic night: incapacities of employés and ouvriers (some wages above the ceiling,
/// some started over a year ago and now in invalidity), self-employed incapacities (short ones not paid), maternity
/// rests and birth leaves, for members of working age. Written as the inbox's declarations file.
/// </summary>
public static class IndemnityGenerator
{
    public static string Csv(GeneratorOptions o, RegistrySnapshot registry)
    {
        var rng = new Random(unchecked(o.Seed * 31 + 7));
        var adults = registry.Beneficiaries.Where(b => b.BirthDate <= o.RunDate.PlusYears(-20) && b.BirthDate > o.RunDate.PlusYears(-64)).ToList();
        var count = Math.Max(4, registry.Beneficiaries.Count / 150);
        var lines = new List<string> { string.Join(',', IndemnityDeclarationImport.Columns) };
        var end = o.CarePeriod.End;
        for (int i = 1; i <= count && adults.Count > 0; i++)
        {
            var member = adults[rng.Next(adults.Count)];
            var family = (rng.Next(3)) switch { 0 => "family", 1 => "isolated", _ => "cohabitant" };
            var roll = rng.Next(100);
            string kind, regime, regular = rng.Next(10) == 0 ? "false" : "true", wage = "";
            LocalDate first;
            LocalDate? last;
            if (roll < 60)
            {
                kind = "incapacity";
                regime = rng.Next(2) == 0 ? "employee" : "worker";
                wage = (rng.Next(8_000, 26_000) / 100m).ToString("0.00", CultureInfo.InvariantCulture);
                first = end.PlusDays(-rng.Next(20, 420));
                last = rng.Next(3) == 0 ? first.PlusDays(rng.Next(30, 200)) : null;
            }
            else if (roll < 75)
            {
                kind = "incapacity";
                regime = "self_employed";
                regular = "true";
                first = end.PlusDays(-rng.Next(10, 60));
                last = first.PlusDays(rng.Next(3, 30));
            }
            else if (roll < 90)
            {
                kind = "maternity";
                regime = rng.Next(2) == 0 ? "employee" : "worker";
                wage = (rng.Next(8_000, 22_000) / 100m).ToString("0.00", CultureInfo.InvariantCulture);
                first = end.PlusDays(-rng.Next(5, 60));
                last = first.PlusDays(15 * 7 - 1);
            }
            else
            {
                kind = "birth_leave";
                regime = rng.Next(2) == 0 ? "employee" : "worker";
                wage = (rng.Next(8_000, 22_000) / 100m).ToString("0.00", CultureInfo.InvariantCulture);
                first = end.PlusDays(-rng.Next(5, 40));
                last = first.PlusDays(19);
            }
            lines.Add(string.Join(',', $"IC{i:00000}", member.BeneficiaryId, kind, regime, regular,
                first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                last?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", wage, family));
        }
        return string.Join('\n', lines) + "\n";
    }
}
