using NodaTime;

namespace Engine.Core.Rules;

/// <summary>Named dated numeric parameters (rates, ceilings, minima, fixed amounts), as loaded from rules/.</summary>
public sealed class ParameterSet
{
    private readonly Dictionary<string, DatedSeries<decimal>> _series;

    public ParameterSet(IEnumerable<DatedSeries<decimal>> series) =>
        _series = series.ToDictionary(s => s.Name, StringComparer.Ordinal);

    public IEnumerable<DatedSeries<decimal>> All => _series.Values;

    public bool Has(string name) => _series.ContainsKey(name);

    public DatedSeries<decimal> Series(string name) =>
        _series.TryGetValue(name, out var s) ? s : throw new RuleLoadException($"parameter '{name}' is not defined in rules/");

    public Dated<decimal> At(string name, LocalDate date) => Series(name).At(date);
}
