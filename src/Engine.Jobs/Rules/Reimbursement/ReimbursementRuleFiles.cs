using System.Globalization;
using Engine.Core.Reimbursement;
using Engine.Core.Rules;
using Money = Engine.Core.Money.Money;

namespace Engine.Jobs.Rules.Reimbursement;

/// <summary>
/// Reads rules/reimbursement/: codes.csv (nomenclature), fees.csv (fee per code per period), medicines.csv (medicine
/// packs: public price, category and pack size per period), shares.csv (personal-share schemes), supplements.csv
/// (supplement policy), and checks parameters*.csv there (euro amounts with at most two
/// decimals; the values themselves are loaded with every parameters file by <see cref="ParameterFiles"/>).
/// Every defect fails the load naming file, line and column; <see cref="ReimbursementRules.Create"/> then checks
/// gaps, overlaps, completeness and coverage.
/// </summary>
public static class ReimbursementRuleFiles
{
    public const string Folder = "reimbursement";

    private static readonly string[] Notes = ["illustrative", "note"];
    private static readonly string[] CodeColumns = ["code", "label", "kind", "share_scheme", "confidence", "source"];
    private static readonly string[] FeeColumns = ["code", "from", "to", "fee", "confidence", "source"];
    private static readonly string[] ShareColumns =
    [
        "scheme", "rule", "from", "to", "bim", "dmg", "dmg_with_provider", "referral", "conventioned", "at_agreement_fee",
        "age_min", "age_max", "method", "amount", "less", "percent", "cap", "min", "confidence", "source",
    ];
    private static readonly string[] MedicineColumns =
        ["cnk", "label", "from", "to", "public_price", "category", "pack_size", "confidence", "source"];

    /// <summary>The reimbursement categories of medicines (sheet §1 Medicines).</summary>
    public static readonly IReadOnlyList<string> MedicineCategories = ["A", "B", "C", "Cs", "Cx"];
    private static readonly string[] SupplementColumns =
        ["rule", "from", "to", "bim", "bim_avantages", "conventioned", "allowed", "reason", "confidence", "source"];

    /// <summary>The reimbursement rules of a rules folder, or null when it has no reimbursement/ subfolder.</summary>
    public static ReimbursementRules? Load(string rulesDir)
    {
        var dir = Path.Combine(rulesDir, Folder);
        if (!Directory.Exists(dir)) return null;
        IReadOnlyList<RuleRow> Read(string name, string[] required) =>
            RuleTable.Read(Path.Combine(dir, name), RuleSetLoader.Display(rulesDir, Path.Combine(dir, name)), required, Notes);

        var codes = Read("codes.csv", CodeColumns).Select(ReadCode).ToList();
        var fees = Read("fees.csv", FeeColumns).Select(ReadFee).ToList();
        var shares = Read("shares.csv", ShareColumns).Select(ReadShare).ToList();
        var supplements = Read("supplements.csv", SupplementColumns).Select(ReadSupplement).ToList();
        var medicines = Read("medicines.csv", MedicineColumns).Select(ReadMedicine).ToList();
        foreach (var file in Directory.EnumerateFiles(dir, "parameters*.csv").OrderBy(f => f, StringComparer.Ordinal))
            CheckParameterAmounts(file, RuleSetLoader.Display(rulesDir, file));
        return ReimbursementRules.Create(codes, fees, shares, supplements, medicines);
    }

    private static RuleOrigin Origin(RuleRow row)
    {
        var flag = row.Optional("illustrative");
        if (flag is not (null or "true" or "false"))
            throw new RuleLoadException($"{row.Where}: column 'illustrative' = '{flag}' is not true or false");
        return row.Origin();
    }

    private static int Code(RuleRow row)
    {
        var s = row.Required("code");
        return CareCode.TryParse(s, out var code)
            ? code : throw new RuleLoadException($"{row.Where}: column 'code' = '{s}' is not a nomenclature code of 1 to 7 digits");
    }

    private static Money Amount(RuleRow row, string column)
    {
        var s = row.Required(column);
        return Money.TryParse(s, out var m) && m.Cents >= 0
            ? m : throw new RuleLoadException($"{row.Where}: column '{column}' = '{s}' is not an amount in euros of zero or more with at most two decimals");
    }

    private static Money? OptionalAmount(RuleRow row, string column) => row.Optional(column) is null ? null : Amount(row, column);

    private static Condition Condition(RuleRow row, string column) => row.Optional(column) switch
    {
        null => Core.Reimbursement.Condition.Any,
        "true" => Core.Reimbursement.Condition.Yes,
        "false" => Core.Reimbursement.Condition.No,
        var s => throw new RuleLoadException($"{row.Where}: column '{column}' = '{s}' is not true, false or empty (any)"),
    };

    private static int? Age(RuleRow row, string column)
    {
        if (row.Optional(column) is null) return null;
        var age = row.Int(column);
        return age >= 0 ? age : throw new RuleLoadException($"{row.Where}: column '{column}' = {age} is not an age");
    }

    private static NomenclatureEntry ReadCode(RuleRow row) =>
        new(Code(row), row.Required("label"), row.Required("kind"), row.Required("share_scheme"), Origin(row));

    private static FeeRow ReadFee(RuleRow row)
    {
        if (row.Required("fee") == "billed")
            throw new RuleLoadException($"{row.Where}: column 'fee' = 'billed': a fee is never the billed amount; a medicine is priced from medicines.csv");
        return new FeeRow(Code(row), row.Date("from"), row.OptionalDate("to"), Amount(row, "fee"), Origin(row));
    }

    private static MedicineRow ReadMedicine(RuleRow row)
    {
        var cnk = row.Required("cnk");
        if (!CareCode.TryParse(cnk, out var code))
            throw new RuleLoadException($"{row.Where}: column 'cnk' = '{cnk}' is not a pack code of 1 to 7 digits");
        var category = row.Required("category");
        if (!MedicineCategories.Contains(category))
            throw new RuleLoadException($"{row.Where}: column 'category' = '{category}' is not one of {string.Join(", ", MedicineCategories)}");
        var size = row.Int("pack_size");
        if (size < 1)
            throw new RuleLoadException($"{row.Where}: column 'pack_size' = {size} is not a number of units of one or more");
        return new MedicineRow(code, row.Required("label"), row.Date("from"), row.OptionalDate("to"), Amount(row, "public_price"),
            category, size, Origin(row));
    }

    private static ShareRow ReadShare(RuleRow row)
    {
        var method = row.Required("method") switch
        {
            "none" => ShareMethod.None,
            "fixed" => ShareMethod.Fixed,
            "percent" => ShareMethod.Percent,
            var s => throw new RuleLoadException($"{row.Where}: column 'method' = '{s}' is not none, fixed or percent"),
        };
        void Empty(params string[] columns)
        {
            foreach (var c in columns)
                if (row.Optional(c) is { } v)
                    throw new RuleLoadException($"{row.Where}: column '{c}' = '{v}' has no meaning for method '{row.Required("method")}': leave it empty");
        }
        var share = new ShareRow
        {
            Scheme = row.Required("scheme"),
            RuleId = row.Required("rule"),
            From = row.Date("from"),
            To = row.OptionalDate("to"),
            Bim = Condition(row, "bim"),
            Dmg = Condition(row, "dmg"),
            DmgWithProvider = Condition(row, "dmg_with_provider"),
            Referral = Condition(row, "referral"),
            Conventioned = Condition(row, "conventioned"),
            AtAgreementFee = Condition(row, "at_agreement_fee"),
            AgeMin = Age(row, "age_min") ?? 0,
            AgeMax = Age(row, "age_max"),
            Method = method,
            Origin = Origin(row),
        };
        switch (method)
        {
            case ShareMethod.None:
                Empty("amount", "less", "percent", "cap", "min");
                return share;
            case ShareMethod.Fixed:
                Empty("percent", "cap", "min");
                return share with { Amount = Amount(row, "amount"), Less = OptionalAmount(row, "less") ?? Money.Zero };
            default:
                Empty("amount", "less");
                return share with
                {
                    BasisPoints = Percent(row, "percent"), CapPerUnit = OptionalAmount(row, "cap"), MinPerUnit = OptionalAmount(row, "min"),
                };
        }
    }

    /// <summary>A percentage with at most two decimals, as basis points (25 -> 2500).</summary>
    private static int Percent(RuleRow row, string column)
    {
        var d = row.Decimal(column);
        var bp = d * 100m;
        if (bp != decimal.Truncate(bp) || d < 0 || d > 100)
            throw new RuleLoadException($"{row.Where}: column '{column}' = '{row.Required(column)}' is not a percentage from 0 to 100 with at most two decimals");
        return (int)bp;
    }

    private static SupplementRow ReadSupplement(RuleRow row)
    {
        var allowed = row.Bool("allowed");
        var reason = ReasonCode.None;
        if (row.Optional("reason") is { } text && !ReasonCodes.TryParse(text, out reason))
            throw new RuleLoadException($"{row.Where}: column 'reason' = '{text}' is not a known reason code");
        return new SupplementRow
        {
            RuleId = row.Required("rule"),
            From = row.Date("from"),
            To = row.OptionalDate("to"),
            Bim = Condition(row, "bim"),
            BimAvantages = Condition(row, "bim_avantages"),
            Conventioned = Condition(row, "conventioned"),
            Allowed = allowed,
            Reason = reason,
            Origin = Origin(row),
        };
    }

    private static void CheckParameterAmounts(string file, string display)
    {
        string[] required = ["parameter", "from", "to", "value", "confidence", "source"];
        foreach (var row in RuleTable.Read(file, display, required, ["unit", "note", "illustrative"]))
        {
            if (row.Optional("unit") is not { } unit || !unit.StartsWith("EUR", StringComparison.Ordinal)) continue;
            var v = row.Decimal("value");
            if (v * 100m != decimal.Truncate(v * 100m))
                throw new RuleLoadException($"{row.Where}: column 'value' = '{v.ToString(CultureInfo.InvariantCulture)}' is an amount in euros with more than two decimals");
        }
    }
}
