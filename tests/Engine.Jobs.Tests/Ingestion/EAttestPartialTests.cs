using System.Text;
using System.Text.RegularExpressions;
using Engine.Jobs.Generation;
using Engine.Jobs.Ingestion;
using Engine.Jobs.Runs;
using Engine.Jobs.Time;
using Engine.Tests.Shared;

namespace Engine.Jobs.Tests.Ingestion;

/// <summary>
/// An attestation with one item that cannot be read: the items the answer accepts are exactly the items stored, and the
/// night pays them. Once none of its lines was stored while the answer said "partial": the member was never refunded.
/// </summary>
public sealed class EAttestPartialTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("engine-partial-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private const string Example = "efact-samples/eattest/hl7be_eAttestCreateRequest_ex01__83e63b9b-42d0-4222-8e0e-2f6f68409bb6_.xml";

    [SkippableFact]
    public void The_items_an_answer_accepts_are_the_lines_stored_and_the_night_pays_them()
    {
        var night = SmallNight.Create(_root, new GeneratorOptions { Members = 300, Lines = 600, Seed = 3 });
        // A member with an account, insured, and a care the generator made for the eAttest channel (code valid that day).
        var members = night.Registry.Beneficiaries.ToDictionary(b => b.BeneficiaryId);
        var care = night.Events().First(e => e.Channel == "eattest" && members[e.BeneficiaryId].Iban is not null);
        var member = members[care.BeneficiaryId];
        var provider = night.Registry.Providers.Single(p => p.ProviderId == care.ProviderId);

        // The real hl7-be example ex01 (one item: code 101032 on 2020-01-14, 10 x EUR 50 = EUR 500, EUR 60 supplement),
        // made this night's: our member and provider, the generated care's code and date. Its item is then written three
        // times: item 1 as is, item 2 with a negative net amount, item 3 with a date that is no date.
        var xml = File.ReadAllText(SharedFolder.File(Example))
            .Replace("73031805784", member.Niss).Replace("54263481527", provider.Nihii)
            .Replace("<code value=\"101032\"/>", $"<code value=\"{care.Code:000000}\"/>")
            .Replace("2020-01-14", care.Date.ToString("yyyy-MM-dd", null));
        var item = Regex.Match(xml, "<item>.*?</item>", RegexOptions.Singleline).Value;
        var second = item.Replace("<sequence value=\"1\"/>", "<sequence value=\"2\"/>").Replace("<value value=\"500\"/>", "<value value=\"-500\"/>");
        var third = item.Replace("<sequence value=\"1\"/>", "<sequence value=\"3\"/>")
            .Replace($"<servicedDate value=\"{care.Date:yyyy-MM-dd}\"/>", "<servicedDate value=\"2024-02-30\"/>");
        Assert.NotEqual(item, second);
        Assert.NotEqual(item, third);
        // The total is what the provider meant: 3 x EUR 500 (not checked: item 2's amount cannot be read).
        xml = Regex.Replace(xml.Replace(item, item + second + third), "(<total>.*?<value value=\")500(\"/>)", "${1}1500$2", RegexOptions.Singleline);
        var path = Path.Combine(_root, "ex01-three-items.xml");
        File.WriteAllText(path, xml, new UTF8Encoding(false));

        var outcome = Assert.Single(new InboxImport(night.Store, night.Rules, night.Options, night.Clock, Serilog.Core.Logger.None)
            .ImportFiles([path]).Files);

        Assert.Equal(("imported", 1, 2), (outcome.Status, outcome.AcceptedLines, outcome.RejectedLines));
        var answer = File.ReadAllText(outcome.AnswerFile!);
        Assert.Contains("<outcome value=\"partial\" />", answer);
        // The answer: item 1 taken in, items 2 and 3 refused each with its reason.
        var decisions = Regex.Matches(answer, "<itemSequence value=\"(\\d+)\" />.*?<code value=\"(intreatment|refused)\" />", RegexOptions.Singleline)
            .Select(m => (int.Parse(m.Groups[1].Value), m.Groups[2].Value)).ToList();
        Assert.Equal([(1, "intreatment"), (2, "refused"), (3, "refused")], decisions);
        Assert.Contains("'-500' is not an amount in euros", answer);
        Assert.Contains("'2024-02-30' is not a date yyyy-MM-dd", answer);

        // Stored: exactly the items accepted.
        var stored = night.Store.UnprocessedLines(night.Clock.GetCurrentInstant());
        var line = Assert.Single(stored);
        Assert.Equal((1, care.Code, care.Date, member.BeneficiaryId), (line.RecordSeq, line.Code, line.ServiceDate, line.BeneficiaryId));
        Assert.Equal(Core.Money.Money.Parse("560.00"), line.Billed); // net EUR 500 + item supplement EUR 60

        // The night pays it to the member.
        night.Clock.Set(Brussels.At(night.Generator.RunDate, 2));
        new RunPipeline(night.Store, night.Rules, night.Options, night.Clock, Serilog.Core.Logger.None).Execute(night.Generator.RunDate);
        var runId = $"nightly-{night.Generator.RunDate:yyyy-MM-dd}";
        var paid = Assert.Single(night.Store.RunItems(runId), i => i.SourceRef == $"line:{line.LineId}");
        Assert.Equal(("paid", "member", member.BeneficiaryId), (paid.Outcome, paid.PayeeKind, paid.PayeeId));
        Assert.True(paid.Amount.Cents > 0, paid.Amount.ToString());
    }
}
