using System.Text;

namespace Engine.Jobs.Payments;

/// <summary>
/// The "&lt;file&gt;.sha256" written beside each payment file, in sha256sum's format ("&lt;hex&gt;  &lt;file name&gt;\n"),
/// so `sha256sum -c` checks it.
/// </summary>
public static class Sha256Sidecar
{
    public static string PathFor(string file) => file + ".sha256";

    public static string Content(string sha256Hex, string fileName) => $"{sha256Hex}  {fileName}\n";

    /// <summary>Writes the sidecar of a file just written (atomically, same rules as the file itself).</summary>
    public static WrittenFile Write(WrittenFile file) =>
        AtomicFile.Write(PathFor(file.Path), Encoding.UTF8.GetBytes(Content(file.Sha256, System.IO.Path.GetFileName(file.Path))));

    /// <summary>True when the sidecar exists, names the file and matches its content.</summary>
    public static bool Verify(string file)
    {
        var sidecar = PathFor(file);
        if (!File.Exists(file) || !File.Exists(sidecar)) return false;
        return File.ReadAllText(sidecar, Encoding.UTF8) == Content(AtomicFile.Sha256HexOfFile(file), System.IO.Path.GetFileName(file));
    }
}
