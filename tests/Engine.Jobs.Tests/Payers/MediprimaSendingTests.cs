using Engine.Core.Payers;
using Engine.Jobs.Data;
using Engine.Jobs.Efact;
using Engine.Jobs.Generation;
using Engine.Jobs.Ingestion;
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
/// MediPrima decided from the sending (issue 14, docs/payers.md): eFact sendings written as a GP's software writes them,
/// imported, and the night run. X1 is a MediPrima person (registry mutuality 690, covered by the CPAS decision from
/// 2024-02-01 to 2024-06-30), M1 a member of the insurance (131). Every line is a GP consultation 101076 of 2024 by a
/// conventionné GP to a member without DMG: fee 31.98, personal share 6.00, insurer 31.98 - 6.00 = 25.98 (asked so).
/// </summary>
public abstract class MediprimaSendingTests(StoreKind kind) : TempStore("engine-mediprima-", Registered, kind)
{
    private static readonly Instant Registered = Instant.FromUtc(2024, 1, 2, 8, 0);
    private static readonly string NissX1 = BelgianIdentifiers.NissFromBody(800101001);
    private static readonly string NissM1 = BelgianIdentifiers.NissFromBody(800101002);
    private const string Gp = "10000001004", GpWithoutIban = "10000002004";

    private static readonly PayerAccountOptions SppIs = new()
    {
        DebtorName = "SPP IS MediPrima", Iban = "BE10679000010104", Bic = "PCHQBEBB", AcceptInvoices = true,
    };

    private EngineOptions Options(bool acceptMediprima = true) => new()
    {
        RulesFolder = RepoFiles.Rules, OutputFolder = Path.Combine(Folder, "runs"), InboxFolder = Path.Combine(Folder, "inbox"),
        OutboxFolder = Path.Combine(Folder, "outbox"), ArchiveFolder = Path.Combine(Folder, "archive"),
        Payers = new(StringComparer.Ordinal) { ["spp-is"] = new() { DebtorName = SppIs.DebtorName, Iban = SppIs.Iban, Bic = SppIs.Bic, AcceptInvoices = acceptMediprima } },
    };

    private void Registry()
    {
        Store.AddBeneficiaries([
            // The registry holds a MediPrima person like a member, under mutuality 690, covered over the CPAS decision.
            new BeneficiaryRow { BeneficiaryId = "X1", Niss = NissX1, Name = "Person X1", BirthDate = new LocalDate(1980, 1, 1), Sex = 1,
                Mutuality = PayerDecision.MediprimaMutuality, InsuredFrom = new LocalDate(2024, 2, 1), InsuredTo = new LocalDate(2024, 6, 30), KnownAt = Registered },
            new BeneficiaryRow { BeneficiaryId = "M1", Niss = NissM1, Name = "Member M1", BirthDate = new LocalDate(1980, 1, 1), Sex = 2,
                Mutuality = 131, Iban = "BE68539007547034", InsuredFrom = new LocalDate(2000, 1, 1), KnownAt = Registered },
        ]);
        Store.AddProviders([
            new ProviderRow { ProviderId = "P1", Nihii = Gp, Name = "Dr One", Kind = "gp", Conventioned = true, Iban = "BE71096123456769", KnownAt = Registered },
            new ProviderRow { ProviderId = "P2", Nihii = GpWithoutIban, Name = "Dr Two", Kind = "gp", Conventioned = true, Iban = null, KnownAt = Registered },
        ]);
    }

    private static EfactServiceLine Consultation(string nihii, LocalDate day, string reference) =>
        new(101076, day, day, nihii, 1, new Money(25_98), 1, new Money(6_00), Money.Zero, 1, null, null, reference);

    private static EfactInvoice Invoice(long number, int to, string niss, params EfactServiceLine[] lines) =>
        new(number, to, to, niss, EfactSex.Male, EfactInvoice.Ambulatory, $"inv-{number}", new ValueList<EfactServiceLine>(lines));

    private static (string, byte[]) Sending(string nihii, int number, params EfactInvoice[] invoices)
    {
        var sending = new EfactSending($"20240301{number:000000}", number, new YearMonth(2024, 2), new LocalDate(2024, 3, 1), IsTest: false,
            nihii, Identifiers.EnterpriseNumber(int.Parse(nihii[1..8])), "BE71096123456769", "GKCCBEBB", $"gp-{number}", new ValueList<EfactInvoice>(invoices));
        return ($"{nihii}-202402-{number:000}.920000", EfactWriter.WriteBytes(sending));
    }

    /// <summary>Sending 41 to MediPrima (690), sending 42 to the insurer (131), both from Dr One; sending 43 to 690 from Dr Two.</summary>
    private static IReadOnlyList<(string, byte[])> Sendings() =>
    [
        Sending(Gp, 41,
            Invoice(1, 690, NissX1, Consultation(Gp, new LocalDate(2024, 2, 15), "a"),      // covered: SPP IS
                Consultation(Gp, new LocalDate(2024, 1, 25), "b")),                           // before the CPAS decision: R500540
            Invoice(2, 690, NissM1, Consultation(Gp, new LocalDate(2024, 2, 16), "c"))),     // a member of ours sent to 690: R500540
        Sending(Gp, 42,
            Invoice(3, 131, NissM1, Consultation(Gp, new LocalDate(2024, 2, 16), "d")),      // the insurance
            Invoice(4, 131, NissX1, Consultation(Gp, new LocalDate(2024, 2, 17), "e"))),     // a MediPrima person sent to us: R500540
        Sending(GpWithoutIban, 43,
            Invoice(1, 690, NissX1, Consultation(GpWithoutIban, new LocalDate(2024, 2, 20), "f"))), // SPP IS, held back: no IBAN
    ];

    private IReadOnlyList<ImportOutcome> Import(EngineOptions options) =>
        new InboxImport(Store, new RuleSetProvider(options), options, new FixedClock(Brussels.At(new LocalDate(2024, 3, 4), 10)), Serilog.Core.Logger.None)
            .ImportContents(Sendings()).Files;

    private RunSummary Run(EngineOptions options, LocalDate date) =>
        new RunPipeline(Store, new RuleSetProvider(options), options, new FixedClock(Brussels.At(date, 2)), Serilog.Core.Logger.None).Execute(date);

    [SkippableFact]
    public void An_invoice_addressed_to_690_is_stored_with_its_destination_and_paid_by_spp_is_from_its_own_account_and_ledger()
    {
        Registry();
        var options = Options();
        var outcomes = Import(options);

        // Sending 41: invoice 1 partly accepted (its line of 01-25 precedes the CPAS decision), invoice 2 refused (M1 is
        // a member of the insurance, not a MediPrima person). Sending 42: invoice 3 accepted, invoice 4 refused (X1 is not
        // insured by the insurance). Sending 43: accepted.
        Assert.Equal([(1, 1, 1), (1, 1, 1), (1, 0, 1)], outcomes.Select(o => (o.AcceptedInvoices, o.RejectedInvoices, o.AcceptedLines)));
        Assert.Equal(["R500540", "R500540"], outcomes[0].Rejections.Select(r => r[..7]));
        Assert.Contains(outcomes[0].Rejections, r => r.Contains("not covered by MediPrima on 2024-01-25"));
        Assert.StartsWith("R500540", Assert.Single(outcomes[1].Rejections));
        // Each answered as a mutuality answers: accepted with the refused records listed (920098).
        Assert.All(outcomes, o => Assert.EndsWith(".920098", o.AnswerFile));
        var lines = Store.UnprocessedLines(Brussels.At(new LocalDate(2024, 3, 4), 12)).OrderBy(l => l.LineId).ToList();
        // The destination is stored with each line: 690 for MediPrima, 131 for the insurer's own invoices.
        Assert.Equal([("X1", 690, "1"), ("M1", 131, "3"), ("X1", 690, "1")],
            lines.Select(l => (l.BeneficiaryId, l.DestinationMutuality ?? 0, l.InvoiceNumber)));

        var summary = Run(options, new LocalDate(2024, 3, 5));
        var folder = Path.Combine(options.OutputFolder, summary.RunId);
        // The insurance: M1's consultation, 25.98 to Dr One. SPP IS: X1's consultation at Dr One, 25.98 paid; at Dr Two,
        // 25.98 held back (no IBAN).
        Assert.Equal(("25.98", 1), (summary.PaidTotal, summary.Transfers));
        var spp = summary.Payers!.Single(p => p.Payer == "spp-is");
        Assert.Equal((1, 1, "25.98", "25.98"), (spp.Transfers, spp.PaidItems, spp.PaidTotal, spp.HeldTotal));
        var pain = Pain001Reader.ReadFile(Path.Combine(folder, "nightly-2024-03-05-spp-is.pain001.xml"));
        Assert.Equal(new Money(25_98), pain.Header.ControlSum);
        Assert.Equal("BE10679000010104", pain.Blocks.Single().DebtorIban);
        Assert.Equal("spp-is,total,,,,,,,,,25.98", File.ReadAllLines(Path.Combine(folder, "nightly-2024-03-05-spp-is.statement.csv"))[^1]);
        var results = File.ReadAllLines(Path.Combine(folder, "results.csv"));
        Assert.Equal([",spp-is", ",insurance", ",spp-is"], results.Skip(1).Select(r => r[r.LastIndexOf(',')..]));

        // The ledger written when the run completes records the payer of each transfer and of each item held back.
        var ledger = Store.Payments(summary.RunId).OrderBy(p => p.Payer, StringComparer.Ordinal).ThenBy(p => p.Status, StringComparer.Ordinal).ToList();
        Assert.Equal([("insurance", "paid", "P1", new Money(25_98)), ("spp-is", "held", "P2", new Money(25_98)), ("spp-is", "paid", "P1", new Money(25_98))],
            ledger.Select(p => (p.Payer, p.Status, p.PayeeId, p.Amount)));
        // The provider reconciles each transfer with the sending it pays: +++SSS/YYMM/MMMcc+++ = sending 041 of 2024-02
        // addressed to 690 for SPP IS, sending 042 addressed to 131 for the insurance.
        Assert.StartsWith("+++041/2402/690", ledger.Single(p => p.Payer == "spp-is" && p.Status == "paid").Remittance);
        Assert.StartsWith("+++042/2402/131", ledger.Single(p => p.Payer == "insurance").Remittance);

        // explain: the line was addressed to MediPrima, SPP IS paid it, from its own file.
        var why = new LineExplainer(Store, new RuleSetArchive(Store, new RuleSetProvider(options))).Explain(lines[0].LineId);
        Assert.Contains(why, t => t.Contains("invoice addressed to MediPrima (destination mutuality 690: paid by SPP IS)"));
        Assert.Contains(why, t => t.Contains("eFact record 20 zone 18 destination mutuality 690"));
        Assert.Contains(why, t => t.Contains("paid by SPP IS (MediPrima)") && t.Contains("file nightly-2024-03-05-spp-is.pain001.xml"));
    }

    [SkippableFact]
    public void Without_Engine_Payers_spp_is_AcceptInvoices_an_invoice_addressed_to_690_is_refused_as_not_ours()
    {
        Registry();
        var outcomes = Import(Options(acceptMediprima: false));
        // Sending 41: both invoices refused 201803 (destination not ours), sending 43 likewise; sending 42 as before.
        Assert.Equal([(0, 2, 0), (1, 1, 1), (0, 1, 0)], outcomes.Select(o => (o.AcceptedInvoices, o.RejectedInvoices, o.AcceptedLines)));
        Assert.All(outcomes[0].Rejections.Concat(outcomes[2].Rejections).Where(r => r.StartsWith('F') || r.StartsWith('B')), r => Assert.Contains("201803", r));
        Assert.Contains(outcomes[2].Rejections, r => r.Contains("201803"));
        // Nothing of sendings 41 and 43 is accepted: refused (920099); sending 42 accepted (920098).
        Assert.Equal([".920099", ".920098", ".920099"], outcomes.Select(o => Path.GetExtension(o.AnswerFile)));
        Assert.Equal([131], Store.UnprocessedLines(Brussels.At(new LocalDate(2024, 3, 4), 12)).Select(l => l.DestinationMutuality ?? 0));
    }
}

public sealed class MediprimaSendingTestsOnSqlite() : MediprimaSendingTests(StoreKind.Sqlite);

public sealed class MediprimaSendingTestsOnPostgres() : MediprimaSendingTests(StoreKind.Postgres);
