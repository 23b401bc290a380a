using System.Text;
using Engine.Jobs.Data;

namespace Engine.Jobs.Runs;

/// <summary>
/// Which partition of a run computes what. What must be computed together stays together: every line of a household
/// (its MAF counter for the year), every AC request of a member (their allowances), an indemnity case. The key is hashed
/// (FNV-1a over its UTF-8 bytes, a fixed function: the same key gives the same partition on every machine and in every
/// store) into the run's number of partitions. A line whose member has no household that year goes by its member.
/// </summary>
public static class RunPartitioning
{
    /// <summary>
    /// How many partitions a nightly run of <paramref name="lines"/> lines to compute gets: at least
    /// <paramref name="configured"/>, and enough that none holds more than about <paramref name="linesPerPartition"/>
    /// (memory is bounded by the partition, not by the night). Fixed when the run starts (kept in its row).
    /// </summary>
    public static int Count(int configured, int linesPerPartition, long lines)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(configured, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(linesPerPartition, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(lines);
        return (int)Math.Max(configured, (lines + linesPerPartition - 1) / linesPerPartition);
    }

    public static int OfLine(WorkLine line, int partitions) =>
        Of(line.HouseholdId is { } h ? "household:" + h : "member:" + line.BeneficiaryId, partitions);

    /// <summary>The partition of a household's lines (and of its MAF counters).</summary>
    public static int OfHousehold(string householdId, int partitions) => Of("household:" + householdId, partitions);

    public static int OfAcRequest(AcRequestRow request, int partitions) => Of("member:" + request.MemberId, partitions);

    public static int OfCase(IndemnityCaseRow row, int partitions) => Of("case:" + row.CaseId, partitions);

    public static int Of(string key, int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        uint hash = 2166136261;
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            hash ^= b;
            hash *= 16777619;
        }
        return (int)(hash % (uint)partitions);
    }
}
