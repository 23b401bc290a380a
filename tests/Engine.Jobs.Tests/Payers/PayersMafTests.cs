using Engine.Core.Payers;
using Engine.Jobs.Data;
using Engine.Jobs.Recalc;
using Engine.Jobs.Replay;
using Engine.Jobs.Rules;
using Engine.Jobs.Runs;
using Engine.Jobs.Tests.Rules.Reimbursement;
using Engine.Jobs.Tests.Runs;
using Engine.Jobs.Tests.Stores;
using Engine.Jobs.Time;
using NodaTime;

namespace Engine.Jobs.Tests.Payers;

using Money = Engine.Core.Money.Money;

/// <summary>
/// The MAF and the payers (docs/ceilings.md "The MAF and other payers") on nights built by hand. Household H1, 2025,
/// reference income 10,000.00: bracket 1, whose MAF revenus the test rules set at 10.00
/// (<see cref="MafPendingYearTests.RulesWith2025"/>, never shipped). Its members: M1 (the insurance), M2 (a war victim),
/// M3 (in detention from 2025-03-10 to 2025-03-20). Each line is an eAttest GP consultation 101076 of a member without
/// DMG at the 2025 fee 32.84: personal share 6.00, insurer 26.84.
/// </summary>
public abstract class PayersMafTests(StoreKind kind) : TempStore("engine-payers-maf-", Registered, kind)
{
    private static readonly Instant Registered = Instant.FromUtc(2025, 1, 2, 8, 0);
    private static readonly Instant Received = Instant.FromUtc(2025, 4, 1, 12, 0);

    private void Household()
    {
        Store.AddBeneficiaries([Member("M1", "80010100123"), Member("M2", "80010100222"), Member("M3", "80010100321")]);
        Store.AddStatuses([
            new StatusRow { BeneficiaryId = "M2", Status = PayerStatuses.WarVictim, FromDate = new LocalDate(2015, 1, 1), KnownAt = Registered },
            new StatusRow { BeneficiaryId = "M3", Status = PayerStatuses.Detainee, FromDate = new LocalDate(2025, 3, 10), ToDate = new LocalDate(2025, 3, 20), KnownAt = Registered },
        ]);
        Store.AddProviders([new ProviderRow { ProviderId = "P1", Nihii = "10000001001", Name = "Dr One", Kind = "gp", Conventioned = true, Iban = "BE71096123456769", KnownAt = Registered }]);
        Store.AddHouseholds(
            [new HouseholdRow { HouseholdId = "H1", Year = 2025, ReferenceIncome = new Money(10_000_00), KnownAt = Registered }],
            new[] { "M1", "M2", "M3" }.Select(m => new HouseholdMemberRow { HouseholdId = "H1", BeneficiaryId = m, Year = 2025, KnownAt = Registered }).ToList());
        Store.AddSending(new SendingRow { Channel = "eattest", FileName = "a", Sha256 = new string('a', 64), Identity = "a", Raw = [], Status = "accepted", ReceivedAt = Received },
        [
            Consultation(1, "M1", 3),    // line 1: the insurance
            Consultation(2, "M3", 12),   // line 2: in detention, SPF Justice
            Consultation(3, "M2", 14),   // line 3: war victim, the insurance and the fund
            Consultation(4, "M1", 25),   // line 4: the insurance (until a detention is known late)
        ]);
    }

    private static BeneficiaryRow Member(string id, string niss) => new()
    {
        BeneficiaryId = id, Niss = niss, Name = "Member " + id, BirthDate = new LocalDate(1980, 1, 1), Sex = 1,
        Mutuality = 131, Iban = "BE68539007547034", InsuredFrom = new LocalDate(2000, 1, 1), KnownAt = Registered,
    };

    private static CareLineRow Consultation(int seq, string member, int day) => new()
    {
        InvoiceNumber = $"a-{seq}", RecordSeq = seq, BeneficiaryId = member, ProviderId = "P1", Code = 101076, ServiceDate = new LocalDate(2025, 3, day),
        Quantity = 1, Billed = new Money(32_84), Conventioned = true, Channel = "eattest", KnownAt = Received,
    };

    private EngineOptions Options(string rules) => new() { RulesFolder = rules, OutputFolder = Path.Combine(Folder, "runs") };

    private RunSummary Run(EngineOptions options, LocalDate date) =>
        new RunPipeline(Store, new RuleSetProvider(options), options, new FixedClock(Brussels.At(date, 2)), Serilog.Core.Logger.None).Execute(date);

    private (Money Maf, Money Fund) Refunds(long line) => Store.ResultsOfLine(line)[^1] is var r ? (r.MafRefund, r.ShareRefund) : default;

    [SkippableFact]
    public void Another_payers_line_counts_nowhere_a_war_victim_is_refunded_once_and_a_late_detention_takes_its_line_out_of_the_count()
    {
        Household();
        var options = Options(MafPendingYearTests.RulesWith2025(Path.Combine(Folder, "rules-2025")));
        var night = Run(options, new LocalDate(2025, 4, 2));

        // Counted in date order, the insurance's lines only: line 1 6.00 (under 10.00: 0.00); line 2 is SPF Justice's: not
        // counted, no MAF refund; line 3 12.00: MAF refund 2.00 (12.00 - 10.00), and the fund refunds what remains of its
        // share, 6.00 - 2.00 = 4.00 (never 6.00 on top of the 2.00); line 4 18.00: MAF refund 6.00.
        // (Before: line 2 counted, its 2.00 refunded by the insurance; line 3 6.00 by the MAF and 6.00 by the fund.)
        Assert.Equal([(new Money(0), new Money(0)), (new Money(0), new Money(0)), (new Money(2_00), new Money(4_00)), (new Money(6_00), new Money(0))],
            new long[] { 1, 2, 3, 4 }.Select(Refunds));
        Assert.Contains(PayerMaf.FundAfterMafRule, Store.ResultsOfLine(3)[^1].Rules);
        var counter = Assert.Single(Store.LatestMafCounters([("H1", 2025)]));
        Assert.Equal((18_00, 8_00), (counter.CountedCents, counter.RefundedCents));
        Assert.DoesNotContain("\"2\"", counter.LineIds);
        // The insurance: three lines 3 x 26.84 = 80.52 + MAF refunds 2.00 + 6.00 = 88.52; SPF Justice 26.84; the fund 4.00.
        Assert.Equal(("88.52", "8.00"), (night.PaidTotal, night.MafRefundTotal));
        var payers = night.Payers!.ToDictionary(p => p.Payer);
        Assert.Equal(("26.84", "4.00"), (payers["justice"].PaidTotal, payers["war-victims"].PaidTotal));
        // Explained: the fund refunds after the insurance's MAF.
        var explained = string.Join("\n", new LineExplainer(Store, new RuleSetArchive(Store, new RuleSetProvider(options))).Explain(3));
        Assert.Contains("the war-victims fund refunds 4.00 of the personal share 6.00 after the insurance's MAF refund 2.00", explained);

        // A detention of M1 from 2025-03-22 to 2025-03-26 is imported after the night: line 4 is SPF Justice's.
        Store.AddStatuses([new StatusRow { BeneficiaryId = "M1", Status = PayerStatuses.Detainee, FromDate = new LocalDate(2025, 3, 22),
            ToDate = new LocalDate(2025, 3, 26), KnownAt = Instant.FromUtc(2025, 4, 2, 10, 0) }]);
        RecalcOutcome Recalc() => new Recalculation(Store, new RuleSetProvider(options), options, new FixedClock(Instant.FromUtc(2025, 4, 2, 12, 0)),
            Serilog.Core.Logger.None).Run(new RecalcScope(Member: "M1"), "detention imported late", "test");
        var recalc = Recalc();
        // The household-year counted again with line 4 out: line 1 6.00 -> 0.00, line 3 12.00 -> MAF 2.00 (what the fund
        // left, 6.00 - 4.00 = 2.00: unchanged), line 4 not counted -> 0.00: its MAF refund 6.00 is undue, never paid by the
        // insurance for Justice's line; its insurer amount moves from the insurance to SPF Justice.
        Assert.Equal([("line:4", "undue", "insurance", new Money(26_84)), ("line:4@justice", "complement", "justice", new Money(26_84)),
                ("maf:4", "undue", "insurance", new Money(6_00))],
            recalc.Differences.Select(d => (d.Item, d.Kind, d.Payer, d.Amount)).OrderBy(d => d.Item, StringComparer.Ordinal));
        Assert.Empty(Recalc().Differences);

        var next = Run(options, new LocalDate(2025, 4, 3));
        Assert.Equal(("0.00", "26.84"), (next.PaidTotal, next.Payers!.Single(p => p.Payer == "justice").PaidTotal));
        var replay = new PeriodReplay(Store, new RuleSetProvider(options), options)
            .Run(new LocalDate(2025, 4, 2), new LocalDate(2025, 4, 3), null, Path.Combine(Folder, "replay"));
        Assert.True(replay.Reproduced, string.Join("\n", replay.DifferenceList.Select(d => $"{d.RunId} {d.Item} {d.Field}: {d.Original} -> {d.Replay}")));
    }

    [SkippableFact]
    public void A_maf_refund_settled_after_the_fund_refunded_the_share_pays_only_what_the_fund_left()
    {
        Household();
        // Night 1, shipped rules (no MAF figures for 2025): the lines are paid, the insurance's lines wait pending, and
        // the fund refunds line 3's whole share 6.00 now (no MAF refund known).
        var first = Run(Options(RepoFiles.Rules), new LocalDate(2025, 4, 2));
        Assert.Equal((new Money(0), new Money(6_00)), Refunds(3));
        Assert.Equal("6.00", first.Payers!.Single(p => p.Payer == "war-victims").PaidTotal);
        var pending = Assert.Single(Store.PendingMafCounters());
        Assert.Equal(18_00, pending.CountedCents);   // lines 1, 3, 4: 3 x 6.00; line 2 (Justice) not waiting
        Assert.DoesNotContain("\"2\"", pending.LineIds);

        // Night 2, the 2025 figures known: line 1 0.00; line 3 passes the ceiling by 2.00 but the fund already refunded
        // all 6.00: the insurance pays 0.00 of it; line 4 6.00 (18.00 - 10.00 = 8.00 owed, 2.00 counted as refunded).
        var second = Run(Options(MafPendingYearTests.RulesWith2025(Path.Combine(Folder, "rules-2025"))), new LocalDate(2025, 4, 3));
        Assert.Equal((1, "6.00"), (second.MafSettledLines, second.MafSettledTotal));
        Assert.Equal([(4L, new Money(6_00))], Store.MafSettlements("nightly-2025-04-03").Select(s => (s.LineId, s.Refund)));
        Assert.Null(second.Payers);   // the fund refunds nothing more
        var counter = Assert.Single(Store.LatestMafCounters([("H1", 2025)]));
        Assert.Equal((18_00, 8_00), (counter.CountedCents, counter.RefundedCents));

        // A recalculation of M2 finds nothing to pay on line 3: 2.00 counted, the fund refunded 6.00 of 6.00.
        var recalc = new Recalculation(Store, new RuleSetProvider(Options(Path.Combine(Folder, "rules-2025"))), Options(Path.Combine(Folder, "rules-2025")),
            new FixedClock(Instant.FromUtc(2025, 4, 3, 12, 0)), Serilog.Core.Logger.None).Run(new RecalcScope(Member: "M2"), "check", "test");
        Assert.Empty(recalc.Differences);
    }
}

public sealed class PayersMafTestsOnSqlite() : PayersMafTests(StoreKind.Sqlite);

public sealed class PayersMafTestsOnPostgres() : PayersMafTests(StoreKind.Postgres);
