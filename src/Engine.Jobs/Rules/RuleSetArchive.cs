using System.Collections.Concurrent;
using Engine.Core.Rules;
using Engine.Jobs.Data;
using NodaTime;

namespace Engine.Jobs.Rules;

/// <summary>
/// Every rule-set version a run or a recalculation used, kept in the store (each file's relative path and bytes), so
/// that a past run can be computed again with the rules of its time even after rules/ has changed.
/// </summary>
public sealed class RuleSetArchive(IEngineStore store, RuleSetProvider provider)
{
    private readonly ConcurrentDictionary<string, RuleSet> _loaded = new(StringComparer.Ordinal);

    /// <summary>Stores the files of the current rules folder under the current version (once per version).</summary>
    public RuleSet KeepCurrent(Instant at) => Keep(provider.Current, provider.Folder, at);

    /// <summary>Stores the files of <paramref name="folder"/>, which must be those <paramref name="rules"/> was loaded from.</summary>
    public RuleSet Keep(RuleSet rules, string folder, Instant at)
    {
        if (store.RuleSetFiles(rules.Version) is not null) return rules;
        var files = RuleSetVersion.Files(folder).Select(f => new RuleFile(f.Path, File.ReadAllBytes(f.Full))).ToList();
        var version = RuleSetVersion.Compute(files.Select(f => (f.Path, f.Content)));
        if (version != rules.Version)
            throw new InvalidOperationException(
                $"the rules folder {folder} changed after it was loaded (version {rules.Version[..12]}, now {version[..12]}): start again");
        store.SaveRuleSet(version, files, at);
        return rules;
    }

    /// <summary>
    /// The rule set of a stored version: the current one if it is that version, else its stored files written to a
    /// temporary folder and loaded (with every check of the loader), their hash checked against the version.
    /// </summary>
    public RuleSet Version(string version)
    {
        if (provider.Current.Version == version) return provider.Current;
        return _loaded.GetOrAdd(version, v =>
        {
            var files = store.RuleSetFiles(v)
                        ?? throw new RuleLoadException($"rule set {v[..Math.Min(12, v.Length)]} is not stored (used before the rules were kept with each run): put its files back in a folder and pass it as the rules folder");
            var found = RuleSetVersion.Compute(files.Select(f => (f.Path, f.Content)));
            if (found != v) throw new RuleLoadException($"the stored files of rule set {v[..12]} hash to {found[..12]}: the store was altered");
            var dir = Directory.CreateTempSubdirectory("engine-rules-").FullName;
            try
            {
                foreach (var f in files)
                {
                    var path = Path.Combine(dir, f.Path.Replace('/', Path.DirectorySeparatorChar));
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    File.WriteAllBytes(path, f.Content);
                }
                var loaded = RuleSetLoader.Load(dir);
                if (loaded.Version != v) throw new RuleLoadException($"rule set {v[..12]} loads as {loaded.Version[..12]}");
                return loaded;
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        });
    }

    /// <summary>The current rule set (the configured folder).</summary>
    public RuleSet Current => provider.Current;
}
