using NodaTime;

namespace Engine.Core.Rules;

/// <summary>
/// The successive values of one parameter. Built only through <see cref="Create"/>, which refuses overlaps and
/// gaps between consecutive periods, so a lookup either finds exactly one value or fails with the reason.
/// </summary>
public sealed class DatedSeries<T>
{
    private readonly Dated<T>[] _periods;

    public string Name { get; }
    public IReadOnlyList<Dated<T>> Periods => _periods;
    public LocalDate CoveredFrom => _periods[0].From;
    public LocalDate? CoveredTo => _periods[^1].To;

    private DatedSeries(string name, Dated<T>[] periods) { Name = name; _periods = periods; }

    public static DatedSeries<T> Create(string name, IEnumerable<Dated<T>> values)
    {
        var periods = values.OrderBy(v => v.From).ToArray();
        if (periods.Length == 0) throw new RuleLoadException($"parameter '{name}' has no value at all");
        for (int i = 0; i < periods.Length; i++)
        {
            var p = periods[i];
            if (p.To is { } to && to < p.From)
                throw new RuleLoadException($"{p.Origin.File}:{p.Origin.Line}: '{name}' ends ({to:yyyy-MM-dd}) before it starts ({p.From:yyyy-MM-dd})");
            if (i == 0) continue;
            var prev = periods[i - 1];
            if (prev.To is null || prev.To.Value >= p.From)
                throw new RuleLoadException(
                    $"{p.Origin.File}:{p.Origin.Line}: '{name}' overlaps the value of {prev.Origin.File}:{prev.Origin.Line} ({prev.Period} and {p.Period})");
            if (prev.To.Value.PlusDays(1) != p.From)
                throw new RuleLoadException(
                    $"{p.Origin.File}:{p.Origin.Line}: '{name}' has a gap from {prev.To.Value.PlusDays(1):yyyy-MM-dd} to {p.From.PlusDays(-1):yyyy-MM-dd} after {prev.Origin.File}:{prev.Origin.Line}");
        }
        return new DatedSeries<T>(name, periods);
    }

    public bool TryAt(LocalDate date, out Dated<T> value)
    {
        // Few periods per parameter: a backwards scan beats a binary search and allocates nothing.
        for (int i = _periods.Length - 1; i >= 0; i--)
        {
            if (_periods[i].From <= date)
            {
                value = _periods[i];
                return _periods[i].Covers(date);
            }
        }
        value = null!;
        return false;
    }

    public Dated<T> At(LocalDate date) =>
        TryAt(date, out var v) ? v : throw new RuleCoverageException(Name, date,
            $"the rules cover {CoveredFrom:yyyy-MM-dd} to {(CoveredTo is { } t ? t.ToString("yyyy-MM-dd", null) : "open end")}");
}
