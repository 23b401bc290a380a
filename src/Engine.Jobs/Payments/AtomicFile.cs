using System.Security.Cryptography;

namespace Engine.Jobs.Payments;

/// <summary>A file as it lies on disk once written: full path, SHA-256 (lower-case hex), and whether it was already there.</summary>
public sealed record WrittenFile(string Path, string Sha256, bool AlreadyPresent);

/// <summary>A payment file exists with other content than the run now produces: never overwritten.</summary>
public sealed class PaymentFileConflictException(string message) : IOException(message);

/// <summary>
/// Writes a file whole or not at all: into a temporary name in the same folder (".{name}.{random}.tmp"), flushed to
/// disk, then moved to its final name without overwriting. If the final file already exists with the same SHA-256 it
/// is left as it is (a restarted run writing the same bytes); with another SHA-256 it is an error, and the existing
/// file is untouched. A crash leaves at most a ".tmp" file, never a half-written final file.
/// </summary>
public static class AtomicFile
{
    /// <param name="beforeRename">Called once the temporary file is on disk, just before it takes its name (crash tests).</param>
    public static WrittenFile Write(string path, byte[] content, Action? beforeRename = null)
    {
        var full = System.IO.Path.GetFullPath(path);
        return File.Exists(full) ? Existing(full, Sha256Hex(content)) : Write(full, s => s.Write(content), beforeRename);
    }

    /// <summary>
    /// As <see cref="Write(string, byte[], Action?)"/>, the content written by <paramref name="write"/> straight to the
    /// temporary file (hashed on the way), so a large file is never held in memory.
    /// </summary>
    public static WrittenFile Write(string path, Action<Stream> write, Action? beforeRename = null)
    {
        var full = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        var temp = System.IO.Path.Combine(folder, $".{System.IO.Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            string hash;
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            using (var hashing = new HashingStream(stream))
            {
                write(hashing);
                hashing.Flush();
                stream.Flush(flushToDisk: true);
                hash = hashing.Sha256Hex();
            }
            if (File.Exists(full)) return Existing(full, hash);
            beforeRename?.Invoke();
            try
            {
                File.Move(temp, full, overwrite: false);
            }
            catch (IOException) when (File.Exists(full))
            {
                return Existing(full, hash);
            }
            return new WrittenFile(full, hash, AlreadyPresent: false);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>A write-only stream that passes bytes on and hashes them (SHA-256).</summary>
    internal sealed class HashingStream(Stream inner) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public string Sha256Hex() => Convert.ToHexStringLower(_hash.GetHashAndReset());

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _hash.AppendData(buffer);
            inner.Write(buffer);
        }

        public override void WriteByte(byte value) => Write([value]);
        public override void Flush() => inner.Flush();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _hash.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>
    /// Writes a file that a restart rewrites (a report that is not a payment file): whole, through a temporary file,
    /// replacing any earlier version. Readers never see half of it.
    /// </summary>
    public static void Replace(string path, byte[] content) => Replace(path, stream => stream.Write(content), hash: false);

    /// <summary>
    /// As <see cref="Replace(string, byte[])"/>, the content written by <paramref name="write"/> straight to the temporary
    /// file (a seekable stream: a zip goes back to its local headers), so a large file is never held in memory.
    /// </summary>
    /// <returns>The SHA-256 of the file written (lower-case hex), read back from the temporary file.</returns>
    public static string Replace(string path, Action<Stream> write) => Replace(path, write, hash: true)!;

    private static string? Replace(string path, Action<Stream> write, bool hash)
    {
        var full = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        var temp = System.IO.Path.Combine(folder, $".{System.IO.Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            string? sha256 = null;
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
                if (hash)
                {
                    stream.Position = 0;
                    sha256 = Convert.ToHexStringLower(SHA256.HashData(stream));
                }
            }
            File.Move(temp, full, overwrite: true);
            return sha256;
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>True for a temporary file left by a write that was interrupted: ".{name}.{32 hex}.tmp".</summary>
    public static bool IsLeftover(string fileName) =>
        fileName.Length > 38 && fileName[0] == '.' && fileName.EndsWith(".tmp", StringComparison.Ordinal)
        && fileName[^37] == '.' && fileName[^36..^4].All(char.IsAsciiHexDigitLower);

    public static string Sha256Hex(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public static string Sha256HexOfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static WrittenFile Existing(string full, string hash)
    {
        var existing = Sha256HexOfFile(full);
        if (existing != hash)
            throw new PaymentFileConflictException(
                $"{full} already exists with other content (sha256 {existing}, this run's {hash}): left untouched");
        return new WrittenFile(full, hash, AlreadyPresent: true);
    }
}
