using System.Text;
using Engine.Core.Money;
using NodaTime;

namespace Engine.Jobs.Generation;

/// <summary>The demo's care under prior authorisation: the acts, the adviser's decisions in the inbox, and a late decision.</summary>
public sealed record AuthorisedCare(IReadOnlyList<CareEvent> Events, string AuthorisationsCsv, string LateAuthorisationsCsv);

/// <summary>
/// A few sessions of the heavy-pathology physiotherapy code 563010, which needs the medical adviser's agreement
/// (rules/authorisations/prior-authorisation.csv), for the first four members insured over the care month, at the first
/// physiotherapist, sent by eFact (docs/authorisations-and-bim.md):
/// <list type="bullet">
/// <item>the 1st member: 2 sessions within an authorisation of 2 sessions for the group physio_heavy: both paid;</item>
/// <item>the 2nd: 3 sessions within an authorisation of 2 for the code: 2 paid, the 3rd refused (5004L0, sessions used);</item>
/// <item>the 3rd: 1 session and no authorisation: refused (5004L0) and kept awaiting one; the late decision
/// (<see cref="AuthorisedCare.LateAuthorisationsCsv"/>) releases it through the next run;</item>
/// <item>the 4th: 1 session the adviser refused: refused (500449).</item>
/// </list>
/// Deterministic: the same registry and options give the same acts and files.
/// </summary>
public static class AuthorisedCareGenerator
{
    public const int Code = 563010;
    private const string Header = "member_niss,code_or_group,from,to,sessions,decision,reference\n";

    public static AuthorisedCare Generate(GeneratorOptions o, RegistrySnapshot registry, int firstNumber)
    {
        var period = o.CarePeriod;
        var physio = registry.Providers.Where(p => p.Kind == "physiotherapist").OrderBy(p => p.ProviderId, StringComparer.Ordinal).FirstOrDefault();
        var members = registry.Beneficiaries
            .Where(b => b.InsuredFrom <= period.Start && (b.InsuredTo is null || b.InsuredTo.Value >= period.End) && b.BirthDate < period.Start)
            .OrderBy(b => b.BeneficiaryId, StringComparer.Ordinal).Take(4).ToList();
        if (physio is null || members.Count < 4) return new AuthorisedCare([], Header, Header);
        var events = new List<CareEvent>();
        var number = firstNumber;
        void Sessions(int member, params int[] days)
        {
            foreach (var d in days)
                events.Add(new CareEvent(number++, members[member].BeneficiaryId, physio.ProviderId, "physiotherapy_heavy", Code,
                    period.Start.PlusDays(d), 1, Money.Zero, "efact", null));
        }
        Sessions(0, 2, 9);
        Sessions(1, 3, 10, 17);
        Sessions(2, 4);
        Sessions(3, 5);
        string Day(LocalDate d) => d.ToString("yyyy-MM-dd", null);
        var until = Day(period.End.PlusDays(60));
        var inbox = new StringBuilder(Header)
            .Append($"{members[0].Niss},physio_heavy,{Day(period.Start)},{until},2,granted,DEMO-AUTH-1\n")
            .Append($"{members[1].Niss},{Code},{Day(period.Start)},{until},2,granted,DEMO-AUTH-2\n")
            .Append($"{members[3].Niss},physio_heavy,{Day(period.Start)},{Day(period.End)},,refused,DEMO-AUTH-4\n");
        var late = $"{Header}{members[2].Niss},physio_heavy,{Day(period.Start)},{until},10,granted,DEMO-AUTH-3\n";
        return new AuthorisedCare(events, inbox.ToString(), late);
    }
}
