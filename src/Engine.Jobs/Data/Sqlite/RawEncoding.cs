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
    /// The fastest level, with a window fitted to the file (a 4 MB window costs more to set up than a small message
    /// takes to compress): measured on generated nights, eFact sendings shrink about 10 times at over 400 MB/s, eAttest
    /// messages about 4 times at over 250 MB/s.
    /// </summary>
    private const int Quality = 1;

    private static int Window(int length) => Math.Clamp(BitOperations.Log2((uint)Math.Max(length, 1)) + 2, 10, 24);

    public static (byte[] Stored, string Encoding) Encode(byte[] raw)
    {
        if (raw.Length < 64) return (raw, Identity);
        var buffer = new byte[BrotliEncoder.GetMaxCompressedLength(raw.Length)];
        if (!BrotliEncoder.TryCompress(raw, buffer, out var written, Quality, Window(raw.Length)) || written >= raw.Length) return (raw, Identity);
        return (buffer.AsSpan(0, written).ToArray(), Brotli);
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
