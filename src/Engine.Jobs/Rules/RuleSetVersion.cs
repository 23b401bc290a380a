using System.Security.Cryptography;
using System.Text;

namespace Engine.Jobs.Rules;

/// <summary>
/// The rule-set version: a SHA-256 over every file of rules/ (relative path with '/' separators, then content,
/// in ordinal path order). Any change to any figure gives a new version; runs and results record it.
/// </summary>
public static class RuleSetVersion
{
    public static string Compute(string rulesDir)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var files = Directory.EnumerateFiles(rulesDir, "*", SearchOption.AllDirectories)
            .Select(f => (rel: Path.GetRelativePath(rulesDir, f).Replace('\\', '/'), full: f))
            .OrderBy(f => f.rel, StringComparer.Ordinal);
        foreach (var (rel, full) in files)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(rel + "\n"));
            var content = File.ReadAllBytes(full);
            sha.AppendData(Encoding.UTF8.GetBytes(content.Length + "\n"));
            sha.AppendData(content);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
