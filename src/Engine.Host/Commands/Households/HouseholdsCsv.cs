using System.Globalization;
using Engine.Core.Ceilings;

namespace Engine.Host.Commands.Households;

using Money = Engine.Core.Money.Money;

/// <summary>The valid household rows, keyed by household and year of care, and the defects of the others.</summary>
public sealed record HouseholdsFile(IReadOnlyDictionary<MafCounterKey, MafHousehold> Households, IReadOnlyList<string> Errors);

/// <summary>
/// Reads households.csv: household_id,year,reference_income,bim_household,chronic — one row per household and year of
/// care. reference_income is the household's net taxable income of two years earlier, in euros with a dot; it may be
/// empty only for a BIM household (which then gets the MAF social). A defective row is reported (file, line, column,
/// reason) and left out; two rows for the same household and year are both left out (which one is right is not ours
/// to guess). The lines of a household-year left out then get a MAF error, never a silent 0.00.
/// </summary>
public static class HouseholdsCsv
{
    public static readonly string[] Columns = ["household_id", "year", "reference_income", "bim_household", "chronic"];

    public static HouseholdsFile Read(string path, string display = "households.csv")
    {
        var (_, rows) = CsvInput.Read(path, display, Columns);
        return Parse(rows);
    }

    public static HouseholdsFile Read(TextReader text, string display = "households.csv")
    {
        var (_, rows) = CsvInput.Read(text, display, Columns);
        return Parse(rows);
    }

    private static HouseholdsFile Parse(IReadOnlyList<CsvInputRow> rows)
    {
        var errors = new List<string>();
        var found = new Dictionary<MafCounterKey, (MafHousehold Household, int Line)>();
        var conflicting = new HashSet<MafCounterKey>();
        foreach (var row in rows)
        {
            var household = ParseRow(row, out var error);
            if (household is null) { errors.Add(error!); continue; }
            if (found.TryGetValue(household.Key, out var first))
            {
                errors.Add($"{row.File}:{row.Line}: household {household.HouseholdId} year {household.Year} is already on line {first.Line}: both rows are left out");
                conflicting.Add(household.Key);
                continue;
            }
            found[household.Key] = (household, row.Line);
        }
        var households = found.Where(kv => !conflicting.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value.Household);
        return new HouseholdsFile(households, errors);
    }

    private static MafHousehold? ParseRow(CsvInputRow row, out string? error)
    {
        error = row.ShapeError;
        if (error is not null) return null;
        var id = row["household_id"];
        if (id.Length == 0) { error = $"{row.Where("household_id")}: empty"; return null; }
        if (!int.TryParse(row["year"], NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year < 1900 || year > 2999)
        {
            error = $"{row.Where("year")}: '{row["year"]}' is not a year (yyyy)"; return null;
        }
        if (!CsvInput.TryBool(row["bim_household"], out var bim))
        {
            error = $"{row.Where("bim_household")}: '{row["bim_household"]}' is not true or false"; return null;
        }
        if (!CsvInput.TryBool(row["chronic"], out var chronic))
        {
            error = $"{row.Where("chronic")}: '{row["chronic"]}' is not true or false"; return null;
        }
        Money? income = null;
        var text = row["reference_income"];
        if (text.Length == 0)
        {
            if (!bim) { error = $"{row.Where("reference_income")}: empty, and only a BIM household may have no reference income"; return null; }
        }
        else if (!Money.TryParse(text, out var m) || m < Money.Zero)
        {
            error = $"{row.Where("reference_income")}: '{text}' is not an amount in euros (dot, at most two decimals, not negative)"; return null;
        }
        else income = m;
        return new MafHousehold(id, year, income, bim, chronic);
    }
}
