using System.Text;
using Engine.Jobs.Bim;
using Engine.Jobs.Data;
using Engine.Jobs.Ingestion;
using Engine.Jobs.Recalc;
using Engine.Jobs.Rules;
using Engine.Jobs.Runs;
using Engine.Jobs.Tests.Rules.Reimbursement;
using Engine.Jobs.Tests.Stores;
using Engine.Jobs.Time;
using NodaTime;

namespace Engine.Jobs.Tests.Bim;

using Money = Engine.Core.Money.Money;

/// <summary>
/// BIM on the insurer's initiative (issue 14, belgian-rules.md §9.6): the monthly proposals with their reasons, never a
/// member already BIM or already proposed on the same basis; a decision imported back grants the right from its date and
/// the recalculation pays the BIM complements on the lines paid since at the normal rate, once.
/// </summary>
public abstract class BimInitiativeTests(StoreKind kind) : TempStore("engine-bim-initiative-", Registered, kind)
{
    private static readonly Instant Registered = Instant.FromUtc(2026, 1, 2, 8, 0);

    private EngineOptions Options => new() { RulesFolder = RepoFiles.Rules, OutputFolder = Path.Combine(Folder, "out"), OutboxFolder = Path.Combine(Folder, "outbox") };

    private BimProposals Proposals(LocalDate day) =>
        new(Store, new RuleSetProvider(Options), Options, new FixedClock(Brussels.At(day, 6)), Serilog.Core.Logger.None);

    private void Registry()
    {
        Store.AddBeneficiaries(Enumerable.Range(1, 7).Select(i => new BeneficiaryRow
        {
            BeneficiaryId = $"M{i}", Niss = Engine.Jobs.Efact.BelgianIdentifiers.NissFromBody(800101000 + i), Name = $"Member M{i}",
            BirthDate = new LocalDate(1980, 1, 1), Sex = 1, Mutuality = 131, Iban = "BE68539007547034", InsuredFrom = new LocalDate(2000, 1, 1), KnownAt = Registered,
        }));
        Store.AddStatuses([new StatusRow { BeneficiaryId = "M6", Status = "bim", FromDate = new LocalDate(2020, 1, 1), KnownAt = Registered, BimKind = BimKinds.Avantages }]);
        // 2026: M1, M6 and M7 live alone; M2 with M3, M4 with M5.
        var households = new (string Household, string Member)[] { ("H1", "M1"), ("H2", "M2"), ("H2", "M3"), ("H4", "M4"), ("H4", "M5"), ("H6", "M6"), ("H7", "M7") };
        Store.AddHouseholds(households.Select(h => h.Household).Distinct().Select(h => new HouseholdRow { HouseholdId = h, Year = 2026, KnownAt = Registered }),
            households.Select(h => new HouseholdMemberRow { HouseholdId = h.Household, BeneficiaryId = h.Member, Year = 2026, KnownAt = Registered }));
        Store.AddProviders([new ProviderRow { ProviderId = "P1", Nihii = "10000001001", Name = "Dr One", Kind = "gp", Conventioned = true, Iban = "BE71096123456769", KnownAt = Registered }]);
    }

    private void Cases(Instant at)
    {
        IndemnityCaseRow Case(string id, string member, LocalDate first, string family) => new()
        {
            CaseId = id, BeneficiaryId = member, Kind = "incapacity", Regime = "employee", RegularWorker = true, FirstDay = first,
            DailyWage = "120.0000", FamilyStatus = family, SourceFile = "cases.csv", KnownAt = at,
        };
        Store.AddIndemnityCases(
        [
            Case("C1", "M1", new LocalDate(2026, 7, 14), "isolated"),   // alone, 3 months on 2026-10-14
            Case("C2", "M2", new LocalDate(2026, 6, 1), "family"),      // not alone
            Case("C4", "M4", new LocalDate(2025, 9, 1), "family"),      // invalid from 2026-09-01 (primary period 12 months)
            Case("C6", "M6", new LocalDate(2026, 1, 5), "isolated"),    // already BIM
            Case("C7", "M7", new LocalDate(2026, 9, 15), "isolated"),   // 3 months only on 2026-12-15
        ]);
    }

    [SkippableFact]
    public void The_proposals_of_a_month_say_why_and_never_propose_a_member_twice_on_the_same_basis()
    {
        Registry();
        Cases(Instant.FromUtc(2026, 11, 1, 8, 0));

        var november = Proposals(new LocalDate(2026, 12, 1)).Propose(new YearMonth(2026, 11));
        Assert.Equal([("M1", "incapacity", "C1", new LocalDate(2026, 7, 14)), ("M4", "invalidity", "C4", new LocalDate(2026, 9, 1))],
            november.Proposals.Select(p => (p.MemberId, p.Basis, p.CaseId, p.Since)));
        Assert.Equal(2, november.New);
        var csv = File.ReadAllText(november.File);
        Assert.Equal([0xEF, 0xBB, 0xBF], File.ReadAllBytes(november.File)[..3]); // UTF-8 with a BOM, as every CSV for Excel
        Assert.StartsWith("month,member_id,basis,case_id,since,household,reason\n", csv);
        Assert.Contains("2026-11,M1,incapacity,C1,2026-07-14,H1,isolated member (alone in household H1 in 2026) incapacitated since 2026-07-14 (case C1): 3 months or more by 2026-11-30", csv);
        Assert.Contains("2026-11,M4,invalidity,C4,2026-09-01,H4,\"invalid since 2026-09-01 (case C4, incapacity since 2025-09-01, primary period of 12 months)\"", csv);

        // The same month again: the same file, nothing new kept.
        var bytes = File.ReadAllBytes(november.File);
        Assert.Equal(0, Proposals(new LocalDate(2026, 12, 2)).Propose(new YearMonth(2026, 11)).New);
        Assert.Equal(bytes, File.ReadAllBytes(november.File));

        // December: M7's incapacity is three months old on 2026-12-15; M1 and M4 were proposed in November.
        var december = Proposals(new LocalDate(2027, 1, 1)).Propose(new YearMonth(2026, 12));
        Assert.Equal([("M7", "incapacity")], december.Proposals.Select(p => (p.MemberId, p.Basis)));
        Assert.Equal(3, Store.BimProposals().Count);
    }

    private static string Niss(int i) => Engine.Jobs.Efact.BelgianIdentifiers.NissFromBody(800101000 + i);

    private ImportOutcome ImportUnemployment(string name, string csv, LocalDate day) =>
        Assert.Single(new InboxImport(Store, new RuleSetProvider(Options), Options, new FixedClock(Brussels.At(day, 10)), Serilog.Core.Logger.None)
            .ImportContents([(name, Encoding.UTF8.GetBytes(csv))]).Files);

    [SkippableFact]
    public void Isolated_members_unemployed_three_months_or_more_are_proposed_with_their_periods_once()
    {
        Registry();
        // M8 and M9 live alone too.
        Store.AddBeneficiaries(new[] { 8, 9 }.Select(i => new BeneficiaryRow
        {
            BeneficiaryId = $"M{i}", Niss = Niss(i), Name = $"Member M{i}", BirthDate = new LocalDate(1980, 1, 1), Sex = 1, Mutuality = 131,
            Iban = "BE68539007547034", InsuredFrom = new LocalDate(2000, 1, 1), KnownAt = Registered,
        }));
        Store.AddHouseholds(new[] { 8, 9 }.Select(i => new HouseholdRow { HouseholdId = $"H{i}", Year = 2026, KnownAt = Registered }),
            new[] { 8, 9 }.Select(i => new HouseholdMemberRow { HouseholdId = $"H{i}", BeneficiaryId = $"M{i}", Year = 2026, KnownAt = Registered }));

        var file = "member_niss,from,to,reference\n" +
                   $"{Niss(1)},2026-06-01,2026-07-31,ONEM-1\n" +   // M1, alone: with ONEM-2 (the next day on) unemployed since 2026-06-01
                   $"{Niss(1)},2026-08-01,,ONEM-2\n" +
                   $"{Niss(2)},2026-01-01,,ONEM-3\n" +             // M2 lives with M3: not isolated
                   $"{Niss(6)},2026-01-01,,ONEM-6\n" +             // M6 is BIM already
                   $"{Niss(7)},2026-09-01,,ONEM-7\n" +             // M7: 3 months on 2026-12-01, not by 2026-11-30
                   $"{Niss(8)},2026-05-01,2026-10-15,ONEM-8\n" +   // M8: no longer unemployed in November
                   $"{Niss(9)},2026-08-15,2026-11-05,ONEM-9\n" +   // M9: ended on 2026-11-05, before its 3 months (2026-11-15)
                   "80010100124,2026-06-01,,ONEM-X1\n" +            // check digits wrong
                   $"{Niss(99)},2026-06-01,,ONEM-X2\n" +           // a NISS, but no member
                   $"{Niss(1)},2026-06-31,,ONEM-X3\n" +            // no such day
                   $"{Niss(1)},2026-06-01,2026-05-01,ONEM-X4\n" +  // ends before it starts
                   $"{Niss(1)},2026-06-01,,ONEM-1\n";              // the same reference twice
        var imported = ImportUnemployment("unemployment-20261130.csv", file, new LocalDate(2026, 11, 30));
        Assert.Equal(("unemployment", "imported", "7 new, 0 changed, 0 unchanged unemployment period(s)"), (imported.Channel, imported.Status, imported.Detail));
        Assert.Equal(["unemployment-20261130.csv:9: column 'member_niss': is not a NISS with valid check digits",
                      "unemployment-20261130.csv:10: column 'member_niss': is not a member of the registry",
                      "unemployment-20261130.csv:11: column 'from': '2026-06-31' is not a date yyyy-MM-dd",
                      "unemployment-20261130.csv:12: column 'to': 2026-05-01 is before from 2026-06-01",
                      "unemployment-20261130.csv:13: column 'reference': 'ONEM-1' is given twice in the file (line 2 first)"],
            imported.Rejections);
        // Imported again: nothing new.
        Assert.Equal("0 new, 0 changed, 7 unchanged unemployment period(s)",
            ImportUnemployment("unemployment-20261130-again.csv", file, new LocalDate(2026, 11, 30)).Detail);
        var stored = Store.UnemploymentPeriods(Instant.FromUtc(2026, 12, 2, 0, 0));
        Assert.Equal(7, stored.Count);
        Assert.Equal(("ONEM-2", "M1", new LocalDate(2026, 8, 1), (LocalDate?)null), (stored[1].Reference, stored[1].MemberId, stored[1].FromDate, stored[1].ToDate));

        // November: only M1, since 2026-06-01 (3 months on 2026-09-01 <= 2026-11-30).
        var november = Proposals(new LocalDate(2026, 12, 1)).Propose(new YearMonth(2026, 11));
        var m1 = Assert.Single(november.Proposals);
        Assert.Equal(("M1", "unemployment", "ONEM-1", new LocalDate(2026, 6, 1), "H1"), (m1.MemberId, m1.Basis, m1.CaseId, m1.Since, m1.Household));
        Assert.Contains("2026-11,M1,unemployment,ONEM-1,2026-06-01,H1,\"isolated member (alone in household H1 in 2026) unemployed since 2026-06-01 " +
                        "(ONEM-1 2026-06-01 to 2026-07-31, ONEM-2 from 2026-08-01): 3 months or more by 2026-11-30\"", File.ReadAllText(november.File));

        // M9's period is sent again, still open: a new version, known from 2 December.
        Assert.Equal("0 new, 1 changed, 0 unchanged unemployment period(s)",
            ImportUnemployment("unemployment-20261202.csv", $"member_niss,from,to,reference\n{Niss(9)},2026-08-15,,ONEM-9\n", new LocalDate(2026, 12, 2)).Detail);
        // Each version as of its instant: what was known on 1 December stays as it was.
        LocalDate? M9Until(Instant at) => Assert.Single(Store.UnemploymentPeriods(at), p => p.MemberId == "M9").ToDate;
        Assert.Equal(((LocalDate?)new LocalDate(2026, 11, 5), (LocalDate?)null),
            (M9Until(Brussels.At(new LocalDate(2026, 12, 1), 12)), M9Until(Brussels.At(new LocalDate(2026, 12, 2), 12))));

        // December: M7 (3 months on 2026-12-01) and M9 (since 2026-08-15, 3 months on 2026-11-15, still unemployed);
        // M1 was proposed in November on this basis: not again.
        var december = Proposals(new LocalDate(2027, 1, 1)).Propose(new YearMonth(2026, 12));
        Assert.Equal([("M7", "unemployment", new LocalDate(2026, 9, 1)), ("M9", "unemployment", new LocalDate(2026, 8, 15))],
            december.Proposals.Select(p => (p.MemberId, p.Basis, p.Since)));
        Assert.Contains("isolated member (alone in household H9 in 2026) unemployed since 2026-08-15 (ONEM-9 from 2026-08-15): 3 months or more by 2026-12-31",
            december.Proposals[1].Reason);
        Assert.Equal(3, Store.BimProposals().Count);
    }

    [SkippableFact]
    public void A_granted_decision_gives_the_right_from_its_date_and_the_recalculation_pays_the_complements_once()
    {
        Registry();
        var at = Instant.FromUtc(2026, 11, 9, 12, 0);
        // M1 sees a GP (eAttest, no DMG) on 2026-09-20, 2026-10-20 and 2026-11-05: fee 33.73 (2026), ordinary share
        // without DMG 6.00, insurer 33.73 - 6.00 = 27.73 each, paid by the night of 10 November.
        Store.AddSending(new SendingRow { Channel = "eattest", FileName = "gp", Sha256 = new string('g', 64), Identity = "gp", Raw = [], Status = "accepted", ReceivedAt = at },
            new[] { new LocalDate(2026, 9, 20), new LocalDate(2026, 10, 20), new LocalDate(2026, 11, 5) }.Select((d, i) => new CareLineRow
            {
                InvoiceNumber = $"gp-{i + 1}", RecordSeq = i + 1, BeneficiaryId = "M1", ProviderId = "P1", Code = 101076, ServiceDate = d, Quantity = 1,
                Billed = new Money(33_73), Conventioned = true, Channel = "eattest", KnownAt = at,
            }).ToList());
        var night = new RunPipeline(Store, new RuleSetProvider(Options), Options, new FixedClock(Brussels.At(new LocalDate(2026, 11, 10), 2)), Serilog.Core.Logger.None)
            .Execute(new LocalDate(2026, 11, 10));
        Assert.Equal("83.19", night.InsurerTotal); // 3 x 27.73

        // The decision after the examination: BIM from 2026-10-01.
        var clock = new FixedClock(Brussels.At(new LocalDate(2026, 12, 3), 10));
        var csv = Encoding.UTF8.GetBytes("member_id,granted_from,reference\nM1,2026-10-01,BIM-INIT-0001\nM9,2026-10-01,BIM-INIT-0002\n");
        var report = new InboxImport(Store, new RuleSetProvider(Options), Options, clock, Serilog.Core.Logger.None).ImportContents([("bim-decisions.csv", csv)]);
        var outcome = Assert.Single(report.Files);
        Assert.Equal(["bim-decisions.csv:3: column 'member_id': 'M9' is not a member of the registry"], outcome.Rejections);
        var granted = Assert.Single(report.GrantedBim);
        Assert.Equal(("M1", new LocalDate(2026, 10, 1)), (granted.MemberId, granted.GrantedFrom));
        var bim = Assert.Single(Store.Statuses(clock.GetCurrentInstant(), ["M1"]), s => s.Status == "bim");
        Assert.Equal((new LocalDate(2026, 10, 1), (LocalDate?)null, BimKinds.Enquiry), (bim.FromDate, bim.ToDate, bim.BimKind));
        // Imported again: nothing granted twice.
        Assert.Empty(new InboxImport(Store, new RuleSetProvider(Options), Options, clock, Serilog.Core.Logger.None).ImportContents([("bim-decisions-again.csv", csv)]).GrantedBim);

        // The recalculation: BIM share without DMG 1.50, insurer 33.73 - 1.50 = 32.23, complement 32.23 - 27.73 = 4.50 on
        // the lines of 20 October and 5 November; the line of 20 September, before the right, is unchanged.
        var recalculation = new Recalculation(Store, new RuleSetProvider(Options), Options, clock, Serilog.Core.Logger.None);
        var first = BimGrant.Recalculate(recalculation, granted, "tester");
        var lines = Store.Results(night.RunId).Select(r => r.LineId).ToList();
        Assert.Equal([($"line:{lines[1]}", "complement", 4_50L), ($"line:{lines[2]}", "complement", 4_50L)],
            first.Differences.Where(d => d.Item.StartsWith("line:")).Select(d => (d.Item, d.Kind, d.Amount.Cents)));
        Assert.Equal("9.00", first.Recalc.ComplementTotal.ToString());
        Assert.Contains("BIM-INIT-0001", first.Recalc.Reason);
        // A second recalculation pays nothing more.
        Assert.Empty(BimGrant.Recalculate(recalculation, granted, "tester").Differences);

        // The next night pays the two complements.
        var next = new RunPipeline(Store, new RuleSetProvider(Options), Options, new FixedClock(Brussels.At(new LocalDate(2026, 12, 4), 2)), Serilog.Core.Logger.None)
            .Execute(new LocalDate(2026, 12, 4));
        Assert.Equal((2, "9.00"), (next.ComplementsPaid, next.ComplementsPaidTotal));
    }
}

public sealed class BimInitiativeTestsOnSqlite() : BimInitiativeTests(StoreKind.Sqlite);

public sealed class BimInitiativeTestsOnPostgres() : BimInitiativeTests(StoreKind.Postgres);
