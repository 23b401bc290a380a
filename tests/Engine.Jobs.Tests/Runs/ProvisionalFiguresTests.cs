using Engine.Jobs.Data;
using Engine.Jobs.Rules;
using Engine.Jobs.Runs;
using Engine.Jobs.Tests.Rules.Reimbursement;
using Engine.Jobs.Time;
using NodaTime;

namespace Engine.Jobs.Tests.Runs;

using Money = Engine.Core.Money.Money;
using Engine.Jobs.Tests.Stores;

/// <summary>Amounts computed on inferred (I) or unverified (U) rule values say so: the files' last column, the
/// explanation and the summary (issue 16).</summary>
public abstract class ProvisionalFiguresTests(StoreKind kind) : TempStore("engine-provisional-", Registered, kind)
{
    private static readonly Instant Registered = Instant.FromUtc(2024, 1, 2, 8, 0);

    private void TwoConsultations()
    {
        Store.AddBeneficiaries([new BeneficiaryRow
        {
            BeneficiaryId = "M1", Niss = "80010100123", Name = "Member One", BirthDate = new LocalDate(1980, 1, 1), Sex = 1, Mutuality = 131,
            Iban = "BE68539007547034", InsuredFrom = new LocalDate(2000, 1, 1), KnownAt = Registered,
        }]);
        Store.AddProviders([new ProviderRow { ProviderId = "P1", Nihii = "10000001001", Name = "Dr One", Kind = "gp", Conventioned = true, Iban = "BE71096123456769", KnownAt = Registered }]);
        var at = Instant.FromUtc(2024, 3, 4, 12, 0);
        // Two GP consultations (101076) of an ordinary member without DMG: on 2023-12-04 at the 2023 fee 30.00 (S) and on
        // 2024-03-04 at the 2024 fee 31.98 (I: rules/reimbursement/fees.csv line 6); the share 6.00 is S both times.
        Store.AddSending(new SendingRow { Channel = "eattest", FileName = "a", Sha256 = new string('a', 64), Identity = "a", Raw = [], Status = "accepted", ReceivedAt = at },
        [
            new CareLineRow { InvoiceNumber = "a-1", RecordSeq = 1, BeneficiaryId = "M1", ProviderId = "P1", Code = 101076, ServiceDate = new LocalDate(2023, 12, 4),
                Quantity = 1, Billed = new Money(30_00), Conventioned = true, Channel = "eattest", KnownAt = at },
            new CareLineRow { InvoiceNumber = "a-2", RecordSeq = 2, BeneficiaryId = "M1", ProviderId = "P1", Code = 101076, ServiceDate = new LocalDate(2024, 3, 4),
                Quantity = 1, Billed = new Money(31_98), Conventioned = true, Channel = "eattest", KnownAt = at },
        ]);
    }

    [SkippableFact]
    public void A_line_on_an_inferred_fee_names_it_in_the_last_column_the_explanation_and_the_summary()
    {
        TwoConsultations();
        var options = new EngineOptions { RulesFolder = RepoFiles.Rules, OutputFolder = Path.Combine(Folder, "runs") };
        var clock = new FixedClock(Brussels.At(new LocalDate(2024, 3, 5), 2));
        var summary = new RunPipeline(Store, new RuleSetProvider(options), options, clock, Serilog.Core.Logger.None).Execute(new LocalDate(2024, 3, 5));

        var rows = File.ReadAllLines(Path.Combine(options.OutputFolder, summary.RunId, "results.csv"));
        Assert.EndsWith(",rule_set_version,provisional", rows[0]);
        Assert.EndsWith(",", rows[1]); // 2023: every value stated
        Assert.EndsWith(",fee.101076@fees:6(I)", rows[2]);
        // One line on provisional figures: its insurer amount 31.98 - 6.00 = 25.98.
        Assert.Equal(new ProvisionalSummary(1, "25.98", 0, 0, "0.00", 0, "0.00", "25.98"), summary.Provisional);
        var line = Store.Results(summary.RunId)[1].LineId;
        var explained = new LineExplainer(Store, new RuleSetArchive(Store, new RuleSetProvider(options))).Explain(line);
        Assert.Contains(explained, t => t.Contains("provisional") && t.Contains("fee.101076@fees:6(I)"));
    }

    [SkippableFact]
    public void A_site_that_refuses_provisional_figures_holds_what_rests_on_them_with_the_reason()
    {
        TwoConsultations();
        var options = new EngineOptions { RulesFolder = RepoFiles.Rules, OutputFolder = Path.Combine(Folder, "runs") };
        options.Run.RefuseProvisional = true;
        var clock = new FixedClock(Brussels.At(new LocalDate(2024, 3, 5), 2));
        // The 2023 line (all S) is paid: 30.00 - 6.00 = 24.00. The 2024 line (fee I) is held: 25.98.
        var refused = new RunPipeline(Store, new RuleSetProvider(options), options, clock, Serilog.Core.Logger.None).Execute(new LocalDate(2024, 3, 5));
        Assert.Equal(("24.00", 1, "25.98"), (refused.PaidTotal, refused.HeldBack, refused.HeldBackTotal));
        var held = Assert.Single(Store.RunItems(refused.RunId), i => i.Outcome == "held");
        Assert.Equal((RunDecisions.ProvisionalRefused, "fee.101076@fees:6(I)"), (held.HoldReason, held.Provisional));

        // The next night, without the setting: the held item is taken over and paid.
        options.Run.RefuseProvisional = false;
        clock.Set(Brussels.At(new LocalDate(2024, 3, 6), 2));
        var next = new RunPipeline(Store, new RuleSetProvider(options), options, clock, Serilog.Core.Logger.None).Execute(new LocalDate(2024, 3, 6));
        Assert.Equal(("25.98", 1), (next.PaidTotal, next.CarriedOverPaid));

        var replay = new Engine.Jobs.Replay.PeriodReplay(Store, new RuleSetProvider(options), options)
            .Run(new LocalDate(2024, 3, 5), new LocalDate(2024, 3, 6), null, Path.Combine(Folder, "replay"));
        Assert.True(replay.Reproduced, string.Join("\n", replay.DifferenceList.Select(d => $"{d.RunId} {d.Item} {d.Field}: {d.Original} -> {d.Replay}")));
    }
}

public sealed class ProvisionalFiguresTestsOnSqlite() : ProvisionalFiguresTests(StoreKind.Sqlite);

public sealed class ProvisionalFiguresTestsOnPostgres() : ProvisionalFiguresTests(StoreKind.Postgres);

public sealed class ProvisionalFiguresTestsOnSqlServer() : ProvisionalFiguresTests(StoreKind.SqlServer);
