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
/// `calc indemnity --cases cases.csv --out results.csv [--rules DIR] [--explain]`: the indemnity of each case over its
/// period. results.csv: case_id,paid_days,daily_amount,gross,withholding,net,rules — one line per computed case, input
/// order. A malformed row (or one the rules cannot compute) is reported on stderr with its line and column; the others
/// go on. --explain prints each case's explanation in plain words on stdout, stretch by stretch.
/// </summary>
public static class CalcIndemnityCommand
{
    public static readonly string[] ResultColumns = ["case_id", "paid_days", "daily_amount", "gross", "withholding", "net", "rules"];

    public static Command Create()
    {
        var cases = new Option<string>("--cases") { Description = "cases.csv: " + string.Join(',', CaseCsv.Columns) };
        var output = new Option<string>("--out") { Description = "results.csv to write: " + string.Join(',', ResultColumns) };
        var rulesDir = new Option<string>("--rules") { Description = "rules folder (default: ./rules or the repository's rules/)" };
        var explain = new Option<bool>("--explain") { Description = "print each case's explanation in plain words" };
        var command = new Command("indemnity", "Incapacity, invalidity, maternity and birth-leave indemnities of each case over its period")
        {
            cases, output, rulesDir, explain,
        };
        command.SetAction(parse => Run(
            parse.GetValue(cases) ?? throw new CliError("--cases is required"),
            parse.GetValue(output) ?? throw new CliError("--out is required"),
            parse.GetValue(rulesDir),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, parse.GetValue(explain)));
        return command;
    }

    public static int Run(string casesPath, string outPath, string? rulesDir, TextWriter stdout, TextWriter stderr, bool explain = false)
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
            var where = $"{casesPath}:{row.Line}";
            string? problem = null;
            if (row.Case is null)
            {
                problem = $"{(row.Column is null ? "" : $"column '{row.Column}': ")}{row.Error}";
                stderr.WriteLine($"{where}: {problem}");
            }
            else
            {
                try
                {
                    var statement = IndemnityKernel.Compute(row.Case, row.Period!, rules);
                    results.Add(statement);
                    if (explain) PrintExplanation(stdout, where, statement);
                }
                catch (IndemnityCaseException e)
                {
                    problem = $"column '{e.Field}': {e.Reason}";
                    stderr.WriteLine($"{where}: case {row.Case.Id}: {problem}");
                }
                catch (RuleCoverageException e)
                {
                    problem = e.Message;
                    stderr.WriteLine($"{where}: case {row.Case.Id}: {problem}");
                }
            }
            if (problem is null) continue;
            rejected++;
            if (explain) stdout.WriteLine($"case {row.Case?.Id ?? "?"} ({where}): not computed: {problem}");
        }

        using (var writer = new StreamWriter(outPath, false, new System.Text.UTF8Encoding(true)))
        using (var csv = Engine.Jobs.CsvFile.Writer(writer, excel: true))
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

    /// <summary>The case's totals, then each stretch's steps, then gross, withholding and net, each with its origin.</summary>
    private static void PrintExplanation(TextWriter stdout, string where, IndemnityStatement s)
    {
        stdout.WriteLine($"case {s.CaseId} ({where}): {s.Period.Start:yyyy-MM-dd} to {s.Period.End:yyyy-MM-dd}: {s.PaidDays} paid day(s), " +
                         $"gross {s.Gross}, withholding {s.Withholding}, net {s.Net}");
        foreach (var stretch in s.Stretches)
        foreach (var step in stretch.Explanation)
            stdout.WriteLine($"  {step}");
        foreach (var step in s.Explanation) stdout.WriteLine($"  {step}");
    }
}
