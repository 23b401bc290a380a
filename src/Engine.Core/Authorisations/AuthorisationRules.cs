using Engine.Core.Rules;
using NodaTime;

namespace Engine.Core.Authorisations;

/// <summary>Whether a code needs the medical adviser's prior agreement over a period, and the group it belongs to.</summary>
public sealed record AuthorisationFlag(bool Required, string? Group);

/// <summary>
/// The dated flags of rules/authorisations/prior-authorisation.csv: per nomenclature code, whether care needs the
/// medical adviser's prior agreement on its date. A code not listed never needs one; a listed code is covered without
/// gap from its first row (the loader refuses gaps and overlaps), and a date outside its rows needs none.
/// </summary>
public sealed class AuthorisationRules
{
    private readonly Dictionary<int, DatedSeries<AuthorisationFlag>> _byCode;

    public static AuthorisationRules Empty { get; } = new(new Dictionary<int, DatedSeries<AuthorisationFlag>>());

    public AuthorisationRules(IReadOnlyDictionary<int, DatedSeries<AuthorisationFlag>> byCode) => _byCode = new(byCode);

    public IReadOnlyCollection<int> Codes => _byCode.Keys;

    /// <summary>The flag in force for the code on the date, with its dated row; false when none applies.</summary>
    public bool TryRequirement(int code, LocalDate date, out Dated<AuthorisationFlag> flag)
    {
        flag = null!;
        return _byCode.TryGetValue(code, out var series) && series.TryAt(date, out flag);
    }

    /// <summary>True when care with this code on this date is paid only within a granted authorisation.</summary>
    public bool Requires(int code, LocalDate date) => TryRequirement(code, date, out var f) && f.Value.Required;

    /// <summary>The group of codes the code belongs to on the date (an authorisation may name the group), if any.</summary>
    public string? GroupOf(int code, LocalDate date) => TryRequirement(code, date, out var f) ? f.Value.Group : null;
}
