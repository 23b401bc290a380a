using Engine.Core.Money;
using Engine.Jobs.Data;
using Engine.Jobs.Data.Sqlite;
using Engine.Jobs.Recalc;
using Engine.Jobs.Rules;
using Engine.Jobs.Runs;
using Engine.Jobs.Tests.Rules.Reimbursement;
using Engine.Jobs.Time;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Engine.Jobs.Tests.Recalc;

/// <summary>A MAF refund the rules send to the provider (third-party payment), recalculated.</summary>
public sealed class MafRefundToProviderRecalcTests : IDisposable
{
    private static readonly Instant T1 = Instant.FromUtc(2024, 3, 4, 17, 0);
    private static readonly Instant Run = Instant.FromUtc(2024, 3, 5, 1, 0);
    private static readonly Instant T2 = Instant.FromUtc(2024, 4, 2, 8, 0);
    private readonly string _dir = Directory.CreateTempSubdirectory("engine-maf-provider-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void A_refund_the_rules_send_to_the_provider_is_recalculated_as_the_providers()
    {
        // Rules with maf.third_party.refund_to_provider = 1: the nightly run pays the MAF refund of a third-party-payment
        // line to the provider. The recalculation always named the member, so the complement went to the member (and an
        // undue amount would be claimed from a member who never received it).
        var rules = Path.Combine(_dir, "rules");
        foreach (var file in Directory.EnumerateFiles(RepoFiles.Rules, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(rules, Path.GetRelativePath(RepoFiles.Rules, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var maf = Path.Combine(rules, "ceilings", "parameters-maf.csv");
        File.WriteAllText(maf, File.ReadAllText(maf).Replace("maf.third_party.refund_to_provider,2022-01-01,,0,", "maf.third_party.refund_to_provider,2022-01-01,,1,"));
        var options = new EngineOptions { RulesFolder = rules, OutputFolder = Path.Combine(_dir, "out") };
        var provider = new RuleSetProvider(options);

        var store = SqliteStore.ForFile(Path.Combine(_dir, "engine.db"));
        store.Migrate(T1);
        store.AddBeneficiaries([new BeneficiaryRow
        {
            BeneficiaryId = "M1", Niss = "80010100123", Name = "Member One", BirthDate = new LocalDate(1980, 1, 1), Sex = 1, Mutuality = 131,
            Iban = "BE68539007547034", InsuredFrom = new LocalDate(2000, 1, 1), KnownAt = T1,
        }]);
        store.AddProviders([new ProviderRow { ProviderId = "P1", Nihii = "10000000001", Name = "Dr One", Kind = "gp", Conventioned = true, Iban = "BE71096123456769", KnownAt = T1 }]);
        // The household as known at the night: a high income, so the ceiling is far.
        store.AddHouseholds([new HouseholdRow { HouseholdId = "H1", Year = 2024, ReferenceIncome = new Money(10_000_000), KnownAt = T1 }],
            [new HouseholdMemberRow { HouseholdId = "H1", BeneficiaryId = "M1", Year = 2024, KnownAt = T1 }]);
        // 100 GP consultations without a DMG on one line (eFact): fee 100 x 31.98 = 3198.00, personal share 100 x 6.00 = 600.00, insurer 2598.00.
        store.AddSending(new SendingRow
        {
            Channel = "efact", FileName = "s", Sha256 = "00", Identity = "efact:s", SenderId = "10000000001", SendingNumber = 7,
            InvoicedMonth = "2024-02", Raw = [1], Status = "imported", ReceivedAt = T1,
        }, [new CareLineRow
        {
            InvoiceNumber = "1", RecordSeq = 2, BeneficiaryId = "M1", ProviderId = "P1", Code = 101076, ServiceDate = new LocalDate(2024, 2, 1),
            Quantity = 100, Billed = new Money(319_800), ClaimedInsurer = new Money(259_800), ClaimedShare = new Money(60_000),
            Supplement = Money.Zero, Conventioned = true, Channel = "efact", KnownAt = T1,
        }]);
        var line = Assert.Single(store.UnprocessedLines(Run));
        var computation = new LineComputation(provider.Current, store.Beneficiaries(Run).ToDictionary(b => b.BeneficiaryId), new StatusIndex(store.Statuses(Run)));
        var result = computation.Compute("nightly-2024-03-05", line);
        Assert.Equal((new Money(60_000), new Money(259_800), Money.Zero), (result.Share, result.Insurer, result.MafRefund));
        store.StartRun(new RunRow { RunId = "nightly-2024-03-05", Kind = "nightly", RunDate = new LocalDate(2024, 3, 5), AsOf = Run, RuleSetVersion = provider.Current.Version, StartedAt = Run });
        store.SaveResults("nightly-2024-03-05", [result], []);

        // The household turns out to have the BIM right for 2024: the social ceiling 516.92, passed by 600.00 - 516.92 = 83.08.
        store.AddHouseholds([new HouseholdRow { HouseholdId = "H1", Year = 2024, ReferenceIncome = new Money(10_000_000), BimHousehold = true, KnownAt = T2 }], []);
        var outcome = new Recalculation(store, provider, options, new FixedClock(T2), Serilog.Core.Logger.None)
            .Run(new RecalcScope(Household: "H1"), "BIM household 2024 known late", "tester");

        var complement = Assert.Single(outcome.Differences);
        Assert.Equal(($"maf:{line.LineId}", "complement", new Money(8_308)), (complement.Item, complement.Kind, complement.Amount));
        Assert.Equal(("provider", "P1"), (complement.PayeeKind, complement.PayeeId));
    }
}
