using Engine.Jobs.Data;
using Engine.Jobs.Efact;
using NodaTime;

namespace Engine.Jobs.Registry;

/// <summary>
/// The member a file names by NISS (the adviser's decisions, the BCSS's unemployment periods), from the registry as of
/// an instant, read once, on the first row that needs it: a file whose every row is malformed reads nothing.
/// </summary>
public sealed class MembersByNiss(IEngineStore store, Instant asOf)
{
    private Dictionary<string, string>? _members;

    /// <summary>The member of the row's NISS column, or the row's error naming that column.</summary>
    public string MemberOf(CsvRow row, string column)
    {
        var niss = row.Text(column);
        if (!BelgianIdentifiers.IsValidNiss(niss)) throw row.Error(column, "is not a NISS with valid check digits");
        _members ??= store.Beneficiaries(asOf).GroupBy(b => b.Niss, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().BeneficiaryId, StringComparer.Ordinal);
        return _members.TryGetValue(niss, out var member) ? member : throw row.Error(column, "is not a member of the registry");
    }
}
