using System.Security.Cryptography;
using System.Text;
using NodaTime;

namespace Engine.Jobs.Runs;

/// <summary>
/// What a run takes on. The nightly run: every care line not yet computed and every indemnity case. A pay-on-arrival
/// run: only the indemnity cases whose declaration just arrived, paid the same day instead of at the next night.
/// The run id follows from the scope, so the same scope started twice is the same run.
/// </summary>
public sealed record RunScope(string RunId, string Kind, LocalDate Date, bool CareLines, IReadOnlySet<string>? IndemnityCases)
{
    public static RunScope Nightly(LocalDate date) => new(RunIds.Nightly(date), "nightly", date, true, null);

    public static RunScope Arrival(LocalDate date, IEnumerable<string> caseIds)
    {
        var ids = caseIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', ids))))[..10];
        return new RunScope($"arrival-{date:yyyy-MM-dd}-{hash}", "arrival", date, false, ids.ToHashSet(StringComparer.Ordinal));
    }
}
