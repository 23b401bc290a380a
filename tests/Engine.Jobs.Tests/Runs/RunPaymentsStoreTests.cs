using Engine.Core.Payments;
using Engine.Jobs.Data;
using Engine.Jobs.Data.Sqlite;
using Engine.Jobs.Runs;
using NodaTime;

namespace Engine.Jobs.Tests.Runs;

using Money = Engine.Core.Money.Money;

/// <summary>The store's side of exactly-once: claims and chunk decisions are written once, and an item is paid by one run at most.</summary>
public sealed class RunPaymentsStoreTests : TempStore
{
    private static readonly Instant T = Instant.FromUtc(2024, 11, 5, 1, 0);

    public RunPaymentsStoreTests() : base("engine-claims-", T)
    {
        foreach (var day in new[] { 5, 6, 7, 8 })
            Store.StartRun(new RunRow { RunId = Run(day), Kind = "nightly", RunDate = new LocalDate(2024, 11, day), AsOf = T, RuleSetVersion = "v", StartedAt = T });
    }

    private static string Run(int day) => $"nightly-2024-11-{day:00}";

    private static PayableItem Item(string sourceRef, string? iban = "BE68539007547034") =>
        new(sourceRef, PayeeKind.Member, "M1", "Member One", iban, new Money(1_000), PaymentPurpose.DirectRefund, new LocalDate(2024, 11, 5));

    private static RunClaim Claim(string runId, params (PayableItem Item, string Origin)[] items) => new(
        items.Select((x, seq) => RunItems.Row(runId, seq, 1, x.Origin, x.Item)).ToList(),
        [new RunChunkRow { RunId = runId, ChunkId = 1, FirstPayee = "member:M1", LastPayee = "member:M1", Items = items.Length }]);

    private ChunkCompletion Decide(string runId, params string[] outcomes) =>
        Store.CompleteChunk(runId, 1, outcomes.Select((o, seq) => new RunItemOutcome(seq, o,
            o == "paid" ? $"E{runId[^2..]}{seq}" : null, o == "held" ? "IBAN missing" : null)).ToList(), T, "test");

    [Fact]
    public void A_run_claims_its_items_once_and_a_chunk_is_decided_once()
    {
        Assert.True(Store.ClaimRunItems(Run(5), _ => Claim(Run(5), (Item("line:1"), Run(5)), (Item("line:2"), Run(5)))));
        Assert.False(Store.ClaimRunItems(Run(5), _ => throw new InvalidOperationException("a second claim must not even be decided")));
        Assert.Equal(["pending", "pending"], Store.RunItems(Run(5)).Select(r => r.Outcome));

        Assert.Equal(new ChunkCompletion(true, 0), Decide(Run(5), "paid", "held"));
        // Run again (Hangfire retry, second worker): nothing stored, even with other decisions.
        Assert.Equal(new ChunkCompletion(false, 0), Decide(Run(5), "held", "paid"));
        Assert.Equal(["paid", "held"], Store.RunItems(Run(5)).Select(r => r.Outcome));
        Assert.Throws<InvalidOperationException>(() => Store.CompleteChunk(Run(5), 2, [], T, "test"));
    }

    [Fact]
    public void A_held_item_is_offered_to_one_later_run_at_a_time_until_a_run_pays_it()
    {
        Store.ClaimRunItems(Run(5), _ => Claim(Run(5), (Item("line:1", iban: null), Run(5)), (Item("line:2"), Run(5))));
        Decide(Run(5), "held", "paid");

        IReadOnlyList<RunItemRow> offered = [];
        Store.ClaimRunItems(Run(6), held => { offered = held; return Claim(Run(6), (RunItems.Payable(held[0]), held[0].OriginRunId)); });
        Assert.Equal(["line:1"], offered.Select(r => r.SourceRef));
        // Claimed by run 6 and not decided yet: nobody else may take it.
        Store.ClaimRunItems(Run(7), held => { offered = held; return Claim(Run(7)); });
        Assert.Empty(offered);

        Decide(Run(6), "held");
        Store.ClaimRunItems(Run(8), held => { offered = held; return Claim(Run(8)); });
        Assert.Equal([(Run(6), "line:1", Run(5))], offered.Select(r => (r.RunId, r.SourceRef, r.OriginRunId)));
    }

    [Fact]
    public void An_item_a_run_computed_that_another_run_already_holds_stops_the_claim()
    {
        Store.ClaimRunItems(Run(5), _ => Claim(Run(5), (Item("line:1"), Run(5))));
        var e = Assert.Throws<InvalidOperationException>(() => Store.ClaimRunItems(Run(6), _ => Claim(Run(6), (Item("line:1"), Run(6)))));
        Assert.Contains("line:1 (run nightly-2024-11-05, pending)", e.Message);
        Assert.Empty(Store.RunItems(Run(6)));
        Assert.Empty(Store.Chunks(Run(6)));
    }

    [Fact]
    public void The_database_refuses_a_second_payment_of_an_item_whatever_the_run()
    {
        // A defect makes two runs claim the same item (run 6 says it carries it over): the first to decide pays it,
        // the second is refused whole.
        Store.ClaimRunItems(Run(5), _ => Claim(Run(5), (Item("line:1"), Run(5))));
        Store.ClaimRunItems(Run(6), _ => Claim(Run(6), (Item("line:2"), Run(6)), (Item("line:1"), "nightly-2024-11-01")));
        Decide(Run(5), "paid");
        var e = Assert.Throws<InvalidOperationException>(() => Decide(Run(6), "paid", "paid"));
        Assert.Contains("line:1 (run nightly-2024-11-05)", e.Message);
        Assert.Equal(["pending", "pending"], Store.RunItems(Run(6)).Select(r => r.Outcome));
        Assert.Equal("pending", Store.Chunks(Run(6)).Single().Status);
    }
}
