using Engine.Core.Payments;
using Engine.Jobs.Data;
using Engine.Jobs.Runs;
using Engine.Jobs.Tests.Stores;
using NodaTime;

namespace Engine.Jobs.Tests.Runs;

using Money = Engine.Core.Money.Money;

/// <summary>The store's side of exactly-once: items are claimed and decided once, and an item is paid by one run at most.</summary>
public abstract class RunPaymentsStoreTests : TempStore
{
    private static readonly Instant T = Instant.FromUtc(2024, 11, 5, 1, 0);

    protected RunPaymentsStoreTests(StoreKind kind) : base("engine-claims-", T, kind)
    {
        foreach (var day in new[] { 5, 6, 7, 8 })
            Store.StartRun(new RunRow { RunId = Run(day), Kind = "nightly", RunDate = new LocalDate(2024, 11, day), AsOf = T, RuleSetVersion = "v", StartedAt = T });
    }

    private static string Run(int day) => $"nightly-2024-11-{day:00}";

    private static PayableItem Item(string sourceRef, string? iban = "BE68539007547034") =>
        new(sourceRef, PayeeKind.Member, "M1", "Member One", iban, new Money(1_000), PaymentPurpose.DirectRefund, new LocalDate(2024, 11, 5));

    /// <summary>The run computes (owing these items of its own) and claims, taking over every held item it is offered.</summary>
    private IReadOnlyList<RunItemRow> ComputeAndClaim(string runId, params PayableItem[] own)
    {
        Store.SaveResults(runId, [], [], items: own.Select(i => RunItems.Row(runId, 0, runId, i)).ToList());
        IReadOnlyList<RunItemRow> offered = [];
        Store.Claim(runId, T, (held, _) =>
        {
            offered = held;
            return held.Select(h => RunItems.Row(runId, null, h.OriginRunId, RunItems.Payable(h))).ToList();
        });
        return offered;
    }

    private bool Decide(string runId) => Store.Decide(runId, items => RunDecisions.Decide(runId, items));

    [SkippableFact]
    public void A_run_claims_once_and_decides_once()
    {
        ComputeAndClaim(Run(5), Item("line:1"), Item("line:2"));
        Assert.Equal(RunPhase.Claimed, Store.Run(Run(5))!.Phase);
        Assert.False(Store.Claim(Run(5), T, (_, _) => throw new InvalidOperationException("a second claim must not even be decided")));
        Assert.Equal(["pending", "pending"], Store.RunItems(Run(5)).Select(r => r.Outcome));

        Assert.True(Decide(Run(5)));
        // Run again (Hangfire retry, second worker): nothing stored, even with other decisions.
        Assert.False(Store.Decide(Run(5), _ => throw new InvalidOperationException("a second decision must not even be made")));
        Assert.Equal(["paid", "paid"], Store.RunItems(Run(5)).Select(r => r.Outcome));
        // 10.00 + 10.00 in one transfer to the member.
        var transfer = Assert.Single(Store.Transfers(Run(5)));
        Assert.Equal((new Money(2_000), 2), (transfer.Amount, transfer.Items));
    }

    [SkippableFact]
    public void A_held_item_is_offered_to_one_later_run_at_a_time_until_a_run_pays_it()
    {
        // One payee, two IBANs (one missing): the group is held whole.
        ComputeAndClaim(Run(5), Item("line:1", iban: null), Item("line:2"));
        Decide(Run(5));
        Assert.Equal(["held", "held"], Store.RunItems(Run(5)).Select(r => r.Outcome));

        Assert.Equal(["line:1", "line:2"], ComputeAndClaim(Run(6)).Select(r => r.SourceRef));
        // Claimed by run 6 and not decided yet: nobody else may take them.
        Assert.Empty(ComputeAndClaim(Run(7)));

        Decide(Run(6));
        var offered = ComputeAndClaim(Run(8));
        Assert.Equal([(Run(6), "line:1", Run(5)), (Run(6), "line:2", Run(5))], offered.Select(r => (r.RunId, r.SourceRef, r.OriginRunId)));
    }

    [SkippableFact]
    public void An_item_a_run_computed_that_another_run_already_holds_stops_the_commit()
    {
        ComputeAndClaim(Run(5), Item("line:1"));
        var e = Assert.Throws<InvalidOperationException>(() => Store.SaveResults(Run(6), [], [], items: [RunItems.Row(Run(6), 0, Run(6), Item("line:1"))]));
        Assert.Contains("line:1 (run nightly-2024-11-05, pending)", e.Message);
        Assert.Empty(Store.RunItems(Run(6)));
        Assert.Equal(RunPhase.Started, Store.Run(Run(6))!.Phase);
    }

    [SkippableFact]
    public void The_plan_read_for_one_payer_holds_only_that_payers_transfers_and_items()
    {
        // M1: two insurance items (10.00 + 10.00, one transfer) and a war victim's share refund (5.00, its own transfer:
        // the payer is part of the grouping key); M2: a war-victims item without an IBAN, held back.
        var share = Item("share:1") with { Amount = new Money(500), Purpose = PaymentPurpose.ShareRefund, Payer = Engine.Core.Payers.Payer.WarVictims };
        var held = Item("share:2", iban: null) with
        {
            PayeeId = "M2", Amount = new Money(700), Purpose = PaymentPurpose.ShareRefund, Payer = Engine.Core.Payers.Payer.WarVictims,
        };
        ComputeAndClaim(Run(5), Item("line:1"), Item("line:2"), share, held);
        Decide(Run(5));

        Assert.Equal([("insurance", 2_000L, 2), ("war-victims", 500L, 1)],
            Store.Transfers(Run(5)).Select(t => (t.Payer, t.Amount.Cents, t.Items)).OrderBy(t => t.Payer, StringComparer.Ordinal));
        Assert.Equal([("insurance", 2_000L, 2)], Store.Transfers(Run(5), "insurance").Select(t => (t.Payer, t.Amount.Cents, t.Items)));
        Assert.Equal([("war-victims", 500L, 1)], Store.Transfers(Run(5), "war-victims").Select(t => (t.Payer, t.Amount.Cents, t.Items)));
        Assert.Equal(["line:1", "line:2"], Store.TransferItems(Run(5), "insurance").Select(x => x.Item.SourceRef));
        Assert.Equal([("share:1", "war-victims")], Store.TransferItems(Run(5), "war-victims").Select(x => (x.Item.SourceRef, x.Transfer.Payer)));
        Assert.Equal(3, Store.TransferItems(Run(5)).Count());
        Assert.Equal([("share:2", "held")], Store.UnpaidItems(Run(5), "war-victims").Select(i => (i.SourceRef, i.Outcome)));
        Assert.Empty(Store.UnpaidItems(Run(5), "insurance"));
        Assert.Equal(["share:2"], Store.UnpaidItems(Run(5)).Select(i => i.SourceRef));
        Assert.Empty(Store.Transfers(Run(5), "justice"));
    }

    [SkippableFact]
    public void The_database_refuses_a_second_payment_of_an_item_whatever_the_run()
    {
        // A defect makes two runs owe the same item (run 6 says it carries it over): the first to decide pays it, the
        // second is refused whole.
        ComputeAndClaim(Run(5), Item("line:1"));
        ComputeAndClaim(Run(6), Item("line:2"));
        Execute("""
            INSERT INTO run_items (run_id, source_ref, origin_run_id, payee_kind, payee_id, payee_name, iban, amount_cents, purpose,
                purpose_rank, execution_date, outcome)
            VALUES ('nightly-2024-11-06', 'line:1', 'nightly-2024-11-01', 'member', 'M1', 'Member One', 'BE68539007547034', 1000,
                'DirectRefund', 1, '2024-11-05', 'pending')
            """);
        Decide(Run(5));
        var e = Assert.Throws<InvalidOperationException>(() => Decide(Run(6)));
        Assert.Contains("line:1 (run nightly-2024-11-05)", e.Message);
        Assert.Equal(["pending", "pending"], Store.RunItems(Run(6)).Select(r => r.Outcome));
        Assert.Equal(RunPhase.Claimed, Store.Run(Run(6))!.Phase);
    }
}

public sealed class RunPaymentsStoreTestsOnSqlite() : RunPaymentsStoreTests(StoreKind.Sqlite);

public sealed class RunPaymentsStoreTestsOnPostgres() : RunPaymentsStoreTests(StoreKind.Postgres);

public sealed class RunPaymentsStoreTestsOnSqlServer() : RunPaymentsStoreTests(StoreKind.SqlServer);
