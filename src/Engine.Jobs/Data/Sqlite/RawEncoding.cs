using System.Buffers;
using System.IO.Compression;
using System.Numerics;

namespace Engine.Jobs.Data.Sqlite;

/// <summary>
/// How the raw bytes of a received file are kept (sendings.raw_encoding): Brotli when it makes them smaller, as
/// received otherwise. eFact records and eAttest XML shrink several times, which is that much less written to the
/// write-ahead log and the database file by every import.
/// </summary>
public static class RawEncoding
{
    public const string Identity = "identity";
    public const string Brotli = "br";

    /// <summary>
    /// The fastest level (0), with a window fitted to the file (a 4 MB window costs more to set up than a small message
    /// takes to compress). Measured on a generated night's eAttest messages (5,300 bytes on average): level 0 keeps
    /// 1,430 bytes in 16 µs of processor time, level 1 1,340 bytes in 26 µs; the 7 % more kept is not worth 10 µs a
    /// message. Any level decodes the same way.
    /// </summary>
    private static int Quality(int length) => length < SmallFile ? 0 : 1;

    /// <summary>Larger files (eFact sendings, 70 KB on average) keep level 1: it shrinks them 11 times against 9 at level 0,
    /// for a third more time on a few hundred files a night.</summary>
    private const int SmallFile = 16 * 1024;

    private static int Window(int length) => Math.Clamp(BitOperations.Log2((uint)Math.Max(length, 1)) + 2, 10, 24);

    public static (byte[] Stored, string Encoding) Encode(byte[] raw)
    {
        if (raw.Length < 64) return (raw, Identity);
        // Compressed into a rented buffer (its largest size is a little more than the file), then copied at its size.
        var buffer = ArrayPool<byte>.Shared.Rent(BrotliEncoder.GetMaxCompressedLength(raw.Length));
        try
        {
            if (!BrotliEncoder.TryCompress(raw, buffer, out var written, Quality(raw.Length), Window(raw.Length)) || written >= raw.Length) return (raw, Identity);
            return (buffer.AsSpan(0, written).ToArray(), Brotli);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static byte[] Decode(byte[] stored, string encoding)
    {
        switch (encoding)
        {
            case Identity: return stored;
            case Brotli:
                using (var input = new BrotliStream(new MemoryStream(stored), CompressionMode.Decompress))
                using (var output = new MemoryStream(stored.Length * 4))
                {
                    input.CopyTo(output);
                    return output.ToArray();
                }
            default: throw new InvalidDataException($"raw bytes kept with an unknown encoding '{encoding}'");
        }
    }
}
