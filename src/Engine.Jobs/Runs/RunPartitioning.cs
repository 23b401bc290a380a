using System.Buffers;
using System.Runtime.CompilerServices;
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
        line.HouseholdId is { } h ? Of("household:"u8, h, partitions) : Of("member:"u8, line.BeneficiaryId, partitions);

    /// <summary>The partition of a household's lines (and of its MAF counters).</summary>
    public static int OfHousehold(string householdId, int partitions) => Of("household:"u8, householdId, partitions);

    public static int OfAcRequest(AcRequestRow request, int partitions) => Of("member:"u8, request.MemberId, partitions);

    public static int OfCase(IndemnityCaseRow row, int partitions) => Of("case:"u8, row.CaseId, partitions);

    public static int Of(string key, int partitions) => Of([], key, partitions);

    /// <summary>
    /// The partition of the key <paramref name="prefix"/> + <paramref name="id"/>, hashed as the UTF-8 bytes of the
    /// prefix (ASCII) then those of the id: the UTF-8 bytes of the whole key, without making it (called once per line of
    /// a run when it starts).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Of(ReadOnlySpan<byte> prefix, string id, int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        var start = Fnv(2166136261, prefix);
        // An ASCII id is its own UTF-8 bytes.
        var hash = start;
        foreach (var ch in id)
        {
            if (ch >= 0x80) return OfUtf8(start, id, partitions);
            hash ^= ch;
            hash *= 16777619;
        }
        return (int)(hash % (uint)partitions);
    }

    private static int OfUtf8(uint start, string id, int partitions)
    {
        var most = Encoding.UTF8.GetMaxByteCount(id.Length);
        byte[]? rented = null;
        var bytes = most <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(most));
        var hash = Fnv(start, bytes[..Encoding.UTF8.GetBytes(id, bytes)]);
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        return (int)(hash % (uint)partitions);
    }

    /// <summary>FNV-1a over <paramref name="bytes"/>, from <paramref name="hash"/>.</summary>
    private static uint Fnv(uint hash, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            hash ^= b;
            hash *= 16777619;
        }
        return hash;
    }
}
