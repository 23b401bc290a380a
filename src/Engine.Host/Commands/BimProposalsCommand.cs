using System.CommandLine;
using Engine.Host.Hosting;
using Engine.Jobs.Bim;
using Engine.Jobs.Data;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;

namespace Engine.Host.Commands;

/// <summary>
/// `bim-proposals --month yyyy-MM [--out FILE]`: the members to examine for BIM on the insurer's initiative that month,
/// with why (docs/authorisations-and-bim.md), written to OUTPUT/bim-proposals-yyyy-MM.csv (or --out) and kept, so a
/// later month does not propose them again. The same month asked again writes the same file.
/// </summary>
public static class BimProposalsCommand
{
    public static Command Create()
    {
        var month = new Option<string>("--month") { Description = "The month yyyy-MM (from 2024-10)", Required = true };
        var output = new Option<string?>("--out") { Description = "The CSV file to write (default OUTPUT/bim-proposals-yyyy-MM.csv)" };
        var command = new Command("bim-proposals", "Propose the members to examine for BIM on the insurer's initiative in a month") { month, output };
        GlobalOptions.AddTo(command);
        command.SetAction(parse =>
        {
            var text = parse.GetValue(month)!;
            var parsed = YearMonthPattern.Iso.Parse(text);
            if (!parsed.Success) throw new CliError($"--month '{text}' is not a month yyyy-MM");
            if (parsed.Value.OnDayOfMonth(1) < Engine.Core.Bim.BimInitiative.Since)
                throw new CliError($"--month {text}: BIM on the insurer's initiative starts in 2024-10");
            using var host = EngineHost.Build(GlobalOptions.Settings(parse, hangfireServer: false), JobRegistration.Add);
            host.Services.GetRequiredService<IEngineStore>().Migrate(host.Services.GetRequiredService<IClock>().GetCurrentInstant());
            var outcome = host.Services.GetRequiredService<BimProposals>().Propose(parsed.Value, parse.GetValue(output));
            var o = parse.InvocationConfiguration.Output;
            foreach (var p in outcome.Proposals) o.WriteLine($"  {p.MemberId} ({p.Basis}): {p.Reason}");
            o.WriteLine($"bim-proposals {text}: {outcome.Proposals.Count} member(s) to examine ({outcome.New} new); {outcome.File}");
            return 0;
        });
        return command;
    }
}
