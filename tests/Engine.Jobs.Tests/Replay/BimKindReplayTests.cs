using Engine.Jobs.Data;
using Engine.Jobs.Recalc;
using Engine.Jobs.Replay;
using Engine.Jobs.Rules;
using Engine.Jobs.Runs;
using Engine.Jobs.Tests.Rules.Reimbursement;
using Engine.Jobs.Tests.Stores;
using Engine.Jobs.Time;
using NodaTime;

namespace Engine.Jobs.Tests.Replay;

using Money = Engine.Core.Money.Money;

/// <summary>
/// A run reads the registry for its partition's members, replay, recalc and explain for the whole registry: both readings
/// carry a BIM period's kind (migration 0009), so a 2026 night with an enquiry BIM and an avantages BIM billed a
/// supplement names the same ban in the run, its replay and its explanation.
/// </summary>
public abstract class BimKindReplayTests(StoreKind kind) : TempStore("engine-bimkind-replay-", Registered, kind)
{
    private static readonly Instant Registered = Instant.FromUtc(2026, 1, 2, 8, 0);

    private void TwoBimMembersBilledASupplement()
    {
        Store.AddBeneficiaries(new[] { ("M1", "80010100123"), ("M2", "80010200112") }.Select(m => new BeneficiaryRow
        {
            BeneficiaryId = m.Item1, Niss = m.Item2, Name = "Member " + m.Item1, BirthDate = new LocalDate(1980, 1, 1), Sex = 1, Mutuality = 131,
            Iban = "BE68539007547034", InsuredFrom = new LocalDate(2000, 1, 1), KnownAt = Registered,
        }));
        Store.AddStatuses(
        [
            new StatusRow { BeneficiaryId = "M1", Status = "bim", FromDate = new LocalDate(2020, 1, 1), KnownAt = Registered, BimKind = BimKinds.Enquiry },
            new StatusRow { BeneficiaryId = "M2", Status = "bim", FromDate = new LocalDate(2020, 1, 1), KnownAt = Registered, BimKind = BimKinds.Avantages },
        ]);
        Store.AddProviders([new ProviderRow { ProviderId = "P1", Nihii = "10000001001", Name = "Dr One", Kind = "gp", Conventioned = false, Iban = "BE71096123456769", KnownAt = Registered }]);
        var at = Instant.FromUtc(2026, 3, 4, 12, 0);
        // A déconventionné GP bills each a consultation 101076 on 2026-03-02 at 40.00: fee 33.73 (2026), a supplement of
        // 40.00 - 33.73 = 6.27 that no BIM may be billed in 2026 (supplements.csv): M1 (enquiry) falls under step 2,
        // supplement.bim_forbidden; M2 (avantages) under step 1, supplement.bim_avantages_forbidden, the first row.
        Store.AddSending(new SendingRow { Channel = "eattest", FileName = "a", Sha256 = new string('a', 64), Identity = "a", Raw = [], Status = "accepted", ReceivedAt = at },
        [
            new CareLineRow { InvoiceNumber = "a-1", RecordSeq = 1, BeneficiaryId = "M1", ProviderId = "P1", Code = 101076, ServiceDate = new LocalDate(2026, 3, 2),
                Quantity = 1, Billed = new Money(40_00), Conventioned = false, Channel = "eattest", KnownAt = at },
            new CareLineRow { InvoiceNumber = "a-2", RecordSeq = 2, BeneficiaryId = "M2", ProviderId = "P1", Code = 101076, ServiceDate = new LocalDate(2026, 3, 2),
                Quantity = 1, Billed = new Money(40_00), Conventioned = false, Channel = "eattest", KnownAt = at },
        ]);
    }

    [SkippableFact]
    public void A_2026_run_names_the_ban_of_each_BIM_kind_and_its_replay_recalc_and_explanation_agree()
    {
        TwoBimMembersBilledASupplement();
        var options = new EngineOptions { RulesFolder = RepoFiles.Rules, OutputFolder = Path.Combine(Folder, "runs") };
        var clock = new FixedClock(Brussels.At(new LocalDate(2026, 3, 5), 2));
        var run = new RunPipeline(Store, new RuleSetProvider(options), options, clock, Serilog.Core.Logger.None).Execute(new LocalDate(2026, 3, 5));

        var results = File.ReadAllLines(Path.Combine(options.OutputFolder, run.RunId, "results.csv"));
        var m1 = Assert.Single(results, r => r.Contains(",M1,") || r.Contains("a-1"));
        var m2 = Assert.Single(results, r => r.Contains(",M2,") || r.Contains("a-2"));
        Assert.Contains("supplement.bim_forbidden", m1);
        Assert.DoesNotContain("supplement.bim_avantages_forbidden", m1);
        Assert.Contains("supplement.bim_avantages_forbidden", m2);

        var replay = new PeriodReplay(Store, new RuleSetProvider(options), options)
            .Run(new LocalDate(2026, 3, 5), new LocalDate(2026, 3, 5), null, Path.Combine(Folder, "replay"));
        Assert.True(replay.Reproduced, string.Join("\n", replay.DifferenceList.Select(d => $"{d.RunId} {d.Item} {d.Field}: {d.Original} -> {d.Replay}")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(options.OutputFolder, run.RunId, "results.csv")),
            File.ReadAllBytes(Path.Combine(Folder, "replay", run.RunId, "results.csv")));

        var explainer = new LineExplainer(Store, new RuleSetArchive(Store, new RuleSetProvider(options)));
        var lines = Store.Results(run.RunId).Select(r => r.LineId).ToList();
        Assert.Contains(explainer.Explain(lines[0]), t => t.Contains("supplement.bim_forbidden"));
        Assert.Contains(explainer.Explain(lines[1]), t => t.Contains("supplement.bim_avantages_forbidden"));

        // Recalculating the provider's lines the next day, nothing changed in the registry: nothing to adjust.
        var recalc = new Recalculation(Store, new RuleSetProvider(options), options, new FixedClock(Brussels.At(new LocalDate(2026, 3, 6), 10)), Serilog.Core.Logger.None)
            .Run(new RecalcScope(Provider: "P1"), "check", "tester");
        Assert.Empty(recalc.Differences);
    }
}

public sealed class BimKindReplayTestsOnSqlite() : BimKindReplayTests(StoreKind.Sqlite);

public sealed class BimKindReplayTestsOnPostgres() : BimKindReplayTests(StoreKind.Postgres);

public sealed class BimKindReplayTestsOnSqlServer() : BimKindReplayTests(StoreKind.SqlServer);
