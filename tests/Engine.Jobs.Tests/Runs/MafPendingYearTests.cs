using Engine.Jobs.Data;
using Engine.Jobs.Tests.Stores;
using Engine.Jobs.Replay;
using Engine.Jobs.Rules;
using Engine.Jobs.Runs;
using Engine.Jobs.Tests.Rules.Reimbursement;
using Engine.Jobs.Time;
using NodaTime;

namespace Engine.Jobs.Tests.Runs;

using Money = Engine.Core.Money.Money;

/// <summary>
/// A year of care without MAF figures (2025 in the shipped rules): its lines are paid, its household-year counter waits
/// pending, and the first run whose rules cover the year computes the refunds, once (issue 16).
/// </summary>
public abstract class MafPendingYearTests(StoreKind kind) : TempStore("engine-maf-pending-", Registered, kind)
{
    private static readonly Instant Registered = Instant.FromUtc(2025, 1, 2, 8, 0);
    private string _root => Folder;

    /// <summary>The shipped rules with MAF figures for 2025 added: the MAF revenus of bracket 1 is set at 10.00 so that a
    /// few consultations pass it (an illustrative test figure, never shipped).</summary>
    internal static string RulesWith2025(string to, char confidence = 'S')
    {
        foreach (var file in Directory.EnumerateFiles(RepoFiles.Rules, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(RepoFiles.Rules, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        File.AppendAllText(Path.Combine(to, "ceilings", "maf-revenus.csv"), """
            2025-01-01,2025-12-31,1,12681.18,10.00,S,test figure
            2025-01-01,2025-12-31,2,22687.05,516.92,S,test figure
            2025-01-01,2025-12-31,3,34877.09,746.66,S,test figure
            2025-01-01,2025-12-31,4,47067.18,1148.70,S,test figure
            2025-01-01,2025-12-31,5,58749.33,1608.18,S,test figure
            2025-01-01,2025-12-31,6,,2067.66,S,test figure

            """.Replace("\r\n", "\n").Replace(",S,", $",{confidence},"));
        File.AppendAllText(Path.Combine(to, "ceilings", "parameters-maf.csv"), """
            maf.social.ceiling,2025-01-01,2025-12-31,516.92,S,test figure,EUR,,false
            maf.chronic.reduction,2025-01-01,2025-12-31,114.87,S,test figure,EUR,,false
            maf.child.ceiling,2025-01-01,2025-12-31,746.66,S,test figure,EUR,,false

            """.Replace("\r\n", "\n").Replace(",S,", $",{confidence},"));
        return to;
    }

    private void Registry()
    {
        Store.AddBeneficiaries([new BeneficiaryRow
        {
            BeneficiaryId = "M1", Niss = "80010100123", Name = "Member One", BirthDate = new LocalDate(1980, 1, 1), Sex = 1, Mutuality = 131,
            Iban = "BE68539007547034", InsuredFrom = new LocalDate(2000, 1, 1), KnownAt = Registered,
        }]);
        Store.AddProviders([new ProviderRow { ProviderId = "P1", Nihii = "10000001001", Name = "Dr One", Kind = "gp", Conventioned = true, Iban = "BE71096123456769", KnownAt = Registered }]);
        Store.AddHouseholds(
            [new HouseholdRow { HouseholdId = "H1", Year = 2025, ReferenceIncome = new Money(10_000_00), KnownAt = Registered }],
            [new HouseholdMemberRow { HouseholdId = "H1", BeneficiaryId = "M1", Year = 2025, KnownAt = Registered }]);
    }

    /// <summary>eAttest GP consultations (101076) of M1 on these days of March 2025, billed at the 2025 fee 32.84.</summary>
    private void Consultations(string file, Instant at, params int[] days) =>
        Store.AddSending(new SendingRow
        {
            Channel = "eattest", FileName = file, Sha256 = file, Identity = file, Raw = [], Status = "accepted", AcceptedInvoices = days.Length, ReceivedAt = at,
        }, days.Select((d, i) => new CareLineRow
        {
            InvoiceNumber = $"{file}-{i}", RecordSeq = i + 1, BeneficiaryId = "M1", ProviderId = "P1", Code = 101076,
            ServiceDate = new LocalDate(2025, 3, d), Quantity = 1, Billed = new Money(32_84), Conventioned = true, Channel = "eattest", KnownAt = at,
        }).ToList());

    private RunSummary Night(FixedClock clock, EngineOptions options, LocalDate date)
    {
        clock.Set(Brussels.At(date, 2));
        return new RunPipeline(Store, new RuleSetProvider(options), options, clock, Serilog.Core.Logger.None).Execute(date);
    }

    [SkippableFact]
    public void A_year_without_MAF_figures_pays_its_lines_keeps_its_counter_pending_and_the_first_run_with_the_figures_pays_the_refunds_once()
    {
        Registry();
        var options = new EngineOptions { RulesFolder = RepoFiles.Rules, OutputFolder = Path.Combine(_root, "runs") };
        var clock = new FixedClock(Registered);
        // Night 1, shipped rules (no MAF figures for 2025): three consultations of an ordinary member without DMG on
        // 3, 4 and 5 March 2025: fee 32.84, personal share 6.00 (share.gp.nodmg.ordinary), insurer 26.84, each paid.
        Consultations("a", Instant.FromUtc(2025, 3, 9, 12, 0), 3, 4, 5);
        var first = Night(clock, options, new LocalDate(2025, 3, 10));
        Assert.Equal(3, first.Accepted);
        Assert.Equal("80.52", first.InsurerTotal); // 3 x 26.84
        Assert.Equal("80.52", first.PaidTotal);
        Assert.Equal("0.00", first.MafRefundTotal);
        var pending = Assert.Single(first.MafPending!);
        Assert.Equal((2025, 1, "H1"), (pending.Year, pending.Households, pending.HouseholdIds.Single()));
        Assert.StartsWith("maf.", pending.Parameter);
        var counter = Assert.Single(Store.PendingMafCounters());
        Assert.Equal(18_00, counter.CountedCents); // 3 x 6.00 kept, nothing refunded
        Assert.Equal(0, counter.RefundedCents);

        // Night 2, the 2025 figures added (MAF revenus 10.00 for a reference income of 10,000.00, bracket 1), and a
        // fourth consultation on 6 March. Counted in date order: 6.00 (under 10.00: 0.00), 12.00 (refund 2.00),
        // 18.00 (refund 6.00): the pending lines' refunds 8.00, paid now; then the new line, 24.00: refund 6.00.
        options.RulesFolder = RulesWith2025(Path.Combine(_root, "rules-2025"));
        Consultations("b", Instant.FromUtc(2025, 3, 10, 12, 0), 6);
        var second = Night(clock, options, new LocalDate(2025, 3, 11));
        Assert.Null(second.MafPending);
        Assert.Equal(2, second.MafSettledLines);
        Assert.Equal("8.00", second.MafSettledTotal);
        Assert.Equal("H1", Assert.Single(Assert.Single(second.MafSettled!).HouseholdIds));
        Assert.Equal("6.00", second.MafRefundTotal);
        Assert.Equal("40.84", second.PaidTotal); // 26.84 + 6.00 + 8.00, one transfer to M1
        var settled = Store.MafSettlements("nightly-2025-03-11");
        Assert.Equal([new Money(2_00), new Money(6_00)], settled.Select(s => s.Refund));
        Assert.All(settled, s => Assert.Equal("nightly-2025-03-10", s.OriginRunId));
        var items = Store.RunItems("nightly-2025-03-11").Where(i => i.SourceRef.StartsWith("maf:", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, items.Count);
        Assert.All(items, i => Assert.Equal("paid", i.Outcome));
        Assert.Empty(Store.PendingMafCounters());

        // Night 3: nothing left pending, nothing paid again.
        var third = Night(clock, options, new LocalDate(2025, 3, 12));
        Assert.Equal((null, null, "0.00"), (third.MafSettledLines, third.MafSettledTotal, third.PaidTotal));
        Assert.Null(third.MafPending);

        // Each run replayed with its own rules reproduces its files byte for byte.
        var replay = new PeriodReplay(Store, new RuleSetProvider(options), options)
            .Run(new LocalDate(2025, 3, 10), new LocalDate(2025, 3, 12), null, Path.Combine(_root, "replay"));
        Assert.True(replay.Reproduced, string.Join("\n", replay.DifferenceList.Select(d => $"{d.RunId} {d.Item} {d.Field}: {d.Original} -> {d.Replay}")));
    }

    [SkippableFact]
    public void A_pending_refund_settled_on_provisional_figures_is_held_where_provisional_figures_are_refused()
    {
        Registry();
        var options = new EngineOptions { RulesFolder = RepoFiles.Rules, OutputFolder = Path.Combine(_root, "runs") };
        var clock = new FixedClock(Registered);
        Consultations("a", Instant.FromUtc(2025, 3, 9, 12, 0), 3, 4, 5);
        Night(clock, options, new LocalDate(2025, 3, 10));

        // Night 2: the 2025 figures arrive inferred (I), and the site refuses provisional figures. The pending lines'
        // refunds 2.00 and 6.00 (as in the test above) rest on the 2025 MAF revenus (I): held with the reason, not
        // paid; nothing else is owed this night.
        options.RulesFolder = RulesWith2025(Path.Combine(_root, "rules-2025-inferred"), 'I');
        options.Run.RefuseProvisional = true;
        var second = Night(clock, options, new LocalDate(2025, 3, 11));
        Assert.Equal(("8.00", "0.00", 2, "8.00"), (second.MafSettledTotal, second.PaidTotal, second.HeldBack, second.HeldBackTotal));
        var held = Store.RunItems("nightly-2025-03-11").Where(i => i.SourceRef.StartsWith("maf:", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, held.Count);
        Assert.All(held, i => Assert.Equal(("held", RunDecisions.ProvisionalRefused), (i.Outcome, i.HoldReason)));
        Assert.All(held, i => Assert.Contains("(I)", i.Provisional));
        Assert.All(Store.MafSettlements("nightly-2025-03-11"), s => Assert.Contains("(I)", s.Provisional));

        // Night 3, the setting lifted: the two held refunds are taken over and paid, once.
        options.Run.RefuseProvisional = false;
        var third = Night(clock, options, new LocalDate(2025, 3, 12));
        Assert.Equal(("8.00", 2), (third.PaidTotal, third.CarriedOverPaid));

        var replay = new PeriodReplay(Store, new RuleSetProvider(options), options)
            .Run(new LocalDate(2025, 3, 10), new LocalDate(2025, 3, 12), null, Path.Combine(_root, "replay"));
        Assert.True(replay.Reproduced, string.Join("\n", replay.DifferenceList.Select(d => $"{d.RunId} {d.Item} {d.Field}: {d.Original} -> {d.Replay}")));
    }
}

public sealed class MafPendingYearTestsOnSqlite() : MafPendingYearTests(StoreKind.Sqlite);

public sealed class MafPendingYearTestsOnPostgres() : MafPendingYearTests(StoreKind.Postgres);

public sealed class MafPendingYearTestsOnSqlServer() : MafPendingYearTests(StoreKind.SqlServer);
