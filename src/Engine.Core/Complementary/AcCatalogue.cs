using Engine.Core.Rules;
using NodaTime;

namespace Engine.Core.Complementary;

/// <summary>One insurer's AC catalogue: each advantage id with its dated rows.</summary>
public sealed class AcCatalogue(string insurerId, IReadOnlyDictionary<string, DatedSeries<AcAdvantage>> advantages)
{
    public string InsurerId { get; } = insurerId;
    public IReadOnlyDictionary<string, DatedSeries<AcAdvantage>> Advantages { get; } = advantages;

    /// <summary>The advantages in force on a date whose proof is this attestation kind or nomenclature code.</summary>
    public IEnumerable<Dated<AcAdvantage>> ByProof(AcProofKind kind, string proof, LocalDate date) =>
        Advantages.Values.Select(s => s.TryAt(date, out var v) ? v : null)
            .Where(v => v is not null && v.Value.ProofKind == kind && v.Value.Proof == proof)
            .OrderBy(v => v!.Value.Id, StringComparer.Ordinal)!;

    /// <summary>Whether any advantage of the catalogue is in force on the date: a date no row covers is a period the
    /// catalogue has no figures for (a request then is refused, never computed on another year's amounts).</summary>
    public bool Covers(LocalDate date) => Advantages.Values.Any(s => s.TryAt(date, out _));

    /// <summary>The periods the catalogue covers, for a reason text: "2024-01-01 to 2025-12-31" (an open end says so).</summary>
    public string Coverage()
    {
        if (Advantages.Count == 0) return "nothing";
        var from = Advantages.Values.Min(s => s.CoveredFrom);
        var to = Advantages.Values.Any(s => s.CoveredTo is null) ? null : Advantages.Values.Max(s => s.CoveredTo);
        return $"{from:yyyy-MM-dd} to {(to is { } t ? t.ToString("yyyy-MM-dd", null) : "open end")}";
    }

    /// <summary>The ids of the advantages that have ever belonged to an exclusive group, in id order.</summary>
    public IReadOnlyList<string> GroupMembers(string group) =>
        Advantages.Where(kv => kv.Value.Periods.Any(p => p.Value.ExclusiveGroup == group))
            .Select(kv => kv.Key).OrderBy(k => k, StringComparer.Ordinal).ToList();
}

/// <summary>Every insurer's catalogue found in rules/complementary/, and the one used when none is named.</summary>
public sealed class AcCatalogues(string? defaultInsurer, IReadOnlyDictionary<string, AcCatalogue> byInsurer)
{
    public static AcCatalogues Empty { get; } = new(null, new Dictionary<string, AcCatalogue>());

    public string? DefaultInsurer { get; } = defaultInsurer;
    public IReadOnlyDictionary<string, AcCatalogue> ByInsurer { get; } = byInsurer;

    /// <summary>The named insurer's catalogue, or the default one when <paramref name="insurer"/> is null.</summary>
    public AcCatalogue? Find(string? insurer) =>
        (insurer ?? DefaultInsurer) is { } id && ByInsurer.TryGetValue(id, out var c) ? c : null;
}
