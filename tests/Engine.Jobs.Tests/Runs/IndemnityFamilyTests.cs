using Engine.Jobs.Data;
using Engine.Jobs.Generation;
using Engine.Jobs.Ingestion;
using Engine.Jobs.Runs;
using Engine.Jobs.Time;
using NodaTime;

namespace Engine.Jobs.Tests.Runs;

using Money = Engine.Core.Money.Money;

/// <summary>A family situation that changes during an indemnity case, declared through the inbox.</summary>
public sealed class IndemnityFamilyTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("engine-family-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static IndemnityCaseRow Case(string member) => new()
    {
        CaseId = "IC1", BeneficiaryId = member, Kind = "incapacity", Regime = "worker", RegularWorker = true,
        FirstDay = new LocalDate(2023, 12, 1), DailyWage = "100.00", FamilyStatus = "cohabitant", SourceFile = "d.csv",
    };

    [Fact]
    public void A_change_to_family_charge_raises_the_minimum_from_the_day_it_applies()
    {
        // An ouvrier, incapacity from 2023-12-01, gross daily wage 100.00: primary incapacity 60 % = 60.00 a day,
        // whatever the family situation (coefficient 1.0404 on the first day and in March: not indexed). Month 3
        // (February 2024) has one minimum for everybody, 60.56 (sheet s9.2). From month 4 (2024-03-01) the minimum
        // of a regular worker cohabitant is 60.56; with family charge 76.43 (both of 2023-11-01, s9.2).
        // Declared "with family charge" from 2024-02-01: February is unchanged (month 3), and the paid days of
        // March 1-4 (Fri 1, Sat 2, Mon 4; Sunday 3 is never paid) are paid 76.43 instead of 60.56: 3 x 15.87 = 47.61
        // more gross.
        var night = SmallNight.Create(_root, new GeneratorOptions { Members = 50, Lines = 0, Seed = 1 });
        var step = new IndemnityStep(night.Rules.Current);
        var row = Case(night.Registry.Beneficiaries[0].BeneficiaryId);
        var runDate = new LocalDate(2024, 3, 5);
        var before = Assert.Single(step.Compute("r", runDate, [row], new Dictionary<string, LocalDate>()).Payments);
        var change = new IndemnityFamilyRow { CaseId = "IC1", FromDate = new LocalDate(2024, 2, 1), FamilyStatus = "family" };
        var after = Assert.Single(step.Compute("r", runDate, [row], new Dictionary<string, LocalDate>(), [change]).Payments);
        Assert.Equal(new Money(4761), after.Gross - before.Gross);
        Assert.Equal(new Money(7643), after.Daily);
        Assert.Equal(new Money(6056), before.Daily);
    }

    [Fact]
    public void A_family_change_file_in_the_inbox_reaches_the_nightly_run()
    {
        var night = SmallNight.Create(_root, new GeneratorOptions { Members = 50, Lines = 0, Seed = 1 });
        var member = night.Registry.Beneficiaries.First(b => b.BirthDate < new LocalDate(2000, 1, 1)).BeneficiaryId;
        Directory.CreateDirectory(night.Options.InboxFolder);
        File.WriteAllText(Path.Combine(night.Options.InboxFolder, "a-declarations.csv"),
            $"case_id,member_id,kind,regime,regular_worker,first_day,last_day,daily_wage,family_status\nIC1,{member},incapacity,worker,true,2023-12-01,,100.00,cohabitant\n");
        File.WriteAllText(Path.Combine(night.Options.InboxFolder, "b-family.csv"),
            "case_id,from_date,family_status\nIC1,2024-02-01,family\nIC9,2024-02-01,family\nIC1,2024-02-01,isolated\n");
        var import = new InboxImport(night.Store, night.Rules, night.Options, night.Clock, Serilog.Core.Logger.None);
        var report = import.ImportFolder(night.Options.InboxFolder);
        var family = Assert.Single(report.Files, f => f.FileName == "b-family.csv");
        Assert.Equal((1, 2), (family.AcceptedLines, family.RejectedLines));
        Assert.Contains(family.Rejections, r => r.Contains("'IC9' is not a declared indemnity case"));
        Assert.Contains(family.Rejections, r => r.Contains("already has a change on 2024-02-01"));

        night.Clock.Set(Brussels.At(new LocalDate(2024, 3, 5), 2));
        var log = Serilog.Core.Logger.None;
        new RunPipeline(night.Store, night.Rules, night.Options, night.Clock, log)
            .Execute(new LocalDate(2024, 3, 5));
        var paid = Assert.Single(night.Store.IndemnityPayments("nightly-2024-03-05"));
        Assert.Equal(new Money(7643), paid.Daily); // the with-family minimum of 2023-11-01 (see above)
    }
}
