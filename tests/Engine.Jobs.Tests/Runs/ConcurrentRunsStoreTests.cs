using Engine.Jobs.Data;
using Engine.Jobs.Data.Sqlite;
using NodaTime;

namespace Engine.Jobs.Tests.Runs;

using Money = Engine.Core.Money.Money;
using Engine.Jobs.Tests.Stores;

/// <summary>
/// Two runs computing at the same time (the nightly run and a pay-on-arrival run, both Hangfire jobs; or a run started by
/// hand while the scheduled one computes) read the same state: what earlier runs covered. The first to store its results
/// wins; the second must store nothing and compute again, never pay the same days or lines a second time.
/// </summary>
public abstract class ConcurrentRunsStoreTests : TempStore
{
    private static readonly Instant T = Instant.FromUtc(2024, 3, 5, 1, 0);

    protected ConcurrentRunsStoreTests(StoreKind store) : base("engine-concurrent-", T, store)
    {
        foreach (var (id, kind) in new[] { ("nightly-2024-03-05", "nightly"), ("arrival-2024-03-05-abc", "arrival"), ("nightly-2024-03-06", "nightly") })
            Store.StartRun(new RunRow { RunId = id, Kind = kind, RunDate = new LocalDate(2024, 3, 5), AsOf = T, RuleSetVersion = "v", StartedAt = T });
    }

    private static IndemnityPaymentRow Statement(string runId, LocalDate from, LocalDate to, int days) => new()
    {
        RunId = runId, CaseId = "C1", BeneficiaryId = "M1", PeriodStart = from, PeriodEnd = to, PaidDays = days,
        Daily = new Money(6_521), Gross = new Money(6_521 * days), Withholding = Money.Zero, Net = new Money(6_521 * days), RuleSetVersion = "v", Rules = "r",
    };

    [SkippableFact]
    public void Indemnity_days_another_runStored_meanwhile_are_refused_and_nothing_of_the_run_isStored()
    {
        // The nightly run read case C1 as first declared (first day 2024-02-26, nothing paid yet) and computes
        // 2024-02-26..03-04 (6 days a week: 7 days); meanwhile the declaration corrected to 2024-03-01 arrived and the
        // pay-on-arrival run stored 2024-03-01..03-04 (3 days). Different first days: the (case, first day) key let both in,
        // and 03-01..03-04 was paid twice.
        Store.SaveResults("arrival-2024-03-05-abc", [], [], [Statement("arrival-2024-03-05-abc", new LocalDate(2024, 3, 1), new LocalDate(2024, 3, 4), 3)]);

        var e = Assert.Throws<InvalidOperationException>(() => Store.SaveResults("nightly-2024-03-05", [], [],
            [Statement("nightly-2024-03-05", new LocalDate(2024, 2, 26), new LocalDate(2024, 3, 4), 7)]));

        Assert.Contains("indemnity case C1 2024-02-26..2024-03-04 (run arrival-2024-03-05-abc: 2024-03-01..2024-03-04)", e.Message);
        Assert.Empty(Store.IndemnityPayments("nightly-2024-03-05"));
        Assert.Equal(RunPhase.Started, Store.Run("nightly-2024-03-05")!.Phase);
        Assert.Equal(new LocalDate(2024, 3, 4), Store.IndemnityPaidUntil()["C1"]);
        // Computed again from what is stored now, the run owes from 03-05: nothing that day, and it stores.
        Store.SaveResults("nightly-2024-03-05", [], [], []);
        Assert.Equal(RunPhase.Computed, Store.Run("nightly-2024-03-05")!.Phase);
    }

    [SkippableFact]
    public void A_care_line_another_run_computed_meanwhile_is_refused_and_nothing_of_the_run_isStored()
    {
        var line = new CareLineRow
        {
            InvoiceNumber = "1", RecordSeq = 1, BeneficiaryId = "M1", ProviderId = "P1", Code = 101076, ServiceDate = new LocalDate(2024, 2, 1),
            Quantity = 1, Billed = new Money(3_182), ClaimedInsurer = new Money(2_582), ClaimedShare = new Money(600), Supplement = Money.Zero,
            Conventioned = true, Channel = "efact", KnownAt = T,
        };
        Store.AddSending(new SendingRow { Channel = "efact", FileName = "f", Sha256 = "00", Identity = "efact:f", Raw = [1], Status = "imported", ReceivedAt = T }, [line]);
        var lineId = Assert.Single(Store.UnprocessedLines(T)).LineId;
        LineResultRow Result(string runId) => new()
        {
            RunId = runId, LineId = lineId, RuleSetVersion = "v", InputKnownAt = T, Fee = new Money(3_182), Insurer = new Money(2_582),
            Share = new Money(600), Supplement = Money.Zero, Payee = "provider", Status = "accepted", Reason = "", Rules = "r",
        };
        var counter = new MafCounterRow { RunId = "nightly-2024-03-06", HouseholdId = "H1", Year = 2024, CountedCents = 600, ChildCounted = "{}", LineIds = $"[\"{lineId}\"]" };
        Store.SaveResults("nightly-2024-03-05", [Result("nightly-2024-03-05")], []);

        var e = Assert.Throws<InvalidOperationException>(() =>
            Store.SaveResults("nightly-2024-03-06", [Result("nightly-2024-03-06")], [counter]));

        Assert.Contains($"line {lineId} (run nightly-2024-03-05)", e.Message);
        Assert.Empty(Store.Results("nightly-2024-03-06"));
        Assert.Empty(Store.LatestMafCounters([("H1", 2024)]));
        Assert.Equal(RunPhase.Started, Store.Run("nightly-2024-03-06")!.Phase);
    }

    [SkippableFact]
    public void A_MAF_counter_that_does_not_continue_the_one_another_runStored_meanwhile_is_refused()
    {
        // Two nightly runs computing different lines of one household at once both start from the same counter: the
        // second stored counted 600.00 where the household had 1200.00, so the refunds above the ceiling were wrong for
        // the rest of the year. A counter continues the latest one: it must hold all of its lines.
        MafCounterRow Counter(string runId, long counted, params long[] lines) => new()
        {
            RunId = runId, HouseholdId = "H1", Year = 2024, CountedCents = counted, ChildCounted = "{}",
            LineIds = "[" + string.Join(",", lines.Select(l => $"\"{l}\"")) + "]",
        };
        Store.SaveResults("nightly-2024-03-05", [], [Counter("nightly-2024-03-05", 60_000, 1)]);

        var e = Assert.Throws<InvalidOperationException>(() =>
            Store.SaveResults("nightly-2024-03-06", [], [Counter("nightly-2024-03-06", 60_000, 2)]));
        Assert.Contains("MAF counter H1 2024 (run nightly-2024-03-05)", e.Message);
        Assert.Equal(RunPhase.Started, Store.Run("nightly-2024-03-06")!.Phase);

        // Computed again from the stored counter, it continues it and stores.
        Store.SaveResults("nightly-2024-03-06", [], [Counter("nightly-2024-03-06", 120_000, 1, 2)]);
        Assert.Equal(120_000, Assert.Single(Store.LatestMafCounters([("H1", 2024)])).CountedCents);
    }

    [SkippableFact]
    public void AC_allowances_that_do_not_continue_those_another_runStored_meanwhile_are_refused()
    {
        // The same for a member's AC allowances: two runs granting two sport-club refunds of one member at once each
        // started from "nothing used this year", and the member got the yearly maximum twice.
        AcMemberStateRow State(string runId, params string[] paid) => new()
        {
            RunId = runId, MemberId = "M1", Allowances = "[]", PaidRequests = "[" + string.Join(",", paid.Select(p => $"\"{p}\"")) + "]",
        };
        Store.SaveResults("nightly-2024-03-05", [], [], acStates: [State("nightly-2024-03-05", "AC1")]);

        var e = Assert.Throws<InvalidOperationException>(() =>
            Store.SaveResults("nightly-2024-03-06", [], [], acStates: [State("nightly-2024-03-06", "AC2")]));
        Assert.Contains("AC allowances of M1 (run nightly-2024-03-05)", e.Message);
        Assert.Equal(RunPhase.Started, Store.Run("nightly-2024-03-06")!.Phase);

        Store.SaveResults("nightly-2024-03-06", [], [], acStates: [State("nightly-2024-03-06", "AC1", "AC2")]);
        Assert.Equal("[\"AC1\",\"AC2\"]", Assert.Single(Store.LatestAcStates(["M1"])).PaidRequests);
    }
}

public sealed class ConcurrentRunsStoreTestsOnSqlite() : ConcurrentRunsStoreTests(StoreKind.Sqlite);

public sealed class ConcurrentRunsStoreTestsOnPostgres() : ConcurrentRunsStoreTests(StoreKind.Postgres);

public sealed class ConcurrentRunsStoreTestsOnSqlServer() : ConcurrentRunsStoreTests(StoreKind.SqlServer);
