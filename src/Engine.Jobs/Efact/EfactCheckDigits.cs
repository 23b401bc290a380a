using System.Runtime.CompilerServices;

namespace Engine.Jobs.Efact;

/// <summary>The control figures of the eFact layout (efact-layout.md §5.1 and §5.2).</summary>
public static class EfactCheckDigits
{
    /// <summary>
    /// Record check digits (zone 99) of a 350-character record: the value of positions 1-348 summed
    /// (digit = its value, space = 10, letter A-Z/a-z = 11-36, anything else = 37), modulo 97, 0 written 97.
    /// This is the algorithm the mutualities apply today; the 2014 CIN reference files carry it + 10 (§5.1).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int ForRecord(ReadOnlySpan<char> record)
    {
        var body = record.Length > 348 ? record[..348] : record;
        var values = Values;
        long sum = 0;
        foreach (var c in body) sum += c < 128 ? values[c] : 37;
        return FromSum(sum);
    }

    /// <summary><see cref="ForRecord(ReadOnlySpan{char})"/> of a record held as the bytes of its characters (ASCII).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int ForRecord(ReadOnlySpan<byte> record)
    {
        var body = record.Length > 348 ? record[..348] : record;
        var values = Values;
        long sum = 0;
        foreach (var b in body) sum += b < 128 ? values[b] : 37;
        return FromSum(sum);
    }

    /// <summary><see cref="CharacterValue"/> of the ASCII characters, looked up (every character of every record).</summary>
    private static readonly byte[] Values = Enumerable.Range(0, 128).Select(c => (byte)CharacterValue((char)c)).ToArray();

    public static int CharacterValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        ' ' => 10,
        >= 'A' and <= 'Z' => c - 'A' + 11,
        >= 'a' and <= 'z' => c - 'a' + 11,
        _ => 37,
    };

    /// <summary>A sum reduced modulo 97, a remainder of 0 written 97 (1839 -> 93).</summary>
    public static int FromSum(long sum)
    {
        var r = (int)(sum % 97);
        if (r < 0) r += 97;
        return r == 0 ? 97 : r;
    }

    /// <summary>
    /// Invoice, mutuality and sending control digits (record 80 zone 98, 95 zone 410, 90 zone 98, 96 zone 510): the
    /// nomenclature codes of every record 50, 51 and 52 taken as integers and summed, modulo 97, 0 written 97
    /// (101032 + 101032 = 202064 -> 13; 101074 -> 97).
    /// </summary>
    public static int ForCodes(ReadOnlySpan<int> codes)
    {
        long sum = 0;
        foreach (var code in codes) sum += code;
        return FromSum(sum);
    }

    public static int ForCodes(IEnumerable<int> codes)
    {
        long sum = 0;
        foreach (var code in codes) sum += code;
        return FromSum(sum);
    }
}
