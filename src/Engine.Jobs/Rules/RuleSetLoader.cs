using Engine.Core.Rules;

namespace Engine.Jobs.Rules;

/// <summary>Loads and checks the whole rules/ folder. Any defect fails the load with the file and line.</summary>
public static class RuleSetLoader
{
    public static RuleSet Load(string rulesDir)
    {
        if (!Directory.Exists(rulesDir))
            throw new RuleLoadException($"rules folder '{rulesDir}' does not exist");
        // A folder without any of the rule domains is another folder given by mistake: named as such, not as a missing file.
        if (!Domains.Any(d => Directory.Exists(Path.Combine(rulesDir, d))))
            throw new RuleLoadException($"'{rulesDir}' is not a rules folder: it has none of {string.Join(", ", Domains.Select(d => d + "/"))}");
        var reimbursement = Reimbursement.ReimbursementRuleFiles.Load(rulesDir);
        return new RuleSet
        {
            Version = RuleSetVersion.Compute(rulesDir),
            Parameters = ParameterFiles.Load(rulesDir),
            Reimbursement = reimbursement,
            Ceilings = Ceilings.MafRuleFiles.Load(rulesDir),
            Complementary = Complementary.AcCatalogueFiles.Load(rulesDir),
            Authorisations = Authorisations.AuthorisationRuleFiles.Load(rulesDir, reimbursement),
        };
    }

    /// <summary>The sub-folders a rules folder is made of (at least one of them).</summary>
    public static readonly string[] Domains = ["reimbursement", "ceilings", "complementary", "indemnities"];

    /// <summary>A rule file's name as errors show it: relative to the rules folder, with '/' separators.</summary>
    public static string Display(string rulesDir, string file) =>
        "rules/" + Path.GetRelativePath(rulesDir, file).Replace('\\', '/');

    /// <summary>
    /// The rules folder to use when none is given: ./rules; else, from a source checkout, the repository's rules/ (the
    /// first one beside an Engine.sln walking up from the program); else the rules/ beside the program (a published
    /// engine carries its rules there, so it runs from any folder).
    /// </summary>
    public static string DefaultDirectory()
    {
        if (Directory.Exists("rules")) return Path.GetFullPath("rules");
        var beside = Path.Combine(AppContext.BaseDirectory, "rules");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "rules");
            if (Directory.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "Engine.sln"))) return candidate;
        }
        return Directory.Exists(beside) ? beside : Path.GetFullPath("rules");
    }
}
