using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Engine.Core.Money;
using NodaTime;

namespace Engine.Jobs.Registry;

/// <summary>
/// A row's fields written one after the other into a buffer, then hashed to 64 bits (XxHash3). Each field is written
/// whole and unambiguously (a string with its length, a nullable value with a flag before it), so two rows with the
/// same fields in the same order write the same bytes, and two rows that differ in a field write different bytes.
/// One hasher is reused for every row of a file (no allocation a row).
/// </summary>
public sealed class RowHash
{
    private byte[] _buffer = new byte[256];
    private int _length;

    /// <summary>A text, compared as ordinal strings are (its UTF-16 code units), after its length.</summary>
    public RowHash Text(string text)
    {
        var bytes = MemoryMarshal.AsBytes(text.AsSpan());
        Room(4 + bytes.Length);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_length), text.Length);
        bytes.CopyTo(_buffer.AsSpan(_length + 4));
        _length += 4 + bytes.Length;
        return this;
    }

    public RowHash Number(long value)
    {
        Room(8);
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(_length), value);
        _length += 8;
        return this;
    }

    public RowHash Flag(bool value)
    {
        Room(1);
        _buffer[_length++] = value ? (byte)1 : (byte)0;
        return this;
    }

    public RowHash Date(LocalDate date) => Number(((long)date.Year << 16) | ((long)date.Month << 8) | (long)date.Day);

    public RowHash Date(LocalDate? date) => date is { } d ? Flag(true).Date(d) : Flag(false);

    public RowHash Money(Money? money) => money is { } m ? Flag(true).Number(m.Cents) : Flag(false);

    /// <summary>The hash of the fields written since the last hash; the hasher is then empty for the next row.</summary>
    public ulong Hash()
    {
        var hash = XxHash3.HashToUInt64(_buffer.AsSpan(0, _length));
        _length = 0;
        return hash;
    }

    private void Room(int bytes)
    {
        if (_length + bytes > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + bytes));
    }
}

/// <summary>What a row read from a registry file is against the latest version the store knows of its key.</summary>
public enum Change { New, Changed, Same }

/// <summary>
/// The latest stored version of each key of one registry file, held as two 64-bit hashes a key (the key's, the
/// content's): 16 bytes a key in two arrays sorted by key hash, and a directory of where each range of key hashes
/// starts, instead of a dictionary of the key's and the content's strings (about 40 times that, and the store's rows
/// read whole before it: 1.8 GB at a million members).
/// <para>Why a hash equality may be taken for "unchanged": a row taken for unchanged when it changed needs its content
/// hash to equal the stored content hash of a key with the same key hash: for a changed row of a known key, a chance
/// of 2^-64 (5.4e-20). An insurer changing a million rows a night for a hundred years (3.7e10 changed rows) meets
/// one with a chance of 2e-9. A new key whose hash equals a stored key's (a chance of n/2^64 for n stored keys, 5e-13 at
/// 9 million statuses) is still stored: it is only counted as changed instead of new. Two stored keys with the same
/// hash are both kept: a row matching either's content is unchanged, else changed (stored).</para>
/// </summary>
public sealed class KnownVersions
{
    private const int ChunkSize = 1 << 16;

    private readonly ulong[] _keys, _contents;
    private readonly int[] _starts;
    private readonly int _shift;

    private KnownVersions(ulong[] keys, ulong[] contents)
    {
        _keys = keys;
        _contents = contents;
        Array.Sort(_keys, _contents);
        // About 2 to 4 keys a range of the directory: a lookup reads a few neighbouring entries.
        var bits = Math.Clamp(System.Numerics.BitOperations.Log2((ulong)Math.Max(keys.Length, 1)) - 1, 1, 30);
        _shift = 64 - bits;
        _starts = new int[(1 << bits) + 1];
        var i = 0;
        for (var range = 0; range < (1 << bits); range++)
        {
            _starts[range] = i;
            while (i < _keys.Length && (int)(_keys[i] >> _shift) == range) i++;
        }
        _starts[1 << bits] = _keys.Length;
    }

    public int Count => _keys.Length;

    /// <summary>The store's rows hashed as they are read (none held): <paramref name="key"/> and <paramref name="content"/> write a row's fields.</summary>
    public static KnownVersions Of<T>(IEnumerable<T> known, Action<T, RowHash> key, Action<T, RowHash> content)
    {
        var hash = new RowHash();
        List<ulong[]> keyChunks = [], contentChunks = [];
        var count = 0;
        foreach (var row in known)
        {
            if (count % ChunkSize == 0)
            {
                keyChunks.Add(new ulong[ChunkSize]);
                contentChunks.Add(new ulong[ChunkSize]);
            }
            key(row, hash);
            keyChunks[^1][count % ChunkSize] = hash.Hash();
            content(row, hash);
            contentChunks[^1][count % ChunkSize] = hash.Hash();
            count++;
        }
        var keys = new ulong[count];
        var contents = new ulong[count];
        for (var c = 0; c < keyChunks.Count; c++)
        {
            var length = Math.Min(ChunkSize, count - c * ChunkSize);
            keyChunks[c].AsSpan(0, length).CopyTo(keys.AsSpan(c * ChunkSize));
            contentChunks[c].AsSpan(0, length).CopyTo(contents.AsSpan(c * ChunkSize));
            keyChunks[c] = contentChunks[c] = null!;
        }
        return new KnownVersions(keys, contents);
    }

    /// <summary>New (no stored key with this key hash), same (a stored key with this key hash has this content hash) or changed.</summary>
    public Change Compare(ulong key, ulong content)
    {
        var range = (int)(key >> _shift);
        var found = false;
        for (var i = _starts[range]; i < _starts[range + 1]; i++)
        {
            if (_keys[i] < key) continue;
            if (_keys[i] > key) break;
            if (_contents[i] == content) return Change.Same;
            found = true;
        }
        return found ? Change.Changed : Change.New;
    }
}
