using System.Security.Cryptography;
using System.Text;

namespace Engine.Jobs.Rules;

/// <summary>
/// The rule-set version: a SHA-256 over every file of rules/ (relative path with '/' separators, then content,
/// in ordinal path order). Any change to any figure gives a new version; runs and results record it.
/// </summary>
public static class RuleSetVersion
{
    public static string Compute(string rulesDir) => Compute(Files(rulesDir).Select(f => (f.Path, File.ReadAllBytes(f.Full))));

    /// <summary>The version of files given as (relative path, content); the order they come in does not matter.</summary>
    public static string Compute(IEnumerable<(string Path, byte[] Content)> files)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (rel, content) in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(rel + "\n"));
            sha.AppendData(Encoding.UTF8.GetBytes(content.Length + "\n"));
            sha.AppendData(content);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>Every file of the folder: its path relative to the folder ('/' separators) and its full path, in ordinal order.</summary>
    public static IEnumerable<(string Path, string Full)> Files(string rulesDir) =>
        Directory.EnumerateFiles(rulesDir, "*", SearchOption.AllDirectories)
            .Select(f => (Path: Path.GetRelativePath(rulesDir, f).Replace('\\', '/'), Full: f))
            .OrderBy(f => f.Path, StringComparer.Ordinal);
}
