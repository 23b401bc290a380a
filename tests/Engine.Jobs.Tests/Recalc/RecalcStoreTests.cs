using Engine.Core.Payments;
using Engine.Jobs.Data;
using Engine.Jobs.Recalc;
using Engine.Jobs.Runs;
using Engine.Jobs.Tests.Stores;
using NodaTime;

namespace Engine.Jobs.Tests.Recalc;

using Money = Engine.Core.Money.Money;

/// <summary>The store's side of recalculations: what earlier adjustments added, and complements claimed once by the first run after them.</summary>
public abstract class RecalcStoreTests : TempStore
{
    private static readonly Instant T = Instant.FromUtc(2024, 3, 5, 1, 0);

    protected RecalcStoreTests(StoreKind store) : base("engine-recalc-", T, store) { }

    private static AdjustmentRow Difference(long recalcId, string item, long cents, Instant at) => new()
    {
        RecalcId = recalcId, Item = item, Kind = cents > 0 ? "complement" : "undue", Amount = new Money(Math.Abs(cents)),
        PaidBefore = new Money(1000), Recomputed = new Money(1000 + cents), PayeeKind = "member", PayeeId = "M1",
        Purpose = nameof(PaymentPurpose.DirectRefund), PeriodFrom = new LocalDate(2024, 2, 1), PeriodTo = new LocalDate(2024, 2, 1),
        ExplanationPaid = "before", ExplanationNow = "now", KnownAt = at,
    };

    private RecalcRow Recalc(Instant at, string[] items, Func<long, IReadOnlyDictionary<string, Money>, IReadOnlyList<AdjustmentRow>> decide) =>
        Store.SaveRecalc(new RecalcRow { RequestedBy = "test", Reason = "why", Scope = "member M1", AsOf = at, RuleSetVersion = "v", CreatedAt = at },
            items, decide);

    [SkippableFact]
    public void A_recalculation_sees_what_earlier_ones_added_to_each_item_and_records_its_counts()
    {
        var first = Recalc(T, ["line:1", "line:2"], (id, prior) =>
        {
            Assert.Empty(prior);
            return [Difference(id, "line:1", 450, T), Difference(id, "line:2", -300, T)];
        });
        Assert.Equal((1, new Money(450), 1, new Money(300), 2), (first.Complements, first.ComplementTotal, first.Undue, first.UndueTotal, first.Items));

        IReadOnlyDictionary<string, Money>? seen = null;
        var second = Recalc(T.Plus(Duration.FromHours(1)), ["line:1", "line:2", "line:3"], (_, prior) => { seen = prior; return []; });
        Assert.Equal(new Dictionary<string, Money> { ["line:1"] = new(450), ["line:2"] = new(-300) }, seen);
        Assert.Equal(0, second.Complements + second.Undue);

        var all = Store.Adjustments();
        Assert.Equal([("line:1", "complement", 450L, (string?)null), ("line:2", "undue", 300L, "open")],
            all.Select(a => (a.Item, a.Kind, a.Amount.Cents, a.Status)));
        Assert.Throws<ArgumentException>(() => Recalc(T, ["line:9"], (id, _) => [Difference(id, "line:9", 0, T)]));
    }

    [SkippableFact]
    public void A_complement_is_claimed_by_the_first_run_whose_as_of_instant_follows_it_and_by_no_other()
    {
        var later = T.Plus(Duration.FromHours(2));
        Recalc(T.Plus(Duration.FromHours(1)), ["line:1"], (id, _) => [Difference(id, "line:1", 450, T.Plus(Duration.FromHours(1)))]);
        foreach (var (day, asOf) in new[] { (5, T), (6, later), (7, later) })
            Store.StartRun(new RunRow { RunId = $"nightly-2024-03-0{day}", Kind = "nightly", RunDate = new LocalDate(2024, 3, day), AsOf = asOf, RuleSetVersion = "v", StartedAt = asOf });

        IReadOnlyList<AdjustmentRow> offered = [];
        IReadOnlyList<RunItemRow> Take(string runId, IReadOnlyList<AdjustmentRow> adjustments)
        {
            offered = adjustments;
            return adjustments.Select(a => RunItems.Row(runId, null, RunItems.RecalcOrigin(a.RecalcId),
                RunItems.Complement(a, new LocalDate(2024, 3, 6), new Dictionary<string, BeneficiaryRow>(), new Dictionary<string, ProviderRow>()))).ToList();
        }
        void Claim(string runId, Instant asOf)
        {
            Store.SaveResults(runId, [], []);
            Store.Claim(runId, asOf, (_, a) => Take(runId, a));
        }

        // Run of the 5th: as of before the recalculation: not offered.
        Claim("nightly-2024-03-05", T);
        Assert.Empty(offered);
        Claim("nightly-2024-03-06", later);
        var item = Assert.Single(Store.RunItems("nightly-2024-03-06"));
        Assert.Equal(("adj:1", "recalc-1", 450L, "DirectRefund"), (item.SourceRef, item.OriginRunId, item.Amount.Cents, item.Purpose));
        // Claimed: the next run is not offered it again (held, it would come back as a held item).
        Claim("nightly-2024-03-07", later);
        Assert.Empty(offered);
    }

    [SkippableFact]
    public void Runs_get_their_computation_order_when_their_results_areStored()
    {
        foreach (var day in new[] { 7, 5, 6 })
        {
            Store.StartRun(new RunRow { RunId = $"nightly-2024-03-0{day}", Kind = "nightly", RunDate = new LocalDate(2024, 3, day), AsOf = T, RuleSetVersion = "v", StartedAt = T });
            Store.SaveResults($"nightly-2024-03-0{day}", [], []);
        }
        Store.SaveResults("nightly-2024-03-07", [], []);
        Assert.Equal([("nightly-2024-03-07", 1L), ("nightly-2024-03-05", 2L), ("nightly-2024-03-06", 3L)],
            Store.RunsBetween(new LocalDate(2024, 3, 1), new LocalDate(2024, 3, 31)).Select(r => (r.RunId, r.ComputedSeq!.Value)));
    }

    [SkippableTheory]
    [InlineData(null, null, null, null, null, null, "give --member, --household, --provider or --code, or a period --from DATE --to DATE")]
    [InlineData("M1", null, "P1", null, null, null, "give one of --member, --household, --provider, --code (and optionally --from/--to)")]
    [InlineData(null, null, null, null, "2024-02-01", null, "give --member, --household, --provider or --code, or a period --from DATE --to DATE")]
    [InlineData(null, null, null, null, "2024-02-01", "2024-01-31", "--to 2024-01-31 is before --from 2024-02-01")]
    [InlineData("M1", null, null, null, null, null, null)]
    [InlineData(null, "H1", null, null, "2024-01-01", null, null)]
    [InlineData(null, null, null, 101076, null, null, null)]
    [InlineData(null, null, null, null, "2024-01-01", "2024-01-31", null)]
    public void A_scope_is_one_member_household_provider_or_code_or_a_period(string? member, string? household, string? provider, int? code,
        string? from, string? to, string? problem)
    {
        static LocalDate? D(string? s) => s is null ? null : NodaTime.Text.LocalDatePattern.Iso.Parse(s).Value;
        Assert.Equal(problem, new RecalcScope(member, household, provider, code, D(from), D(to)).Problem);
    }
}

public sealed class RecalcStoreTestsOnSqlite() : RecalcStoreTests(StoreKind.Sqlite);

public sealed class RecalcStoreTestsOnPostgres() : RecalcStoreTests(StoreKind.Postgres);

public sealed class RecalcStoreTestsOnSqlServer() : RecalcStoreTests(StoreKind.SqlServer);
