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
        _members ??= Members();
        return _members.TryGetValue(niss, out var member) ? member : throw row.Error(column, "is not a member of the registry");
    }

    // Streamed (the registry's rows are not held, only each NISS and its member): a NISS given to two members names
    // the first of them by member id, as the registry reads them.
    private Dictionary<string, string> Members()
    {
        var members = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var b in store.StreamBeneficiaries(asOf)) members.TryAdd(b.Niss, b.BeneficiaryId);
        return members;
    }
}
