using NodaTime;

namespace Engine.Jobs.Generation;

/// <summary>Sizes and mix of a synthetic night. The same options give the same data, byte for byte.</summary>
public sealed record GeneratorOptions
{
    public int Seed { get; init; } = 42;
    public int Members { get; init; } = 12_000;
    public int Lines { get; init; } = 30_000;
    /// <summary>The night the data is for: care is dated in the month before it.</summary>
    public LocalDate RunDate { get; init; } = new(2024, 3, 5);
    /// <summary>Share of households with the BIM right, in percent.</summary>
    public int BimPercent { get; init; } = 20;
    public int Mutuality { get; init; } = 131;
    /// <summary>Give about one member in 89 each a payer status (detainee mid-month, fedasil, mediprima, war victim: docs/payers.md).</summary>
    public bool PayerStatuses { get; init; } = true;

    public DateInterval CarePeriod
    {
        get
        {
            var month = RunDate.PlusMonths(-1);
            var first = new LocalDate(month.Year, month.Month, 1);
            return new DateInterval(first, first.PlusMonths(1).PlusDays(-1));
        }
    }

    public IEnumerable<string> Problems()
    {
        if (Members is < 1 or > 5_000_000) yield return $"--members {Members} must be between 1 and 5000000";
        if (Lines is < 0 or > 50_000_000) yield return $"--lines {Lines} must be between 0 and 50000000";
        if (BimPercent is < 0 or > 100) yield return $"--bim-percent {BimPercent} must be between 0 and 100";
    }
}
