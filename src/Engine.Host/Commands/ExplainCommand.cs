using System.CommandLine;
using Engine.Host.Hosting;
using Engine.Jobs.Data;
using Engine.Jobs.Members;
using Engine.Jobs.Rules;
using Engine.Jobs.Runs;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Engine.Host.Commands;

/// <summary>
/// `explain --line ID [--for auditor|member] [--lang fr|nl|en]`: why a stored care line was paid what it was paid, from
/// the data: the auditor's view (origin, each run's decision, the kernel's steps with their rules, the payment
/// decision), or the member's answer in plain words in their language.
/// </summary>
public static class ExplainCommand
{
    public static Command Create()
    {
        var line = new Option<long>("--line") { Description = "The care line id (results.csv line_id)", Required = true };
        var audience = new Option<string>("--for") { Description = "auditor (default): every rule and figure; member: plain words in the member's language" };
        audience.AcceptOnlyFromAmong("auditor", "member");
        var lang = new Option<string?>("--lang") { Description = "The member's language, fr, nl or en (with --for member; default: the language the registry records for the member, else fr)" };
        lang.AcceptOnlyFromAmong([.. MemberMessages.Languages]);
        var command = new Command("explain", "Explain a stored care line: where it came from, each run's decision, and why") { line, audience, lang };
        GlobalOptions.AddTo(command);
        command.SetAction(parse =>
        {
            using var host = EngineHost.Build(GlobalOptions.Settings(parse, hangfireServer: false), JobRegistration.Add);
            host.Services.GetRequiredService<IEngineStore>().Migrate(host.Services.GetRequiredService<IClock>().GetCurrentInstant());
            IReadOnlyList<string> text;
            var forMember = parse.GetValue(audience) == "member";
            if (!forMember && parse.GetValue(lang) is not null) throw new CliError("--lang is for --for member: the auditor's view is in English");
            try
            {
                if (forMember)
                {
                    var facts = new MemberLineFactsReader(host.Services.GetRequiredService<IEngineStore>(), host.Services.GetRequiredService<RuleSetArchive>())
                        .Read(parse.GetValue(line), host.Services.GetRequiredService<IClock>().GetCurrentInstant());
                    text = MemberAnswer.Write(facts, facts.AnswerLanguage(parse.GetValue(lang)));
                }
                else text = host.Services.GetRequiredService<LineExplainer>().Explain(parse.GetValue(line));
            }
            catch (KeyNotFoundException e) { throw new CliError(e.Message); }
            foreach (var t in text) parse.InvocationConfiguration.Output.WriteLine(t);
            return 0;
        });
        return command;
    }
}
