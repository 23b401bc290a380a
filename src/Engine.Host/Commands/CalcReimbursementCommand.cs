using Engine.Core.Ceilings;
using Engine.Host.Commands.Households;
using System.CommandLine;
using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Engine.Core.Reimbursement;
using Engine.Host.Commands.Reimbursement;
using Engine.Jobs.Rules;

namespace Engine.Host.Commands;

/// <summary>
/// `calc reimbursement --claims claims.csv --beneficiaries beneficiaries.csv --out results.csv [--rules DIR] [--explain]`:
/// every claim line through the reimbursement kernel (the one the nightly run uses), one result line per claim line
/// in input order; its last column supplement_flag lists a forbidden supplement for control (the line paid as usual). A row that cannot be read is reported on stderr (file, line, column) and still gets a result line,
/// rejected with reason invalid_input / unknown_beneficiary / invalid_beneficiary. Exit 0 once the files could be
/// processed; 2 with a one-line error when a file is missing or a header is wrong.
/// </summary>
public static class CalcReimbursementCommand
{
    public static Command Create()
    {
        var claims = new Option<string>("--claims") { Description = "claims.csv: " + string.Join(',', ReimbursementCsv.ClaimColumns) };
        var beneficiaries = new Option<string>("--beneficiaries")
        {
            Description = "beneficiaries.csv: " + string.Join(',', ReimbursementCsv.BeneficiaryColumns) + "[," + ReimbursementCsv.BimKindColumn + "]",
        };
        var output = new Option<string>("--out")
        {
            Description = "results.csv to write: " + string.Join(',', ReimbursementCsv.ResultColumns) + "[,maf_refund]," + ReimbursementCsv.SupplementFlagColumn,
        };
        var rulesDir = new Option<string>("--rules") { Description = "rules folder (default: ./rules or the repository's rules/)" };
        var explain = new Option<bool>("--explain") { Description = "print each line's explanation in plain words" };
        var households = new Option<string>("--households")
        {
            Description = "households.csv: " + string.Join(',', HouseholdsCsv.Columns) +
                          "; beneficiaries.csv then carries household_id and results.csv gains a last column maf_refund",
        };
        var command = new Command("reimbursement", "Fee, insurer amount, personal share, supplement and payee of each care line")
        {
            claims, beneficiaries, output, rulesDir, explain, households,
        };
        command.SetAction(parse => Run(
            parse.GetValue(claims) ?? throw new CliError("--claims is required"),
            parse.GetValue(beneficiaries) ?? throw new CliError("--beneficiaries is required"),
            parse.GetValue(output) ?? throw new CliError("--out is required"),
            parse.GetValue(rulesDir),
            parse.GetValue(explain),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, parse.GetValue(households)));
        return command;
    }

    public static int Run(string claimsPath, string beneficiariesPath, string outPath, string? rulesDir, bool explain,
        TextWriter stdout, TextWriter stderr, string? householdsPath = null)
    {
        if (householdsPath is not null && !File.Exists(householdsPath)) throw new CliError($"{householdsPath}: households file not found");
        if (!File.Exists(claimsPath)) throw new CliError($"{claimsPath}: claims file not found");
        if (!File.Exists(beneficiariesPath)) throw new CliError($"{beneficiariesPath}: beneficiaries file not found");
        var outDir = Path.GetDirectoryName(Path.GetFullPath(outPath));
        if (outDir is not null && !Directory.Exists(outDir)) throw new CliError($"{outPath}: output folder does not exist");

        List<ClaimRow> claimRows;
        List<BeneficiaryRow> beneficiaryRows;
        using (var reader = new StreamReader(claimsPath)) claimRows = ReimbursementCsv.ReadClaims(reader, claimsPath);
        using (var reader = new StreamReader(beneficiariesPath)) beneficiaryRows = ReimbursementCsv.ReadBeneficiaries(reader, beneficiariesPath, householdsPath is not null);

        var dir = rulesDir ?? RuleSetLoader.DefaultDirectory();
        var ruleSet = RuleSetLoader.Load(dir);
        var rules = ruleSet.Reimbursement ?? throw new CliError($"{dir}: no reimbursement/ rules folder");

        var people = Beneficiaries(beneficiaryRows, beneficiariesPath, stderr);

        // Compute everything before writing: nothing half-written if something unexpected stops the run.
        var results = new List<(string LineId, LineResult Result, string Payee)>(claimRows.Count);
        foreach (var row in claimRows)
        {
            var where = $"{claimsPath}:{row.Line}";
            // A row whose channel cannot be read has no payee: the column is left empty rather than guessed.
            var payee = row.Channel == Channel.Eattest ? Payee.Member : Payee.Provider;
            LineResult result;
            IReadOnlyList<Core.Rules.ExplanationStep>? steps = null;
            string? problem = null;
            if (row.Problems.Count > 0)
            {
                foreach (var p in row.Problems)
                    stderr.WriteLine($"{where}: {(p.Column is null ? "" : $"column '{p.Column}': ")}{p.Reason}");
                result = Rejected(ReasonCode.InvalidInput, payee);
                problem = string.Join("; ", row.Problems.Select(p => (p.Column is null ? "" : $"column '{p.Column}' ") + p.Reason));
            }
            else if (!people.TryGetValue(row.BeneficiaryId!, out var who))
            {
                problem = $"column 'beneficiary_id': '{row.BeneficiaryId}' is not in {beneficiariesPath}";
                stderr.WriteLine($"{where}: {problem}");
                result = Rejected(ReasonCode.UnknownBeneficiary, payee);
            }
            else if (who is null)
            {
                problem = $"column 'beneficiary_id': the record of '{row.BeneficiaryId}' in {beneficiariesPath} could not be read";
                stderr.WriteLine($"{where}: {problem}");
                result = Rejected(ReasonCode.InvalidBeneficiary, payee);
            }
            else
            {
                // beneficiaries.csv `dmg`: the beneficiary holds a DMG with the GP of the line.
                var line = row.Care!.Value with { DmgWithProvider = who.Value.HasDmg };
                var situation = who.Value;
                if (explain) steps = ReimbursementKernel.Explain(in line, in situation, rules, out result);
                else result = ReimbursementKernel.Compute(in line, in situation, rules);
                if (result.Reason == ReasonCode.CodeNotValidOnDate)
                {
                    var (from, to) = rules.CoverageOf(line.Code);
                    stderr.WriteLine($"{where}: line {row.LineId}: code {line.Code} has no rule on {line.ServiceDate:yyyy-MM-dd} " +
                                     $"(the rules cover it {from:yyyy-MM-dd} to {(to is { } t ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "open end")})");
                }
            }
            var payeeText = row.Channel is null ? "" : PayeeText(result);
            results.Add((row.LineId, result, payeeText));
            if (explain) PrintExplanation(stdout, row, where, result, payeeText, steps, problem);
        }

        var mafCells = householdsPath is null ? null
            : MafCells(ruleSet, claimRows, results, beneficiaryRows, HouseholdsCsv.Read(householdsPath), stderr, claimsPath);

        using (var writer = new StreamWriter(outPath, false, new System.Text.UTF8Encoding(true)))
        using (var csv = Engine.Jobs.CsvFile.Writer(writer, excel: true))
        {
            foreach (var column in ReimbursementCsv.ResultColumns) csv.WriteField(column);
            if (mafCells is not null) csv.WriteField(MafRefundColumn.Header);
            csv.WriteField(ReimbursementCsv.SupplementFlagColumn);
            csv.NextRecord();
            for (int i = 0; i < results.Count; i++)
            {
                var (lineId, r, payeeText) = results[i];
                csv.WriteField(lineId);
                csv.WriteField(r.Fee.ToString());
                csv.WriteField(r.InsurerAmount.ToString());
                csv.WriteField(r.PersonalShare.ToString());
                csv.WriteField(r.Supplement.ToString());
                csv.WriteField(payeeText);
                csv.WriteField(r.Accepted ? "accepted" : "rejected");
                csv.WriteField(r.Reason.Text());
                csv.WriteField(r.Rules.Format(rules));
                if (mafCells is not null) csv.WriteField(mafCells[i]);
                csv.WriteField(r.SupplementFlag.Text());
                csv.NextRecord();
            }
        }
        int accepted = results.Count(r => r.Result.Accepted);
        stdout.WriteLine($"calc reimbursement: {results.Count} line(s), {accepted} accepted, {results.Count - accepted} rejected; rules {ruleSet.Version[..12]}");
        return 0;
    }

    private static LineResult Rejected(ReasonCode reason, Payee payee) => LineResult.RejectedInput(reason, payee);

    /// <summary>
    /// The maf_refund cell of each line, in file order: the personal shares of accepted lines are counted per household
    /// and year of care in service-date order, then line order. A rejected line counts nothing (0.00); a line whose MAF
    /// cannot be computed gets an empty cell and its reason on stderr (a line id found on two rows: both rows, named).
    /// </summary>
    private static IReadOnlyList<string> MafCells(Core.Rules.RuleSet ruleSet, List<ClaimRow> claims,
        List<(string LineId, LineResult Result, string Payee)> results, List<BeneficiaryRow> beneficiaries, HouseholdsFile households,
        TextWriter stderr, string claimsFile)
    {
        var byId = beneficiaries.Where(b => b.Id is not null).GroupBy(b => b.Id!).ToDictionary(g => g.Key, g => g.First());
        var cells = Enumerable.Repeat("0.00", results.Count).ToArray();
        var batch = new List<MafBatchLine>();
        var index = new List<int>();
        for (int i = 0; i < results.Count; i++)
        {
            var r = results[i].Result;
            if (!r.Accepted || claims[i].Care is not { } care) continue;
            byId.TryGetValue(claims[i].BeneficiaryId!, out var who);
            batch.Add(new MafBatchLine(results[i].LineId, claims[i].BeneficiaryId!, who?.HouseholdId, care.ServiceDate, r.PersonalShare,
                who?.Situation?.BirthDate, ThirdPartyPayment: care.Channel == Channel.Efact, Code: care.Code,
                Where: $"{claimsFile}:{claims[i].Line}"));
            index.Add(i);
        }
        var computed = MafRefundColumn.Compute(ruleSet, batch, households, stderr);
        for (int j = 0; j < computed.Count; j++) cells[index[j]] = computed[j];
        return cells;
    }

    private static string PayeeText(in LineResult r) => r.Payee == Payee.Provider ? "provider" : "member";

    /// <summary>Readable beneficiaries by id; null for an id whose row is malformed or repeated (never guessed).</summary>
    private static Dictionary<string, BeneficiarySituation?> Beneficiaries(List<BeneficiaryRow> rows, string file, TextWriter stderr)
    {
        var people = new Dictionary<string, BeneficiarySituation?>(StringComparer.Ordinal);
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            foreach (var p in row.Problems)
                stderr.WriteLine($"{file}:{row.Line}: {(p.Column is null ? "" : $"column '{p.Column}': ")}{p.Reason}");
            if (row.Id is null) continue;
            if (firstLine.TryGetValue(row.Id, out var first))
            {
                stderr.WriteLine($"{file}:{row.Line}: column 'beneficiary_id': '{row.Id}' is already on line {first}: its lines are rejected");
                people[row.Id] = null;
                continue;
            }
            firstLine[row.Id] = row.Line;
            people[row.Id] = row.Situation;
        }
        return people;
    }

    private static void PrintExplanation(TextWriter stdout, ClaimRow row, string where, in LineResult r, string payee,
        IReadOnlyList<Core.Rules.ExplanationStep>? steps, string? problem)
    {
        stdout.WriteLine(r.Accepted
            ? $"line {row.LineId} ({where}): accepted: fee {r.Fee}, insurer {r.InsurerAmount} to the {payee}, personal share {r.PersonalShare}, supplement {r.Supplement}"
              + (r.SupplementFlagged ? $" flagged for control ({r.SupplementFlag.Text()})" : "")
            : $"line {row.LineId} ({where}): rejected ({r.Reason.Text()})");
        if (problem is not null) stdout.WriteLine($"  {problem}");
        foreach (var step in steps ?? []) stdout.WriteLine($"  {step}");
    }
}
