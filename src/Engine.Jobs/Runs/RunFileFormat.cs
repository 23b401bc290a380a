namespace Engine.Jobs.Runs;

/// <summary>
/// The format of a run's files, recorded in its summary (file_format) so that a replay writes them again as the run
/// wrote them, byte for byte, whatever the engine writes today:
/// <list type="bullet">
/// <item>1 (no file_format in summary.json): the runs recorded before issue 13: CSV without BOM nor injection guard, no
/// report.html, no workbook.xlsx, no by_purpose in the summary.</item>
/// <item>2: CSV for Excel (UTF-8 BOM, CsvHelper's injection guard), report.html and workbook.xlsx beside summary.json,
/// totals by purpose in the summary.</item>
/// <item>3: payers (issue 14): results.csv ends with the column payer; each payer other than the insurance has its own
/// payment files and statement, and the summary its totals (payers).</item>
/// </list>
/// A run writes its files in the current format; a replay in the format its summary records.
/// </summary>
public static class RunFileFormat
{
    public const int Original = 1;
    public const int ExcelAndReports = 2;
    public const int WithPayers = 3;
    public const int Current = WithPayers;

    /// <summary>The format a run's recorded summary says its files were written in.</summary>
    public static int Of(RunSummary? recorded) => recorded?.FileFormat ?? Original;

    public static bool ExcelCsv(int format) => format >= ExcelAndReports;

    public static bool Reports(int format) => format >= ExcelAndReports;

    public static bool Payers(int format) => format >= WithPayers;
}
