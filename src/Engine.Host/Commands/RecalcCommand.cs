using System.CommandLine;
using System.Globalization;
using Engine.Host.Hosting;
using Engine.Jobs.Data;
using Engine.Jobs.Recalc;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;

namespace Engine.Host.Commands;

/// <summary>
/// `recalc --member ID | --household ID | --provider ID | --code CODE | --from DATE --to DATE --reason "..." [--by NAME]
/// [--rules DIR]`: recompute a scope with what is known now and record the differences with what was paid: complements
/// (paid by the next run, once) and undue amounts (listed for recovery). Prints each difference and writes the report
/// into OUTPUT/recalc-ID/.
/// </summary>
public static class RecalcCommand
{
    public static Command Create()
    {
        var member = new Option<string?>("--member") { Description = "A member (beneficiary id)" };
        var household = new Option<string?>("--household") { Description = "A household (MAF household id): its members' lines of the years they belong to it" };
        var provider = new Option<string?>("--provider") { Description = "A provider (provider id)" };
        var code = new Option<string?>("--code") { Description = "A nomenclature code" };
        var from = new Option<string?>("--from") { Description = "First care date yyyy-MM-dd (alone with --to: a period; else narrows the scope)" };
        var to = new Option<string?>("--to") { Description = "Last care date yyyy-MM-dd" };
        var reason = new Option<string>("--reason") { Description = "Why (recorded with the recalculation)", Required = true };
        var by = new Option<string?>("--by") { Description = "Who asks (default: the user running the command)" };
        var rules = new Option<string?>("--rules") { Description = "The rules folder to recompute with (default: Engine:RulesFolder)" };
        var command = new Command("recalc", "Recalculate a scope after a correction: complements to pay, undue amounts to recover")
            { member, household, provider, code, from, to, reason, by, rules };
        GlobalOptions.AddTo(command);
        command.SetAction(parse =>
        {
            int? codeValue = null;
            if (parse.GetValue(code) is { } c)
            {
                if (!int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) throw new CliError($"--code '{c}' is not a nomenclature code");
                codeValue = n;
            }
            var scope = new RecalcScope(parse.GetValue(member), parse.GetValue(household), parse.GetValue(provider), codeValue,
                Date(parse.GetValue(from), "--from"), Date(parse.GetValue(to), "--to"));
            if (scope.Problem is { } problem) throw new CliError(problem);
            var why = parse.GetValue(reason)!;
            if (string.IsNullOrWhiteSpace(why)) throw new CliError("--reason is empty: say why the scope is recalculated");
            var who = parse.GetValue(by) is { } b && !string.IsNullOrWhiteSpace(b) ? b : Environment.UserName;
            var extra = new Dictionary<string, string?>();
            if (parse.GetValue(rules) is { } dir)
            {
                if (!Directory.Exists(dir)) throw new CliError($"--rules '{dir}' is not a folder");
                extra["Engine:RulesFolder"] = Path.GetFullPath(dir);
            }
            using var host = EngineHost.Build(GlobalOptions.Settings(parse, hangfireServer: false, extra), JobRegistration.Add);
            host.Services.GetRequiredService<IEngineStore>().Migrate(host.Services.GetRequiredService<IClock>().GetCurrentInstant());
            var outcome = host.Services.GetRequiredService<Recalculation>().Run(scope, why, who);
            var o = parse.InvocationConfiguration.Output;
            var r = outcome.Recalc;
            o.WriteLine($"recalc {r.RecalcId} ({r.Scope}) by {r.RequestedBy}, as of {DbTypes.Text(r.AsOf)}, rules {r.RuleSetVersion[..12]}: {r.Items} items recomputed");
            foreach (var d in outcome.Differences) o.WriteLine("  " + RecalcReport.Line(d));
            foreach (var n in outcome.Notes) o.WriteLine($"  note: {n}");
            o.WriteLine($"complements {r.Complements} ({r.ComplementTotal} EUR) paid by the next run; undue {r.Undue} ({r.UndueTotal} EUR) to recover; " +
                        $"report {r.ReportFile}");
            return 0;
        });
        return command;
    }

    private static LocalDate? Date(string? text, string option)
    {
        if (text is null) return null;
        var parsed = LocalDatePattern.Iso.Parse(text);
        return parsed.Success ? parsed.Value : throw new CliError($"{option} '{text}' is not a date yyyy-MM-dd");
    }
}
