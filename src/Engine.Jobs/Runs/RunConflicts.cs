using System.Text.Json;
using Engine.Jobs.Data;

namespace Engine.Jobs.Runs;

/// <summary>
/// Two runs computing at once (the nightly run and a pay-on-arrival run, or a run started by hand) both start from what
/// earlier runs stored. The first partition to commit wins; the other must store nothing and compute again from that
/// (Hangfire's retry, or a restart), so no line and no indemnity day is computed, and paid, twice, and no counter or
/// allowance forgets what another run counted. These rules read what the store found under the run lock
/// (<see cref="CommitFacts"/>); each store only reads, the rules are here, once.
/// </summary>
public static class RunConflicts
{
    public static IReadOnlyList<string> Find(PartitionCommit commit, CommitFacts facts)
    {
        var found = new List<string>();
        foreach (var (line, run) in facts.LinesComputed) found.Add($"line {line} (run {run})");
        // Indemnity days: a statement of another run overlapping one of this commit, for the same case.
        var byCase = facts.CaseStatements.ToLookup(s => s.CaseId, StringComparer.Ordinal);
        foreach (var p in commit.Indemnities)
            foreach (var o in byCase[p.CaseId].Where(o => o.PeriodStart <= p.PeriodEnd && o.PeriodEnd >= p.PeriodStart))
                found.Add($"indemnity case {p.CaseId} {DbTypes.Text(p.PeriodStart)}..{DbTypes.Text(p.PeriodEnd)} " +
                          $"(run {o.RunId}: {DbTypes.Text(o.PeriodStart)}..{DbTypes.Text(o.PeriodEnd)})");
        // A MAF counter continues the latest one stored: it holds all of its lines, unless another run stored a newer
        // counter of the household-year meanwhile. The same for a member's AC allowances and the requests they paid.
        var latestCounter = facts.LatestCounters.ToDictionary(c => (c.HouseholdId, c.Year));
        foreach (var n in commit.MafCounters)
            if (latestCounter.TryGetValue((n.HouseholdId, n.Year), out var o) && !Continues(n.LineIds, o.LineIds))
                found.Add($"MAF counter {n.HouseholdId} {n.Year} (run {o.RunId})");
        var latestState = facts.LatestAcStates.ToDictionary(s => s.MemberId, StringComparer.Ordinal);
        foreach (var n in commit.AcStates)
            if (latestState.TryGetValue(n.MemberId, out var o) && !Continues(n.PaidRequests, o.PaidRequests))
                found.Add($"AC allowances of {n.MemberId} (run {o.RunId})");
        foreach (var (request, run) in facts.RequestsDecided) found.Add($"AC request {request} (run {run})");
        return found;
    }

    /// <summary>Whether the JSON list <paramref name="mine"/> holds every entry of <paramref name="theirs"/>.</summary>
    private static bool Continues(string mine, string theirs)
    {
        var held = JsonSerializer.Deserialize<HashSet<string>>(mine)!;
        return JsonSerializer.Deserialize<List<string>>(theirs)!.All(held.Contains);
    }
}
