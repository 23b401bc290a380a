using System.Runtime.InteropServices;

namespace Engine.Jobs.Ingestion;

/// <summary>
/// The few file operations an import makes for every file, straight through the C library on Linux: .NET's file
/// streams add a lock (flock taken and released), a file-system query, a truncate and a seek to every open, and on
/// a night of 46,000 eAttest messages creating the answers cost 3.5 s of system time through File.WriteAllBytes
/// against 1 s through open, write and close. The same files, the same bytes; elsewhere (or when the C library
/// cannot be reached) the .NET calls.
/// </summary>
internal static class UnixFiles
{
    // Linux's values on x86-64 and ARM64 alike.
    private const int ReadOnly = 0x0, WriteOnly = 0x1, Create = 0x40, Truncate = 0x200, CloseOnExec = 0x80000;
    private const int EINTR = 4;

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);

    [DllImport("libc", EntryPoint = "pwrite", SetLastError = true)]
    private static extern nint WriteAt(int fd, ref byte buffer, nint count, long offset);

    [DllImport("libc", EntryPoint = "pread", SetLastError = true)]
    private static extern nint ReadAt(int fd, ref byte buffer, nint count, long offset);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);

    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int Rename([MarshalAs(UnmanagedType.LPUTF8Str)] string from, [MarshalAs(UnmanagedType.LPUTF8Str)] string to);

    [DllImport("libc", EntryPoint = "renameat2", SetLastError = true)]
    private static extern int RenameAt2(int fromDir, [MarshalAs(UnmanagedType.LPUTF8Str)] string from, int toDir,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string to, uint flags);

    private static bool _noReplaceMissing;

    private static readonly bool Native = OperatingSystem.IsLinux() && Reachable();

    private static bool Reachable()
    {
        try
        {
            Close(-1); // EBADF: only whether the function is there
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return false; }
    }

    /// <summary>Creates or replaces <paramref name="path"/> with <paramref name="content"/> (File.WriteAllBytes). A failure
    /// is made again through .NET, which throws what it always threw.</summary>
    public static void WriteAllBytes(string path, byte[] content)
    {
        if (!Native || !TryWrite(path, content)) File.WriteAllBytes(path, content);
    }

    private static bool TryWrite(string path, byte[] content)
    {
        var fd = Open(path, WriteOnly | Create | Truncate | CloseOnExec, 0x1B6 /* 0666, less the umask */);
        if (fd < 0) return false;
        try
        {
            long written = 0;
            while (written < content.Length)
            {
                var n = WriteAt(fd, ref content[(int)written], content.Length - (nint)written, written);
                if (n < 0 && Marshal.GetLastPInvokeError() == EINTR) continue;
                if (n <= 0) return false;
                written += n;
            }
            return true;
        }
        finally
        {
            Close(fd);
        }
    }

    /// <summary>Gives <paramref name="from"/> the name <paramref name="to"/>, replacing a file of that name (File.Move with
    /// overwrite; a failure made again through it).</summary>
    public static void Move(string from, string to)
    {
        if (!Native || Rename(from, to) != 0) File.Move(from, to, overwrite: true);
    }

    /// <summary>
    /// Gives <paramref name="from"/> the name <paramref name="to"/> only if no file has that name (one renameat2 with
    /// RENAME_NOREPLACE, where File.Exists and File.Move take a stat, a link and an unlink); false when not done, a file
    /// of that name there or any other reason: the caller then moves it as before.
    /// </summary>
    public static bool TryMoveNew(string from, string to)
    {
        if (!Native || _noReplaceMissing) return false;
        const int AtFdCwd = -100;
        const uint NoReplace = 1;
        try
        {
            return RenameAt2(AtFdCwd, from, AtFdCwd, to, NoReplace) == 0;
        }
        catch (EntryPointNotFoundException)
        {
            _noReplaceMissing = true; // a C library older than glibc 2.28
            return false;
        }
    }

    /// <summary>
    /// The bytes of a file known to be regular and of <paramref name="length"/> bytes, fewer if it was shortened since;
    /// null when not read this way (the C library not used, or a failure: the caller reads it as before and meets the
    /// failure as it always did).
    /// </summary>
    public static byte[]? ReadRegular(string path, long length)
    {
        if (!Native) return null;
        var fd = Open(path, ReadOnly | CloseOnExec, 0);
        if (fd < 0) return null;
        try
        {
            var content = new byte[length];
            long read = 0;
            while (read < content.Length)
            {
                var n = ReadAt(fd, ref content[(int)read], content.Length - (nint)read, read);
                if (n < 0 && Marshal.GetLastPInvokeError() == EINTR) continue;
                if (n < 0) return null;
                if (n == 0) break; // shortened since it was looked at: what is there
                read += n;
            }
            return read == content.Length ? content : content[..(int)read];
        }
        finally
        {
            Close(fd);
        }
    }
}
