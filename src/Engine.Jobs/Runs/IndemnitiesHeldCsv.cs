using System.Globalization;
using Engine.Jobs.Data;

namespace Engine.Jobs.Runs;

/// <summary>
/// indemnities-held.csv of a run, written when it held indemnity days: per case, the days a missing figure blocks
/// (first and last day, calendar days), the missing parameter and the date it has no value on, for finance staff to
/// act on (add the figure to rules/; the first run after pays the days).
/// </summary>
public static class IndemnitiesHeldCsv
{
    public const string Name = "indemnities-held.csv";

    public static readonly string[] Header = ["case_id", "first_day", "last_day", "days", "parameter", "date"];

    public static void Write(string path, IReadOnlyList<IndemnityHeldRow> held, bool excel = true) =>
        CsvFile.Write(path, Header, held.Select(h => new[]
        {
            h.CaseId, Day(h.FirstDay), Day(h.LastDay), h.Days.ToString(CultureInfo.InvariantCulture), h.Parameter, Day(h.Date),
        }), excel);

    private static string Day(NodaTime.LocalDate d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
