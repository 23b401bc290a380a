using System.Globalization;
using Engine.Jobs.Ingestion;

namespace Engine.Jobs.Generation;

/// <summary>
/// Complementary-insurance requests for a synthetic night: sport clubs and events, psychologist and dietitian
/// sessions, births (premium or voucher), a few members asking a fourth sport event or a child's orthodontics.
/// </summary>
public static class AcRequestGenerator
{
    private static readonly (string Advantage, int MinCents, int MaxCents)[] Kinds =
    [
        ("sport_club", 8_000, 25_000), ("sport_event", 1_500, 6_000), ("sport_app", 2_000, 6_000), ("sport_medical", 2_000, 5_000),
        ("psychology_session", 5_000, 7_000), ("dietitian_session", 3_000, 5_000), ("orthodontics_child", 50_000, 150_000),
        ("burnout_screening", 5_000, 9_000), ("alternative_therapy", 4_000, 6_000), ("birth_premium", 0, 0), ("pregnancy_vitamins", 2_000, 6_000),
    ];

    public static string Csv(GeneratorOptions o, RegistrySnapshot registry)
    {
        var rng = new Random(unchecked(o.Seed * 131 + 3));
        var lines = new List<string> { string.Join(',', AcRequestImport.Columns) };
        var count = Math.Max(5, registry.Beneficiaries.Count / 30);
        var period = o.CarePeriod;
        for (int i = 1; i <= count; i++)
        {
            var member = registry.Beneficiaries[rng.Next(registry.Beneficiaries.Count)];
            var (advantage, min, max) = Kinds[rng.Next(Kinds.Length)];
            var date = period.Start.PlusDays(rng.Next(period.Length));
            var amount = max == 0 ? 0 : rng.Next(min, max + 1);
            var repeats = advantage == "sport_event" ? rng.Next(1, 5) : 1;
            for (int k = 0; k < repeats; k++)
                lines.Add(string.Join(',', $"AC{i:000000}-{k + 1}", member.BeneficiaryId, advantage,
                    date.PlusDays(-k).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    (amount / 100m).ToString("0.00", CultureInfo.InvariantCulture), advantage == "birth_premium" ? $"BIRTH-{member.BeneficiaryId}" : ""));
        }
        return string.Join('\n', lines) + "\n";
    }
}
