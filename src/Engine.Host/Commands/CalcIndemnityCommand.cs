using System.CommandLine;
using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Engine.Core.Indemnities;
using Engine.Core.Rules;
using Engine.Host.Commands.Indemnities;
using Engine.Jobs.Rules;

namespace Engine.Host.Commands;

/// <summary>
/// `calc indemnity --cases cases.csv --out results.csv [--rules DIR]`: the indemnity of each case over its period.
/// results.csv: case_id,paid_days,daily_amount,gross,withholding,net,rules — one line per computed case, input order.
/// A malformed row (or one the rules cannot compute) is reported on stderr with its line and column; the others go on.
/// </summary>
public static class CalcIndemnityCommand
{
    public static readonly string[] ResultColumns = ["case_id", "paid_days", "daily_amount", "gross", "withholding", "net", "rules"];

    public static Command Create()
    {
        var cases = new Option<string>("--cases") { Description = "cases.csv: " + string.Join(',', CaseCsv.Columns) };
        var output = new Option<string>("--out") { Description = "results.csv to write: " + string.Join(',', ResultColumns) };
        var rulesDir = new Option<string>("--rules") { Description = "rules folder (default: ./rules or the repository's rules/)" };
        var command = new Command("indemnity", "Incapacity, invalidity, maternity and birth-leave indemnities of each case over its period")
        {
            cases, output, rulesDir,
        };
        command.SetAction(parse => Run(
            parse.GetValue(cases) ?? throw new CliError("--cases is required"),
            parse.GetValue(output) ?? throw new CliError("--out is required"),
            parse.GetValue(rulesDir),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    public static int Run(string casesPath, string outPath, string? rulesDir, TextWriter stdout, TextWriter stderr)
    {
        if (!File.Exists(casesPath)) throw new CliError($"{casesPath}: cases file not found");
        var outDir = Path.GetDirectoryName(Path.GetFullPath(outPath));
        if (outDir is not null && !Directory.Exists(outDir)) throw new CliError($"{outPath}: output folder does not exist");
        var rules = RuleSetLoader.Load(rulesDir ?? RuleSetLoader.DefaultDirectory());

        List<CaseRow> rows;
        using (var reader = new StreamReader(casesPath)) rows = CaseCsv.Read(reader, casesPath).ToList();

        // Compute everything before writing: a rules defect stops the run without leaving half a results file.
        int rejected = 0;
        var results = new List<IndemnityStatement>();
        foreach (var row in rows)
        {
            if (row.Case is null)
            {
                rejected++;
                stderr.WriteLine($"{casesPath}:{row.Line}: {(row.Column is null ? "" : $"column '{row.Column}': ")}{row.Error}");
                continue;
            }
            try
            {
                results.Add(IndemnityKernel.Compute(row.Case, row.Period!, rules));
            }
            catch (IndemnityCaseException e)
            {
                rejected++;
                stderr.WriteLine($"{casesPath}:{row.Line}: case {row.Case.Id}: column '{e.Field}': {e.Reason}");
            }
            catch (RuleCoverageException e)
            {
                rejected++;
                stderr.WriteLine($"{casesPath}:{row.Line}: case {row.Case.Id}: {e.Message}");
            }
        }

        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\n" };
        using (var writer = new StreamWriter(outPath, false, new System.Text.UTF8Encoding(false)))
        using (var csv = new CsvWriter(writer, config))
        {
            foreach (var column in ResultColumns) csv.WriteField(column);
            csv.NextRecord();
            foreach (var s in results)
            {
                csv.WriteField(s.CaseId);
                csv.WriteField(s.PaidDays.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(s.DailyAmount.ToString());
                csv.WriteField(s.Gross.ToString());
                csv.WriteField(s.Withholding.ToString());
                csv.WriteField(s.Net.ToString());
                csv.WriteField(string.Join('|', s.RuleIds));
                csv.NextRecord();
            }
        }
        stdout.WriteLine($"calc indemnity: {results.Count} case(s) computed, {rejected} row(s) rejected; rules {rules.Version[..12]}");
        return 0;
    }
}
