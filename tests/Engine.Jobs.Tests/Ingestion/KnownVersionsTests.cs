using Engine.Core.Money;
using Engine.Jobs.Registry;
using FsCheck.Xunit;
using NodaTime;

namespace Engine.Jobs.Tests.Ingestion;

/// <summary>
/// What `import registry` holds of the store's latest versions (two 64-bit hashes a key) answers as the dictionary of
/// strings it replaced: new, changed or unchanged.
/// </summary>
public sealed class KnownVersionsTests
{
    private static ulong Hash(Action<RowHash> write)
    {
        var hash = new RowHash();
        write(hash);
        return hash.Hash();
    }

    [Fact]
    public void Fields_are_written_whole_so_that_moving_a_boundary_or_a_null_changes_the_hash()
    {
        Assert.Equal(Hash(h => h.Text("ab").Text("c")), Hash(h => h.Text("ab").Text("c")));
        Assert.NotEqual(Hash(h => h.Text("ab").Text("c")), Hash(h => h.Text("a").Text("bc")));
        Assert.NotEqual(Hash(h => h.Text("")), Hash(h => h.Text("").Text("")));
        Assert.NotEqual(Hash(h => h.Date(null).Text("x")), Hash(h => h.Date(new LocalDate(2024, 2, 29)).Text("x")));
        Assert.NotEqual(Hash(h => h.Money(null)), Hash(h => h.Money(Money.Zero)));
        Assert.NotEqual(Hash(h => h.Money(new Money(100))), Hash(h => h.Money(new Money(101))));
        Assert.NotEqual(Hash(h => h.Flag(true)), Hash(h => h.Flag(false)));
        Assert.NotEqual(Hash(h => h.Date(new LocalDate(2024, 1, 31))), Hash(h => h.Date(new LocalDate(2024, 3, 1))));
        // The hasher is empty again after each hash: the same row hashes the same the second time.
        var hash = new RowHash();
        var first = hash.Text("M1").Number(2024).Hash();
        Assert.Equal(first, hash.Text("M1").Number(2024).Hash());
        // A text longer than the first buffer is written whole.
        Assert.NotEqual(Hash(h => h.Text(new string('a', 1000))), Hash(h => h.Text(new string('a', 999) + "b")));
    }

    [Fact]
    public void A_row_is_new_changed_or_the_same_as_the_latest_stored_version_of_its_key()
    {
        (string Key, string Content)[] stored = [("M1", "Anna"), ("M2", "Bert"), ("M3", "")];
        var known = KnownVersions.Of(stored, (r, h) => h.Text(r.Key), (r, h) => h.Text(r.Content));
        Change Of(string key, string content) => known.Compare(Hash(h => h.Text(key)), Hash(h => h.Text(content)));
        Assert.Equal(3, known.Count);
        Assert.Equal(Change.Same, Of("M1", "Anna"));
        Assert.Equal(Change.Changed, Of("M1", "Anne"));
        Assert.Equal(Change.Same, Of("M3", ""));
        Assert.Equal(Change.New, Of("M4", "Anna"));
        Assert.Equal(Change.New, KnownVersions.Of(Array.Empty<string>(), (r, h) => h.Text(r), (r, h) => h.Text(r)).Compare(1, 2));
    }

    [Fact]
    public void Two_stored_keys_with_the_same_key_hash_are_both_kept()
    {
        // Two keys whose hashes collide (made to, by hashing no key field): a row with either's content is unchanged,
        // any other content is changed (stored again), never lost.
        (string Key, string Content)[] stored = [("M1", "Anna"), ("M2", "Bert")];
        var known = KnownVersions.Of(stored, (r, h) => h.Number(7), (r, h) => h.Text(r.Content));
        var key = Hash(h => h.Number(7));
        Assert.Equal(Change.Same, known.Compare(key, Hash(h => h.Text("Anna"))));
        Assert.Equal(Change.Same, known.Compare(key, Hash(h => h.Text("Bert"))));
        Assert.Equal(Change.Changed, known.Compare(key, Hash(h => h.Text("Carl"))));
    }

    /// <summary>Many keys (past a chunk of the table and across its directory): the same answers as a dictionary of the strings.</summary>
    [Property(MaxTest = 40)]
    public bool The_hashes_answer_as_a_dictionary_of_the_strings(int seed, byte size)
    {
        var random = new Random(seed);
        var count = size * 300; // up to 76,500 keys: past one chunk (65,536)
        var stored = Enumerable.Range(0, count).Select(i => ($"K{i}", random.Next(5) == 0 ? null : $"C{random.Next(50)}")).ToList();
        var latest = stored.ToDictionary(r => r.Item1, r => r.Item2 ?? "");
        var known = KnownVersions.Of(stored, (r, h) => h.Text(r.Item1), (r, h) => h.Text(r.Item2 ?? ""));
        return Enumerable.Range(0, 2000).All(_ =>
        {
            var key = $"K{random.Next(count + 100)}";
            var content = random.Next(4) == 0 ? "" : $"C{random.Next(50)}";
            var expected = !latest.TryGetValue(key, out var was) ? Change.New : was == content ? Change.Same : Change.Changed;
            return known.Compare(Hash(h => h.Text(key)), Hash(h => h.Text(content))) == expected;
        });
    }
}
