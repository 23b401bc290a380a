using System.Text.RegularExpressions;
using Engine.Core.Complementary;
using Engine.Core.Rules;

namespace Engine.Jobs.Rules.Complementary;

using Money = Engine.Core.Money.Money;

/// <summary>
/// Reads the AC catalogues: rules/complementary/insurers.csv (insurer,name,default: exactly one default) and, per
/// insurer, rules/complementary/&lt;insurer&gt;/catalogue.csv, one row per advantage and period. Every column but note
/// and illustrative must be in the header, so no condition is forgotten by omission. Periods of one advantage may
/// neither overlap nor leave a gap. No complementary/ folder: no catalogue (calc ac then says so).
/// </summary>
public static partial class AcCatalogueFiles
{
    public const string Folder = "complementary";
    public const string InsurersFile = "insurers.csv";
    public const string CatalogueFile = "catalogue.csv";

    public static readonly string[] Columns =
    [
        "advantage", "from", "to", "proof_kind", "proof", "pay", "amount", "percent", "cost_based",
        "cap_year", "units_year", "cap_event", "cap_lifetime", "once_in_lifetime", "age_min", "age_max",
        "contribution_required", "closed_after_arrears_months", "waiting_months", "exclusive_group", "confidence", "source",
    ];
    private static readonly string[] Optional = ["note", "illustrative"];

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$")]
    private static partial Regex IdPattern();

    public static AcCatalogues Load(string rulesDir)
    {
        var dir = Path.Combine(rulesDir, Folder);
        if (!Directory.Exists(dir)) return AcCatalogues.Empty;
        var insurersPath = Path.Combine(dir, InsurersFile);
        var folders = Directory.EnumerateDirectories(dir).Where(d => File.Exists(Path.Combine(d, CatalogueFile)))
            .Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToList();
        if (!File.Exists(insurersPath))
        {
            if (folders.Count == 0) return AcCatalogues.Empty;
            throw new RuleLoadException($"{RuleSetLoader.Display(rulesDir, insurersPath)}: missing, yet catalogues exist for {string.Join(", ", folders)}");
        }

        var display = RuleSetLoader.Display(rulesDir, insurersPath);
        string? defaultInsurer = null;
        var catalogues = new Dictionary<string, AcCatalogue>(StringComparer.Ordinal);
        foreach (var row in RuleTable.Read(insurersPath, display, ["insurer", "name", "default"]))
        {
            var id = row.Required("insurer");
            if (!IdPattern().IsMatch(id)) throw new RuleLoadException($"{row.Where}: insurer id '{id}' must be lower-case letters, digits, '_' or '-'");
            row.Required("name");
            if (catalogues.ContainsKey(id)) throw new RuleLoadException($"{row.Where}: insurer '{id}' is listed twice");
            if (row.Bool("default"))
            {
                if (defaultInsurer is not null) throw new RuleLoadException($"{row.Where}: a second default insurer ('{defaultInsurer}' is already the default)");
                defaultInsurer = id;
            }
            var path = Path.Combine(dir, id, CatalogueFile);
            if (!File.Exists(path)) throw new RuleLoadException($"{row.Where}: insurer '{id}' has no {RuleSetLoader.Display(rulesDir, path)}");
            catalogues[id] = LoadCatalogue(id, path, RuleSetLoader.Display(rulesDir, path));
        }
        foreach (var folder in folders)
            if (!catalogues.ContainsKey(folder!))
                throw new RuleLoadException($"{display}: the catalogue of '{folder}' exists but the insurer is not listed");
        if (catalogues.Count > 0 && defaultInsurer is null) throw new RuleLoadException($"{display}: no insurer is the default (default=true)");
        return new AcCatalogues(defaultInsurer, catalogues);
    }

    public static AcCatalogue LoadCatalogue(string insurer, string path, string display)
    {
        var byId = new Dictionary<string, List<Dated<AcAdvantage>>>(StringComparer.Ordinal);
        foreach (var row in RuleTable.Read(path, display, Columns, Optional))
        {
            var advantage = Advantage(row);
            if (!byId.TryGetValue(advantage.Id, out var list)) byId[advantage.Id] = list = [];
            list.Add(new Dated<AcAdvantage>(row.Date("from"), row.OptionalDate("to"), advantage, row.Origin()));
        }
        return new AcCatalogue(insurer, byId.ToDictionary(kv => kv.Key, kv => DatedSeries<AcAdvantage>.Create(kv.Key, kv.Value), StringComparer.Ordinal));
    }

    private static AcAdvantage Advantage(RuleRow row)
    {
        var id = row.Required("advantage");
        if (!IdPattern().IsMatch(id)) throw new RuleLoadException($"{row.Where}: advantage id '{id}' must be lower-case letters, digits, '_' or '-'");
        var proofKind = row.Required("proof_kind") switch
        {
            "attestation" => AcProofKind.Attestation,
            "nomenclature" => AcProofKind.Nomenclature,
            var s => throw new RuleLoadException($"{row.Where}: proof_kind '{s}' is not attestation or nomenclature"),
        };
        var pay = row.Required("pay") switch
        {
            "flat" => AcPay.Flat,
            "percent" => AcPay.Percent,
            var s => throw new RuleLoadException($"{row.Where}: pay '{s}' is not flat or percent"),
        };
        var amount = PositiveMoney(row, "amount");
        int? basisPoints = null;
        if (pay == AcPay.Flat)
        {
            if (amount is null) throw new RuleLoadException($"{row.Where}: a flat advantage needs its amount");
            if (row.Optional("percent") is not null) throw new RuleLoadException($"{row.Where}: a flat advantage has no percent");
        }
        else
        {
            var percent = row.Decimal("percent");
            if (percent <= 0 || percent > 100 || percent * 100 != decimal.Truncate(percent * 100))
                throw new RuleLoadException($"{row.Where}: column 'percent' = '{percent}' must be above 0, at most 100, with at most two decimals");
            basisPoints = (int)(percent * 100);
        }
        int? ageMin = Count(row, "age_min", 0), ageMax = Count(row, "age_max", 0);
        if (ageMin is { } lo && ageMax is { } hi && lo > hi) throw new RuleLoadException($"{row.Where}: age_min {lo} is above age_max {hi}");
        var group = row.Optional("exclusive_group");
        if (group is not null && !IdPattern().IsMatch(group)) throw new RuleLoadException($"{row.Where}: exclusive_group '{group}' must be lower-case letters, digits, '_' or '-'");
        var proof = row.Required("proof");
        return new AcAdvantage(id, proofKind, proof, pay, amount, basisPoints, row.Bool("cost_based"),
            PositiveMoney(row, "cap_year"), Count(row, "units_year", 1), PositiveMoney(row, "cap_event"), PositiveMoney(row, "cap_lifetime"),
            row.Bool("once_in_lifetime"), ageMin, ageMax, row.Bool("contribution_required"),
            Count(row, "closed_after_arrears_months", 0), Count(row, "waiting_months", 0), group);
    }

    private static Money? PositiveMoney(RuleRow row, string column)
    {
        if (row.Optional(column) is null) return null;
        var d = row.Decimal(column);
        if (d <= 0 || d * 100 != decimal.Truncate(d * 100))
            throw new RuleLoadException($"{row.Where}: column '{column}' = '{d}' must be an amount above zero with at most two decimals");
        return new Money((long)(d * 100));
    }

    private static int? Count(RuleRow row, string column, int min)
    {
        if (row.Optional(column) is null) return null;
        var n = row.Int(column);
        if (n < min) throw new RuleLoadException($"{row.Where}: column '{column}' = {n} must be at least {min}");
        return n;
    }
}
