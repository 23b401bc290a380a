using System.CommandLine;
using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Engine.Core.Complementary;
using Engine.Host.Commands.Complementary;
using Engine.Jobs.Rules;

namespace Engine.Host.Commands;

/// <summary>
/// `calc ac --requests requests.csv --members members.csv --out results.csv [--rules DIR] [--insurer ID]`:
/// decides AC advantage requests. Requests are decided in date order, then file order; results are written in the
/// input order, one per request row: request_id,granted_amount,status,reason. A malformed row is reported on stderr
/// (file, line, column) and gets a refused result; the other rows go through. Exit 0 when processed; 2 with one
/// line on stderr when a file is missing, a header is wrong, or the rules cannot be loaded.
/// </summary>
public static class CalcAcCommand
{
    public static readonly string[] ResultColumns = ["request_id", "granted_amount", "status", "reason"];

    public static Command Create()
    {
        var requests = new Option<string>("--requests") { Description = "requests.csv: request_id,member_id,advantage,date,amount_paid[,evidence_reference]" };
        var members = new Option<string>("--members") { Description = "members.csv: member_id,birth_date,ac_in_order[,arrears_months][,ac_since]" };
        var output = new Option<string>("--out") { Description = "results.csv to write: request_id,granted_amount,status,reason" };
        var rules = new Option<string>("--rules") { Description = "rules folder (default: ./rules or the repository's)" };
        var insurer = new Option<string>("--insurer") { Description = "insurer whose AC catalogue applies (default: the default of rules/complementary/insurers.csv)" };
        var command = new Command("ac", "Decide complementary-insurance (AC) advantage requests from CSV files") { requests, members, output, rules, insurer };
        command.SetAction(parse =>
        {
            string Need(Option<string> o) => parse.GetValue(o) is { Length: > 0 } v ? v : throw new CliError($"{o.Name} is required");
            return Run(Need(requests), Need(members), Need(output), parse.GetValue(rules), parse.GetValue(insurer),
                parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
        });
        return command;
    }

    public static int Run(string requestsPath, string membersPath, string outPath, string? rulesDir, string? insurerId,
        TextWriter stdout, TextWriter stderr)
    {
        var ruleSet = RuleSetLoader.Load(rulesDir ?? RuleSetLoader.DefaultDirectory());
        var catalogues = ruleSet.Complementary;
        if (catalogues.ByInsurer.Count == 0) throw new CliError("no AC catalogue in rules/complementary/ (insurers.csv and <insurer>/catalogue.csv)");
        var catalogue = catalogues.Find(insurerId)
            ?? throw new CliError($"--insurer {insurerId}: no such catalogue in rules/complementary/ (insurers: {string.Join(", ", catalogues.ByInsurer.Keys.Order(StringComparer.Ordinal))})");

        var memberFile = AcInputFiles.ReadMembers(membersPath);
        var rows = AcInputFiles.ReadRequests(requestsPath);
        var outDir = Path.GetDirectoryName(Path.GetFullPath(outPath));
        if (outDir is not null && !Directory.Exists(outDir)) throw new CliError($"--out {outPath}: folder {outDir} does not exist");

        foreach (var e in memberFile.Errors) stderr.WriteLine(e);
        foreach (var r in rows) if (r.Error is not null) stderr.WriteLine(r.Error);

        var decisions = Decide(rows, memberFile, catalogue);
        Write(outPath, rows, decisions);

        var sound = decisions.Where(d => d is not null).Select(d => d!).ToList();
        var total = sound.Aggregate(Core.Money.Money.Zero, (s, d) => s + d.Granted);
        stdout.WriteLine($"calc ac: {rows.Count} requests ({catalogue.InsurerId} catalogue): {sound.Count(d => d.Status == AcStatus.Granted)} granted, " +
                         $"{sound.Count(d => d.Status == AcStatus.Partial)} partial, {rows.Count - sound.Count(d => d.Status != AcStatus.Refused)} refused; " +
                         $"{total} granted in all; results in {outPath}");
        return 0;
    }

    /// <summary>Decisions per request row (null for a malformed row), taken in date order then file order.</summary>
    private static AcDecision?[] Decide(IReadOnlyList<AcRequestRow> rows, AcMembersFile members, AcCatalogue catalogue)
    {
        var decisions = new AcDecision?[rows.Count];
        var states = new Dictionary<string, AcMemberState>(StringComparer.Ordinal);
        var order = Enumerable.Range(0, rows.Count).Where(i => rows[i].Request is not null).OrderBy(i => rows[i].Request!.Date); // stable: file order on ties
        foreach (var i in order)
        {
            var request = rows[i].Request!;
            if (!members.Members.TryGetValue(request.MemberId, out var member))
            {
                decisions[i] = AcDecision.Refused(request, AcReason.UnknownMember, members.Defective.TryGetValue(request.MemberId, out var why)
                    ? $"member {request.MemberId}: its members.csv row is defective ({why})"
                    : $"member {request.MemberId} is not in members.csv");
                continue;
            }
            var state = states.GetValueOrDefault(request.MemberId) ?? AcMemberState.Empty(request.MemberId);
            var (decision, next) = AcDecider.Decide(state, request, member, catalogue);
            states[request.MemberId] = next;
            decisions[i] = decision;
        }
        return decisions;
    }

    private static void Write(string path, IReadOnlyList<AcRequestRow> rows, AcDecision?[] decisions)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        using var csv = Engine.Jobs.CsvFile.Writer(writer, excel: true);
        foreach (var c in ResultColumns) csv.WriteField(c);
        csv.NextRecord();
        for (int i = 0; i < rows.Count; i++)
        {
            var d = decisions[i];
            csv.WriteField(rows[i].RequestId);
            csv.WriteField(d?.Granted.ToString() ?? "0.00");
            csv.WriteField(d?.StatusCode ?? "refused");
            csv.WriteField(d?.ReasonLine ?? $"malformed: {rows[i].Error}");
            csv.NextRecord();
        }
    }
}
