using Engine.Core.Ceilings;
using FsCheck.Xunit;
using static Engine.Core.Tests.Ceilings.MafFixture;

namespace Engine.Core.Tests.Ceilings;

using Money = Engine.Core.Money.Money;

public class MafCounterProperties
{
    private static readonly string[] Incomes = ["10000.00", "20000.00", "25000.00", "60000.00"];
    private static readonly string[] People = ["mum", "dad", "kid1", "kid2"];

    /// <summary>Lines of 2024 built from raw numbers: a share of 0.00 to 399.99, one of four people (two children),
    /// a day of the year. Ids are unique.</summary>
    private static List<MafLine> Lines(int[] raw, bool withChildren = true) =>
        raw.Select((x, i) =>
        {
            uint u = unchecked((uint)x);
            var who = People[(int)(u / 40_000 % (withChildren ? 4u : 2u))];
            var birth = who.StartsWith("kid") ? D(2012, 6, 1) : D(1980, 1, 1);
            return new MafLine($"L{i}", who, D(2024, 1, 1).PlusDays((int)(u / 160_000 % 366)), new Money(u % 40_000), birth);
        }).ToList();

    private static MafCounterState Open(int seed, bool chronic = false) =>
        Counter(TestRules(), 2024, Incomes[Math.Abs(seed % Incomes.Length)], bim: seed % 3 == 0, chronic: chronic);

    private static List<T> Shuffled<T>(IEnumerable<T> items, int seed)
    {
        var list = items.ToList();
        var rng = new Random(seed);
        for (int i = list.Count - 1; i > 0; i--) { int j = rng.Next(i + 1); (list[i], list[j]) = (list[j], list[i]); }
        return list;
    }

    private static MafCounterState ApplyAll(MafCounterState state, IEnumerable<MafLine> lines)
    {
        foreach (var l in lines) state = MafCounter.Apply(state, l).State;
        return state;
    }

    [Property(MaxTest = 300)]
    public bool A_counter_never_decreases_and_refunds_never_exceed_the_shares_counted(int[] raw, int seed)
    {
        var lines = Lines(raw);
        var arrivals = Shuffled(lines.Concat(lines.Where((_, i) => i % 3 == 0)), seed); // some lines arrive twice
        var state = Open(seed, chronic: seed % 2 == 0);
        var refunds = Money.Zero;
        foreach (var line in arrivals)
        {
            var (next, refund, _) = MafCounter.Apply(state, line);
            bool childrenKeep = state.ChildCounted.All(kv => next.ChildCounted.TryGetValue(kv.Key, out var v) && v >= kv.Value);
            if (next.Counted < state.Counted || next.Refunded < state.Refunded || !childrenKeep) return false;
            if (refund < Money.Zero || refund > line.PersonalShare || next.Refunded > next.Counted) return false;
            refunds += refund;
            state = next;
        }
        return refunds == state.Refunded;
    }

    [Property(MaxTest = 300)]
    public bool The_total_refund_does_not_depend_on_the_order_of_arrival(int[] raw, int seed)
    {
        var lines = Lines(raw);
        var open = Open(seed);
        var given = ApplyAll(open, lines);
        var shuffled = ApplyAll(open, Shuffled(lines, seed));
        var counting = ApplyAll(open, MafCounter.InCountingOrder(Shuffled(lines, seed + 1)));
        return given.Refunded == shuffled.Refunded && given.Refunded == counting.Refunded
               && given.Refunded == MafCounter.Owed(open.Ceiling, given.Counted, given.ChildCounted.Values);
    }

    [Property(MaxTest = 300)]
    public bool Without_children_the_total_refund_is_what_the_counter_passes_the_ceiling_by(int[] raw, int seed)
    {
        var lines = Lines(raw, withChildren: false);
        var open = Open(seed, chronic: seed % 2 == 0);
        var final = ApplyAll(open, Shuffled(lines, seed));
        var total = lines.Aggregate(Money.Zero, (a, l) => a + l.PersonalShare);
        return final.Counted == total && final.Refunded == Money.Max(Money.Zero, total - open.Ceiling.Household);
    }

    [Property(MaxTest = 300)]
    public bool Counting_the_same_line_twice_changes_nothing(int[] raw, int seed)
    {
        var lines = Lines(raw);
        var open = Open(seed);
        var once = ApplyAll(open, lines);
        var twice = ApplyAll(open, Shuffled(lines.Concat(lines), seed));
        var again = ApplyAll(once, lines);
        return once.Counted == twice.Counted && once.Refunded == twice.Refunded
               && once.ChildCounted.SequenceEqual(twice.ChildCounted)
               && again.Counted == once.Counted && again.Refunded == once.Refunded;
    }

    [Property(MaxTest = 300)]
    public bool A_count_without_words_is_the_count_with_them_and_names_the_same_origins(int[] raw, int seed)
    {
        // A run counts its lines without the words of their explanations (only the provisional values a refund rests on
        // are kept): the states, refunds and payees must be those of the explained count, the origins named the same.
        var lines = Lines(raw);
        var arrivals = Shuffled(lines.Concat(lines.Where((_, i) => i % 3 == 0)), seed);
        var (told, quiet) = (Open(seed, chronic: seed % 2 == 0), Open(seed, chronic: seed % 2 == 0));
        foreach (var line in arrivals)
        {
            var a = MafCounter.Apply(told, line);
            var b = MafCounter.Apply(quiet, line, explain: false);
            if (a.Refund != b.Refund || a.Payee != b.Payee || a.State.Counted != b.State.Counted || a.State.Refunded != b.State.Refunded
                || !a.State.LineIds.SequenceEqual(b.State.LineIds) || !a.State.ChildCounted.SequenceEqual(b.State.ChildCounted)) return false;
            if (!a.Explanation.Where(s => s.Origin is not null).SequenceEqual(b.Explanation)) return false;
            if (Engine.Core.Rules.Provisional.Of(a.Explanation) != Engine.Core.Rules.Provisional.Of(b.Explanation)) return false;
            (told, quiet) = (a.State, b.State);
        }
        return true;
    }

    [Xunit.Fact]
    public void A_ceiling_without_words_has_the_same_figures_and_steps_with_their_origins()
    {
        // Every way a ceiling is chosen (each income bracket, BIM or not, without income, chronic or not), in both years
        // the test rules cover: the same figures, and the same steps (rule ids and origins) with their words left empty.
        var rules = TestRules();
        var cases = 0;
        foreach (var year in new[] { 2023, 2024 })
        foreach (var income in new string?[] { null, "10000.00", "20000.00", "25000.00", "60000.00" })
        foreach (var bim in new[] { false, true })
        foreach (var chronic in new[] { false, true })
        {
            if (income is null && !bim) continue;
            var household = new MafHousehold("H1", year, income is null ? null : M(income), bim, chronic);
            var told = MafCeilings.For(rules, household);
            var quiet = MafCeilings.For(rules, household, explain: false);
            Xunit.Assert.Equal(told with { Explanation = [] }, quiet with { Explanation = [] });
            Xunit.Assert.Equal(told.Explanation.Select(s => s with { Text = "" }), quiet.Explanation);
            Xunit.Assert.All(told.Explanation, s => Xunit.Assert.NotEqual("", s.Text));
            cases++;
        }
        Xunit.Assert.Equal(36, cases);
    }
}
