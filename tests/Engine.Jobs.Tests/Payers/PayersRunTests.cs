using System.Xml;
using System.Xml.Schema;
using Engine.Core.Payers;
using Engine.Jobs.Data;
using Engine.Jobs.Payers;
using Engine.Jobs.Payments;
using Engine.Jobs.Rules;
using Engine.Jobs.Runs;
using Engine.Jobs.Tests.Rules.Reimbursement;
using Engine.Jobs.Tests.Stores;
using Engine.Jobs.Time;
using Engine.Tests.Shared;
using NodaTime;

namespace Engine.Jobs.Tests.Payers;

using Money = Engine.Core.Money.Money;

/// <summary>
/// Payers (issue 14, docs/payers.md) on a night built by hand: a member in detention from 2024-02-10 to 2024-02-20 with a
/// GP consultation before and one during it, and a war victim with one consultation. Each consultation (101076, member
/// without DMG, eAttest: refunded to the member) is billed at the 2024 fee 31.98, share 6.00: insurer 25.98.
/// </summary>
public abstract class PayersRunTests(StoreKind kind) : TempStore("engine-payers-", Registered, kind)
{
    private static readonly Instant Registered = Instant.FromUtc(2024, 1, 2, 8, 0);

    private static readonly PayerAccountOptions JusticeAccount = new() { DebtorName = "SPF Justice", Iban = "BE19679000030312", Bic = "PCHQBEBB" };

    private EngineOptions Options() => new()
    {
        RulesFolder = RepoFiles.Rules, OutputFolder = Path.Combine(Folder, "runs"),
        Payers = new(StringComparer.Ordinal) { ["justice"] = JusticeAccount },
    };

    private void Night()
    {
        Store.AddBeneficiaries([Member("M1", "BE68539007547034"), Member("M2", "BE71096123456769")]);
        Store.AddStatuses([
            new StatusRow { BeneficiaryId = "M1", Status = PayerStatuses.Detainee, FromDate = new LocalDate(2024, 2, 10), ToDate = new LocalDate(2024, 2, 20), KnownAt = Registered },
            new StatusRow { BeneficiaryId = "M2", Status = PayerStatuses.WarVictim, FromDate = new LocalDate(2015, 1, 1), KnownAt = Registered },
        ]);
        Store.AddProviders([new ProviderRow { ProviderId = "P1", Nihii = "10000001001", Name = "Dr One", Kind = "gp", Conventioned = true, Iban = "BE71096123456769", KnownAt = Registered }]);
        var at = Instant.FromUtc(2024, 3, 4, 12, 0);
        Store.AddSending(new SendingRow { Channel = "eattest", FileName = "a", Sha256 = new string('a', 64), Identity = "a", Raw = [], Status = "accepted", ReceivedAt = at },
        [
            Consultation("a-1", 1, "M1", new LocalDate(2024, 2, 5), at),   // before the detention: the insurance
            Consultation("a-2", 2, "M1", new LocalDate(2024, 2, 15), at),  // in detention: SPF Justice
            Consultation("a-3", 3, "M2", new LocalDate(2024, 2, 12), at),  // war victim: the insurance, and the share refunded
        ]);
    }

    private static BeneficiaryRow Member(string id, string iban) => new()
    {
        BeneficiaryId = id, Niss = id == "M1" ? "80010100123" : "80010100222", Name = "Member " + id, BirthDate = new LocalDate(1980, 1, 1), Sex = 1,
        Mutuality = 131, Iban = iban, InsuredFrom = new LocalDate(2000, 1, 1), KnownAt = Registered,
    };

    private static CareLineRow Consultation(string invoice, int seq, string member, LocalDate day, Instant at) => new()
    {
        InvoiceNumber = invoice, RecordSeq = seq, BeneficiaryId = member, ProviderId = "P1", Code = 101076, ServiceDate = day,
        Quantity = 1, Billed = new Money(31_98), Conventioned = true, Channel = "eattest", KnownAt = at,
    };

    private RunSummary Run(EngineOptions options, LocalDate date) =>
        new RunPipeline(Store, new RuleSetProvider(options), options, new FixedClock(Brussels.At(date, 2)), Serilog.Core.Logger.None).Execute(date);

    [SkippableFact]
    public void Each_payer_gets_its_own_payment_file_statement_and_totals_that_reconcile()
    {
        Night();
        var options = Options();
        var summary = Run(options, new LocalDate(2024, 3, 5));
        var folder = Path.Combine(options.OutputFolder, summary.RunId);

        // The insurance: M1's consultation of 02-05 (25.98) and M2's (25.98) = 51.96 in two transfers.
        Assert.Equal("51.96", summary.PaidTotal);
        Assert.Equal(2, summary.Transfers);
        var payers = summary.Payers!.ToDictionary(p => p.Payer);
        Assert.Equal(["insurance", "justice", "war-victims"], summary.Payers!.Select(p => p.Payer));
        // SPF Justice: M1's consultation of 02-15, in detention: 100 % of 25.98.
        Assert.Equal((1, 1, "25.98"), (payers["justice"].Transfers, payers["justice"].PaidItems, payers["justice"].PaidTotal));
        // The war-victims fund: M2's personal share 6.00, its own purpose.
        Assert.Equal((1, 1, "6.00"), (payers["war-victims"].Transfers, payers["war-victims"].PaidItems, payers["war-victims"].PaidTotal));

        var insurance = Pain001Reader.ReadFile(Path.Combine(folder, "nightly-2024-03-05.pain001.xml"));
        Assert.Equal(new Money(51_96), insurance.Header.ControlSum);
        var justice = Pain001Reader.ReadFile(Path.Combine(folder, "nightly-2024-03-05-justice.pain001.xml"));
        Assert.Equal(new Money(25_98), justice.Header.ControlSum);
        Assert.Equal("BE19679000030312", justice.Blocks.Single().DebtorIban);   // its own account (Engine:Payers:justice)
        var victims = Pain001Reader.ReadFile(Path.Combine(folder, "nightly-2024-03-05-war-victims.pain001.xml"));
        Assert.Equal(new Money(6_00), victims.Header.ControlSum);
        Assert.Equal("BE71096123456769", victims.Blocks.Single().DebtorIban);   // not configured: the insurance's account
        Assert.StartsWith("Ticket moderateur victimes de guerre", victims.Blocks.Single().Transactions.Single().UnstructuredRemittance);
        foreach (var pain in Directory.GetFiles(folder, "*.pain001.xml")) ValidAgainstSchema(pain);

        // The statements: one row per item paid from that budget, then the total = the pain.001's control sum.
        var statement = File.ReadAllLines(Path.Combine(folder, "nightly-2024-03-05-justice.statement.csv"));
        Assert.Equal("payer,source_ref,line_id,member_id,care_date,code,payee_kind,payee_id,purpose,end_to_end_id,amount", statement[0]);
        Assert.StartsWith("justice,line:2,2,M1,2024-02-15,0101076,member,M1,DirectRefund,", statement[1]);
        Assert.EndsWith(",25.98", statement[1]);
        Assert.Equal("justice,total,,,,,,,,,25.98", statement[2]);
        var share = File.ReadAllLines(Path.Combine(folder, "nightly-2024-03-05-war-victims.statement.csv"));
        Assert.StartsWith("war-victims,share:3,3,M2,2024-02-12,0101076,member,M2,ShareRefund,", share[1]);
        Assert.Equal("war-victims,total,,,,,,,,,6.00", share[2]);

        // results.csv says the payer of each line in its last column.
        var results = File.ReadAllLines(Path.Combine(folder, "results.csv"));
        Assert.EndsWith(",insurance", results[1]);
        Assert.EndsWith(",justice", results[2]);
        Assert.EndsWith(",insurance", results[3]);
        Assert.Contains("nightly-2024-03-05-justice.statement.csv", summary.Outputs);
    }

    [SkippableFact]
    public void A_war_victims_share_is_refunded_once_a_second_run_and_a_recalculation_refund_nothing_again()
    {
        Night();
        var options = Options();
        Run(options, new LocalDate(2024, 3, 5));
        var second = Run(options, new LocalDate(2024, 3, 6));
        Assert.Null(second.Payers);   // nothing left for another payer
        var outcome = new Engine.Jobs.Recalc.Recalculation(Store, new RuleSetProvider(options), options, new FixedClock(Brussels.At(new LocalDate(2024, 3, 6), 10)),
                Serilog.Core.Logger.None)
            .Run(new Engine.Jobs.Recalc.RecalcScope(Member: "M2"), "check", "test");
        // The recalculation recomputes the insurer amount (unchanged) and never the share refunded: nothing to settle.
        Assert.Empty(outcome.Differences);
        var third = Run(options, new LocalDate(2024, 3, 7));
        Assert.Null(third.Payers);
        // Across the three runs the share 'share:3' was paid once, 6.00.
        var paid = Store.ItemsBySource(["share:3"]).Where(i => i.Item.Outcome == "paid").ToList();
        Assert.Equal(new Money(6_00), Assert.Single(paid).Item.Amount);
    }

    [SkippableFact]
    public void A_detention_imported_after_the_run_moves_the_line_to_justice_undue_on_the_insurance_never_paid_by_both()
    {
        // M3's consultation of 2024-02-15 (insurer 25.98) is paid by the insurance on 2024-03-05: no detention known then.
        Store.AddBeneficiaries([Member("M3", "BE68539007547034")]);
        Store.AddProviders([new ProviderRow { ProviderId = "P1", Nihii = "10000001001", Name = "Dr One", Kind = "gp", Conventioned = true, Iban = "BE71096123456769", KnownAt = Registered }]);
        var at = Instant.FromUtc(2024, 3, 4, 12, 0);
        Store.AddSending(new SendingRow { Channel = "eattest", FileName = "b", Sha256 = new string('b', 64), Identity = "b", Raw = [], Status = "accepted", ReceivedAt = at },
            [Consultation("b-1", 1, "M3", new LocalDate(2024, 2, 15), at)]);
        var options = Options();
        var first = Run(options, new LocalDate(2024, 3, 5));
        Assert.Equal("25.98", first.PaidTotal);
        Assert.Null(first.Payers);

        // The registry import after the run: M3 was in detention from 2024-02-10 to 2024-02-20.
        Store.AddStatuses([new StatusRow { BeneficiaryId = "M3", Status = PayerStatuses.Detainee, FromDate = new LocalDate(2024, 2, 10),
            ToDate = new LocalDate(2024, 2, 20), KnownAt = Instant.FromUtc(2024, 3, 5, 10, 0) }]);
        Engine.Jobs.Recalc.RecalcOutcome Recalc() => new Engine.Jobs.Recalc.Recalculation(Store, new RuleSetProvider(options), options,
                new FixedClock(Brussels.At(new LocalDate(2024, 3, 6), 10)), Serilog.Core.Logger.None)
            .Run(new Engine.Jobs.Recalc.RecalcScope(Member: "M3"), "detention imported late", "test");
        var recalc = Recalc();
        // Reversed from the insurance (undue 25.98 on 'line:1') and charged to SPF Justice (complement 25.98 on 'line:1@justice').
        Assert.Equal([("line:1", "undue", "insurance", new Money(25_98)), ("line:1@justice", "complement", "justice", new Money(25_98))],
            recalc.Differences.Select(d => (d.Item, d.Kind, d.Payer, d.Amount)).OrderBy(d => d.Item, StringComparer.Ordinal));

        // The next run pays the complement from Justice's account, in Justice's files; the insurance pays nothing again.
        var next = Run(options, new LocalDate(2024, 3, 7));
        Assert.Equal("0.00", next.PaidTotal);
        var justice = next.Payers!.Single(p => p.Payer == "justice");
        Assert.Equal("25.98", justice.PaidTotal);
        var folder = Path.Combine(options.OutputFolder, next.RunId);
        Assert.Equal(new Money(25_98), Pain001Reader.ReadFile(Path.Combine(folder, justice.PaymentFile!)).Header.ControlSum);
        Assert.Equal("justice,total,,,,,,,,,25.98", File.ReadAllLines(Path.Combine(folder, justice.Statement!))[^1]);
        // A second recalculation finds nothing more: the line is Justice's, once.
        Assert.Empty(Recalc().Differences);
    }

    private static void ValidAgainstSchema(string path)
    {
        var xsd = SharedFolder.File("reference/iso20022/pain.001.001.03.xsd");
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema };
        settings.Schemas.Add("urn:iso:std:iso:20022:tech:xsd:pain.001.001.03", xsd);
        settings.ValidationEventHandler += (_, e) => throw new XmlSchemaValidationException($"{Path.GetFileName(path)}: {e.Message}");
        using var reader = XmlReader.Create(path, settings);
        while (reader.Read()) { }
    }
}

public sealed class PayersRunTestsOnSqlite() : PayersRunTests(StoreKind.Sqlite);

public sealed class PayersRunTestsOnPostgres() : PayersRunTests(StoreKind.Postgres);
