using System.Runtime.InteropServices;

namespace Engine.Jobs.Ingestion;

/// <summary>
/// Reads a received file from disk without ever waiting on it: only a regular file is opened (a named pipe opened for
/// reading blocks until someone writes to it, a device may never end), at most <see cref="MaxBytes"/> bytes, and never
/// more than the size the file had when looked at.
/// </summary>
public static class ReceivedFile
{
    /// <summary>Files larger than this are refused unread (a 50 MB eFact sending is read in about a second).</summary>
    public const long MaxBytes = 128L << 20;

    /// <summary>The bytes of the file, or why it is refused unread (null content).</summary>
    public static (byte[]? Content, string? Refusal) Read(string path)
    {
        // Nearly every file: one statx (links followed) says a regular file of its size, then open, read, close, where
        // the checks below take a readlink, two stats and a lock besides. Anything else is looked at as below.
        if (RegularLength(path) is { } size && size <= MaxBytes)
        {
            if (size == 0) return ([], null);
            if (UnixFiles.ReadRegular(path, size) is { } bytes) return (bytes, null);
        }
        var info = new FileInfo(path);
        if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is not FileInfo { Exists: true })
            return (null, "a symbolic link that leads to no file: not opened");
        if (!info.Exists) return (null, Directory.Exists(path) ? "a folder, not a file" : "the file is gone");
        if (Kind(path) is { } special)
            return (null, $"not a regular file but {special}: never opened (it could block the import for ever)");
        var length = info.Length;
        // A named pipe or a device has no size: when the type cannot be asked (not Linux), an entry of no size is never
        // opened either; a regular empty file has nothing to read anyway.
        if (length == 0) return ([], null);
        if (length > MaxBytes) return (null, $"{length:N0} bytes: larger than the {MaxBytes:N0} bytes a received file may hold; not read");
        var content = new byte[length];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        var read = 0;
        while (read < content.Length)
        {
            var n = stream.Read(content, read, content.Length - read);
            if (n == 0) break; // shortened since it was looked at: what is there
            read += n;
        }
        return (read == content.Length ? content : content[..read], null);
    }

    /// <summary>What a path that is not a regular file is ("a named pipe (FIFO)", ...); null for a regular file or when unknown.</summary>
    public static string? Kind(string path)
    {
        var mode = UnixMode(path);
        return mode switch
        {
            null => null,
            var m when (m & 0xF000) == 0x8000 => null,
            var m when (m & 0xF000) == 0x1000 => "a named pipe (FIFO)",
            var m when (m & 0xF000) == 0x2000 => "a character device",
            var m when (m & 0xF000) == 0x6000 => "a block device",
            var m when (m & 0xF000) == 0xC000 => "a socket",
            var m when (m & 0xF000) == 0x4000 => "a folder",
            _ => "a special file",
        };
    }

    // statx(2): its struct is the same on every Linux architecture (stx_mode, 16 bits, at byte 28), unlike stat's.
    [UnmanagedFunctionPointer(CallingConvention.Cdecl, SetLastError = true)]
    private delegate int StatxFunction(int dirFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);

    private static readonly Lazy<StatxFunction?> Statx = new(() =>
    {
        if (!OperatingSystem.IsLinux()) return null;
        foreach (var name in new[] { "libc.so.6", "libc" })
            if (NativeLibrary.TryLoad(name, out var lib) && NativeLibrary.TryGetExport(lib, "statx", out var f))
                return Marshal.GetDelegateForFunctionPointer<StatxFunction>(f);
        return null;
    });

    /// <summary>The file's type and mode bits (st_mode), following symbolic links; null when they cannot be asked.</summary>
    private static int? UnixMode(string path) => UnixStat(path)?.Mode;

    /// <summary>The size of a regular file (links followed); null for anything else or when it cannot be asked.</summary>
    private static long? RegularLength(string path) =>
        UnixStat(path) is { } stat && (stat.Mode & 0xF000) == 0x8000 ? stat.Size : null;

    [ThreadStatic] private static byte[]? _statBuffer;

    /// <summary>st_mode and st_size (stx_size, 64 bits at byte 40), following symbolic links.</summary>
    private static (int Mode, long Size)? UnixStat(string path)
    {
        if (Statx.Value is not { } statx) return null;
        const int AtFdCwd = -100;
        const uint StatxType = 0x1, StatxSize = 0x200;
        var buffer = _statBuffer ??= new byte[256];
        if (statx(AtFdCwd, path, 0, StatxType | StatxSize, buffer) != 0) return null;
        return (BitConverter.ToUInt16(buffer, 28), BitConverter.ToInt64(buffer, 40));
    }
}
