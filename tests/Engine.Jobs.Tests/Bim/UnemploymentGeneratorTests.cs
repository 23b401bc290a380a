using System.Text;
using Engine.Jobs.Bim;
using Engine.Jobs.Generation;
using Engine.Jobs.Ingestion;
using Engine.Jobs.Time;
using NodaTime;

namespace Engine.Jobs.Tests.Bim;

/// <summary>
/// The demo's unemployment file (issue 14): it imports whole, and the BIM proposals of the month before the run date
/// propose isolated members unemployed three months or more from it, each alone in its household and not BIM.
/// </summary>
public sealed class UnemploymentGeneratorTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("engine-unemployment-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void The_generated_unemployment_file_imports_whole_and_gives_proposals_of_isolated_members()
    {
        var generator = new GeneratorOptions { Members = 400, Lines = 10, Seed = 5, RunDate = new LocalDate(2024, 11, 5) };
        using var night = SmallNight.Create(_root, generator);
        var csv = UnemploymentGenerator.Csv(generator, night.Registry);
        Assert.Equal(csv, UnemploymentGenerator.Csv(generator, night.Registry)); // the same options, the same file
        Assert.StartsWith("member_niss,from,to,reference\n", csv);

        night.Clock.Set(Brussels.At(generator.RunDate, 1));
        var outcome = Assert.Single(new InboxImport(night.Store, night.Rules, night.Options, night.Clock, Serilog.Core.Logger.None)
            .ImportContents([("unemployment-20241105.csv", Encoding.UTF8.GetBytes(csv))]).Files);
        var rows = csv.Trim('\n').Split('\n').Length - 1;
        Assert.Equal(("unemployment", "imported", rows, 0), (outcome.Channel, outcome.Status, outcome.AcceptedLines, outcome.RejectedLines));

        night.Clock.Set(Brussels.At(generator.RunDate, 6));
        var october = new BimProposals(night.Store, night.Rules, night.Options, night.Clock, Serilog.Core.Logger.None).Propose(new YearMonth(2024, 10));
        var unemployed = october.Proposals.Where(p => p.Basis == "unemployment").ToList();
        Assert.NotEmpty(unemployed);
        var size = night.Registry.HouseholdMembers.Where(m => m.Year == 2024).GroupBy(m => m.HouseholdId).ToDictionary(g => g.Key, g => g.Count());
        var bim = night.Registry.Statuses.Where(s => s.Status == "bim").Select(s => s.BeneficiaryId).ToHashSet();
        Assert.All(unemployed, p =>
        {
            Assert.Equal(1, size[p.Household]);
            Assert.DoesNotContain(p.MemberId, bim);
            Assert.True(p.Since.PlusMonths(3) <= new LocalDate(2024, 10, 31), p.Reason);
            Assert.Contains("unemployed since", p.Reason);
        });
    }
}
