using System.Text;
using Engine.Jobs.Data;
using Engine.Jobs.Ingestion;
using Engine.Jobs.Recalc;
using Engine.Jobs.Replay;
using Engine.Jobs.Rules;
using Engine.Jobs.Runs;
using Engine.Jobs.Tests.Rules.Reimbursement;
using Engine.Jobs.Tests.Stores;
using Engine.Jobs.Time;
using NodaTime;

namespace Engine.Jobs.Tests.Authorisations;

using Money = Engine.Core.Money.Money;

/// <summary>
/// Care under prior authorisation through the nightly runs (issue 14): lines of the heavy-pathology physiotherapy code
/// 563010 (rules/authorisations/prior-authorisation.csv) are rejected with eFact 5004L0 while no authorisation covers
/// them and kept awaiting one; a late authorisation of two sessions releases two of them through the next run, paid
/// once; the third and a later line are refused for their used sessions; replay reproduces every run.
/// </summary>
public abstract class AuthorisationReleaseTests(StoreKind kind) : TempStore("engine-authorisation-", Registered, kind)
{
    private static readonly Instant Registered = Instant.FromUtc(2026, 1, 2, 8, 0);
    private static readonly string Niss = Engine.Jobs.Efact.BelgianIdentifiers.NissFromBody(800101001);

    private EngineOptions Options => new() { RulesFolder = RepoFiles.Rules, OutputFolder = Path.Combine(Folder, "runs"), OutboxFolder = Path.Combine(Folder, "outbox") };

    private void MemberAndPhysiotherapist()
    {
        Store.AddBeneficiaries([new BeneficiaryRow
        {
            BeneficiaryId = "M1", Niss = Niss, Name = "Member M1", BirthDate = new LocalDate(1980, 1, 1), Sex = 1, Mutuality = 131,
            Iban = "BE68539007547034", InsuredFrom = new LocalDate(2000, 1, 1), KnownAt = Registered,
        }]);
        Store.AddProviders([new ProviderRow { ProviderId = "P1", Nihii = "50000001001", Name = "Kine One", Kind = "physiotherapist", Conventioned = true, Iban = "BE71096123456769", KnownAt = Registered }]);
    }

    private void Sessions(string file, Instant at, params LocalDate[] days) =>
        Store.AddSending(new SendingRow { Channel = "eattest", FileName = file, Sha256 = new string(file[0], 64), Identity = file, Raw = [], Status = "accepted", ReceivedAt = at },
            days.Select((d, i) => new CareLineRow
            {
                InvoiceNumber = $"{file}-{i + 1}", RecordSeq = i + 1, BeneficiaryId = "M1", ProviderId = "P1", Code = 563010, ServiceDate = d,
                Quantity = 1, Billed = new Money(27_50), Conventioned = true, Channel = "eattest", KnownAt = at,
            }).ToList());

    private RunSummary Night(LocalDate date) =>
        new RunPipeline(Store, new RuleSetProvider(Options), Options, new FixedClock(Brussels.At(date, 2)), Serilog.Core.Logger.None).Execute(date);

    private ImportOutcome Import(string name, string csv, LocalDate day) =>
        Assert.Single(new InboxImport(Store, new RuleSetProvider(Options), Options, new FixedClock(Brussels.At(day, 10)), Serilog.Core.Logger.None)
            .ImportContents([(name, Encoding.UTF8.GetBytes(csv))]).Files);

    [SkippableFact]
    public void A_line_refused_for_want_of_an_authorisation_is_released_by_a_late_one_through_the_next_run_and_paid_once()
    {
        MemberAndPhysiotherapist();
        Sessions("a", Instant.FromUtc(2026, 3, 4, 12, 0), new LocalDate(2026, 3, 2), new LocalDate(2026, 3, 3), new LocalDate(2026, 3, 4));

        // Night 1: no authorisation: the three lines are rejected, every amount 0.00, awaiting one.
        var first = Night(new LocalDate(2026, 3, 5));
        Assert.Equal(3, first.Rejected);
        Assert.Equal(3, first.RejectionsByReason["authorisation_missing"]);
        var lines = Store.Results(first.RunId).Select(r => r.LineId).ToList();
        Assert.Equal(lines, Store.LinesAwaitingAuthorisation().Select(a => a.LineId));
        var why = new LineExplainer(Store, new RuleSetArchive(Store, new RuleSetProvider(Options))).Explain(lines[0]);
        Assert.Contains(why, t => t.Contains("[authorisation]") && t.Contains("5004L0") && t.Contains("Pas d'accord médecin-conseil ou nombre de séances dépassé"));
        Assert.Contains(why, t => t.Contains("the same figures"));

        // The adviser's decision arrives on 5 March: two sessions of the group physio_heavy from 1 March to 30 June.
        var file = "member_niss,code_or_group,from,to,sessions,decision,reference\n" +
                            Niss + ",physio_heavy,2026-03-01,2026-06-30,2,granted,MC-2026-001\n";
        var imported = Import("authorisations-0305.csv", file, new LocalDate(2026, 3, 5));
        Assert.Equal(("imported", "1 new, 0 changed, 0 unchanged authorisation(s)"), (imported.Status, imported.Detail));
        Assert.Equal("0 new, 0 changed, 1 unchanged authorisation(s)", Import("authorisations-0305-again.csv", file, new LocalDate(2026, 3, 5)).Detail);

        // A fourth session on 10 March arrives before night 2.
        Sessions("b", Instant.FromUtc(2026, 3, 5, 12, 0), new LocalDate(2026, 3, 5));

        // Night 2 first releases the member's lines awaiting it (a recalculation): sessions 1 and 2 go to the lines of
        // 2 and 3 March, the first computed; physiotherapy 27.50, ordinary share 25 % = 6.875 -> 6.88, insurer
        // 27.50 - 6.88 = 20.62 each: complements 2 x 20.62 = 41.24, paid by this run. The 4 March line stays refused,
        // its sessions used; the new line of 5 March too.
        var second = Night(new LocalDate(2026, 3, 6));
        var complements = Store.Adjustments();
        Assert.Equal([($"line:{lines[0]}", 20_62L), ($"line:{lines[1]}", 20_62L)], complements.Select(a => (a.Item, a.Amount.Cents)));
        Assert.Equal((2, 2, "41.24"), (second.Complements, second.ComplementsPaid, second.ComplementsPaidTotal));
        Assert.Equal(1, second.RejectionsByReason["authorisation_sessions_used"]);
        var recalc = Assert.Single(complements.Select(a => a.RecalcId).Distinct());
        Assert.Contains("MC-2026-001", Store.Recalc(recalc)!.Reason);

        // Night 3: nothing more to release (no recalculation recorded), nothing paid twice.
        var third = Night(new LocalDate(2026, 3, 7));
        Assert.Equal(2, Store.Adjustments().Count);
        Assert.Equal((0, "0.00"), (third.Complements, third.ComplementsPaidTotal));
        // The member's answer on the released line tells the release (which authorisation, when, what was paid), not
        // the rejection of night 1; the line still refused (sessions used) tells its rejection.
        var reader = new Engine.Jobs.Members.MemberLineFactsReader(Store, new RuleSetArchive(Store, new RuleSetProvider(Options)));
        var released = reader.Read(lines[0], Brussels.At(new LocalDate(2026, 3, 7), 12));
        Assert.Equal(("MC-2026-001", new LocalDate(2026, 3, 5), new LocalDate(2026, 3, 6), new Money(20_62), Engine.Jobs.Members.MemberPayment.Paid),
            (released.Released!.Reference, released.Released.KnownOn, released.Released.ReleasedOn, released.Released.Amount, released.Released.Payment));
        var answer = Engine.Jobs.Members.MemberAnswer.Write(released, "en");
        Assert.Equal([
            "On 2 March 2026, Kine One billed you €27.50 for the service 563010.",
            "This care was waiting for the medical adviser's prior agreement: agreement MC-2026-001 (care from 1 March 2026 to 30 June 2026), received on 5 March 2026, covers it; it was reimbursed on 6 March 2026.",
            "Your health insurer refunds you €20.62.",
            "The transfer was made on 6 March 2026.",
            "",
            "What you can do:",
            // The release is the decision the member may contest: three months from 6 March.
            "- If you disagree with this decision, contact your health insurer; you can also contest it before the labour court until 6 June 2026 (three months after the decision of 6 March 2026).",
        ], answer);
        var refused = Engine.Jobs.Members.MemberAnswer.Write(reader.Read(lines[2], Brussels.At(new LocalDate(2026, 3, 7), 12)), "en");
        Assert.Null(reader.Read(lines[2], Brussels.At(new LocalDate(2026, 3, 7), 12)).Released);
        Assert.Contains(refused, t => t.Contains("not reimbursed") && t.Contains("prior agreement of the medical adviser"));

        // A recalculation of the member finds nothing either: the two lines paid keep their sessions.
        var again = new Recalculation(Store, new RuleSetProvider(Options), Options, new FixedClock(Brussels.At(new LocalDate(2026, 3, 7), 12)), Serilog.Core.Logger.None)
            .Run(new RecalcScope(Member: "M1"), "check", "tester");
        Assert.Empty(again.Differences);

        var replay = new PeriodReplay(Store, new RuleSetProvider(Options), Options)
            .Run(new LocalDate(2026, 3, 5), new LocalDate(2026, 3, 7), null, Path.Combine(Folder, "replay"));
        Assert.True(replay.Reproduced, string.Join("\n", replay.DifferenceList.Select(d => $"{d.RunId} {d.Item} {d.Field}: {d.Original} -> {d.Replay}")));
    }

    [SkippableFact]
    public void A_malformed_row_of_an_authorisation_file_is_refused_by_line_and_column_and_its_neighbours_go_through()
    {
        MemberAndPhysiotherapist();
        var outcome = Import("decisions.csv",
            "member_niss,code_or_group,from,to,sessions,decision,reference\n" +
            "80010100124,563010,2026-03-01,2026-06-30,9,granted,MC-1\n" +     // check digits wrong
            Niss + ",563010,2026-03-01,2026-02-01,9,granted,MC-2\n" +         // ends before it starts
            Niss + ",563010,2026-03-01,2026-06-30,0,granted,MC-3\n" +         // no session
            Niss + ",563010,2026-03-01,2026-06-30,,maybe,MC-4\n" +            // decision
            Niss + ",kine,2026-03-01,2026-06-30,,granted,MC-5\n" +            // no such group
            Niss + ",563010,2026-03-01,2026-06-30,,refused,MC-6\n",           // valid: refused, no count
            new LocalDate(2026, 3, 5));
        Assert.Equal(["decisions.csv:2: column 'member_niss': is not a NISS with valid check digits",
                      "decisions.csv:3: column 'to': 2026-02-01 is before from 2026-03-01",
                      "decisions.csv:4: column 'sessions': '0' is not a number of sessions above zero (empty: no count)",
                      "decisions.csv:5: column 'decision': 'maybe' is neither granted nor refused",
                      "decisions.csv:6: column 'code_or_group': 'kine' is neither a nomenclature code nor a group of rules/authorisations/prior-authorisation.csv"],
            outcome.Rejections);
        var stored = Assert.Single(Store.PriorAuthorisations(Instant.FromUtc(2026, 3, 6, 0, 0)));
        Assert.Equal(("MC-6", "M1", "563010", "refused", (int?)null), (stored.Reference, stored.MemberId, stored.Codes, stored.Decision, stored.Sessions));

        // A line of the refused period: rejected with eFact 500449.
        Sessions("c", Instant.FromUtc(2026, 3, 4, 12, 0), new LocalDate(2026, 3, 3));
        var night = Night(new LocalDate(2026, 3, 6));
        Assert.Equal(1, night.RejectionsByReason["authorisation_refused"]);
        var why = new LineExplainer(Store, new RuleSetArchive(Store, new RuleSetProvider(Options))).Explain(Store.Results(night.RunId)[0].LineId);
        Assert.Contains(why, t => t.Contains("500449") && t.Contains("MC-6"));
    }
}

public sealed class AuthorisationReleaseTestsOnSqlite() : AuthorisationReleaseTests(StoreKind.Sqlite);

public sealed class AuthorisationReleaseTestsOnPostgres() : AuthorisationReleaseTests(StoreKind.Postgres);
