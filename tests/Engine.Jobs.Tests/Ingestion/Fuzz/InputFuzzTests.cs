using System.Diagnostics;
using Engine.Jobs.EAttest;
using Engine.Jobs.Efact;
using Engine.Jobs.Generation;
using Engine.Jobs.Ingestion;
using Engine.Tests.Shared;

namespace Engine.Jobs.Tests.Ingestion.Fuzz;

/// <summary>
/// The guarantees on received files, over mutated eFact sendings and eAttest messages imported through the inbox's own
/// entry (<see cref="InboxImport.ImportContents"/>) into one store: no exception escapes, no file takes long, every
/// file is answered, what an answer accepts is what is stored, and a damage in one invoice or one item leaves the others
/// as they were. 10,000 mutants by default; set ENGINE_FUZZ_MUTANTS (e.g. 100000) for more.
/// </summary>
public sealed class InputFuzzTests : IDisposable
{
    public const string MutantsVariable = "ENGINE_FUZZ_MUTANTS";

    /// <summary>Longest a single file may take in the import (generous: CI machines are shared).</summary>
    private static readonly TimeSpan PerFile = TimeSpan.FromSeconds(10);

    private readonly string _root = Directory.CreateTempSubdirectory("engine-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Mutated_files_are_each_answered_quickly_without_a_crash_and_damage_stays_where_it_is()
    {
        var mutants = int.TryParse(Environment.GetEnvironmentVariable(MutantsVariable), out var n) && n > 0 ? n : 10_000;
        var night = SmallNight.Create(_root, new GeneratorOptions { Members = 300, Lines = 600, Seed = 3 });
        var events = night.Events();
        var efactSeeds = night.Sendings().Build(events, night.Generator.RunDate.PlusDays(-1))
            .OrderBy(s => s.Sending.Invoices.Sum(i => i.Lines.Count)).Take(4)
            .Select((s, i) => ($"efact{i}", EfactWriter.WriteBytes(s.Sending))).ToList();
        var eattestSeeds = new EAttestBuilder(night.Registry).Build(events, night.Sendings())
            .OrderByDescending(f => f.Content.Length).Take(6).Select((f, i) => ($"eattest{i}", f.Content)).ToList();
        foreach (var sample in new[] { "hl7be_eAttestCreateRequest_ex01__83e63b9b-42d0-4222-8e0e-2f6f68409bb6_.xml", "hl7be_eAttestCreateRequest_Hospital_ex07.xml" })
            if (SharedFolder.Path is { } shared && Path.Combine(shared, "efact-samples", "eattest", sample) is var path && File.Exists(path))
                eattestSeeds.Add((sample.Contains("Hospital") ? "hl7be-ex07" : "hl7be-ex01", File.ReadAllBytes(path)));
        Assert.NotEmpty(efactSeeds);
        Assert.NotEmpty(eattestSeeds);
        var pristineEfact = efactSeeds.ToDictionary(s => s.Item1, s => EfactReader.Read(s.Item1, s.Item2));
        var pristineEAttest = eattestSeeds.ToDictionary(s => s.Item1, s => EAttestReader.Read(s.Item1, s.Item2));
        Assert.All(pristineEfact.Values, r => Assert.True(r.IsSound && r.AcceptedLines.Any()));

        var import = new InboxImport(night.Store, night.Rules, night.Options, night.Clock, Serilog.Core.Logger.None);
        var slowest = TimeSpan.Zero;
        var answered = new HashSet<string>();
        const int Batch = 1_000;
        for (var first = 0; first < mutants; first += Batch)
        {
            var batch = new List<(Mutant Mutant, string Seed, bool IsEfact)>();
            for (var i = first; i < Math.Min(first + Batch, mutants); i++)
            {
                // Each mutant from its own seeded generator: mutant i is the same whatever the count asked.
                var random = new Random(1_500_000 + i);
                if (random.Next(10) < 6)
                {
                    var (name, bytes) = efactSeeds[random.Next(efactSeeds.Count)];
                    batch.Add((InputMutator.Efact(name, bytes, i, random), name, true));
                }
                else
                {
                    var (name, bytes) = eattestSeeds[random.Next(eattestSeeds.Count)];
                    batch.Add((InputMutator.EAttest(name, bytes, i, random), name, false));
                }
            }

            var watch = Stopwatch.StartNew();
            var last = TimeSpan.Zero;
            var batchSlowest = TimeSpan.Zero;
            var run = Task.Run(() => import.ImportContents(batch.Select(b => (b.Mutant.Name, b.Mutant.Content)).ToList(), progress: (_, _) =>
            {
                var now = watch.Elapsed;
                if (now - last > batchSlowest) batchSlowest = now - last;
                last = now;
            }));
            Assert.True(run.Wait(TimeSpan.FromMinutes(10)), $"mutants {first}..{first + batch.Count - 1}: the import did not end");
            slowest = slowest > batchSlowest ? slowest : batchSlowest;
            Assert.True(batchSlowest < PerFile, $"mutants {first}..: one file took {batchSlowest}");

            var outcomes = run.Result.Files;
            Assert.Equal(batch.Count, outcomes.Count);
            for (var k = 0; k < batch.Count; k++)
            {
                var (mutant, seed, isEfact) = batch[k];
                var o = outcomes[k];
                var about = $"{mutant.Name} ({mutant.What}): {o}";
                Assert.Equal(mutant.Name, o.FileName);
                Assert.Contains(o.Status, new[] { "imported", "refused", "duplicate" });
                Assert.DoesNotContain(o.Rejections, r => r.Contains("reader failure", StringComparison.Ordinal));
                if (o.Status == "duplicate") Assert.Contains(o.Detail[(o.Detail.IndexOf('(') + 1)..^1], answered);
                else
                {
                    Assert.True(o.AnswerFile is not null && File.Exists(o.AnswerFile), "no answer: " + about);
                    answered.Add(mutant.Name);
                    var answer = File.ReadAllText(o.AnswerFile);
                    // What the answer accepts is what is stored (and so paid by the night).
                    if (o.Channel == "eattest")
                        Assert.True(Occurrences(answer, "\"intreatment\"") == o.AcceptedLines, "answer and store disagree: " + about);
                    else
                        Assert.True(o.AcceptedLines > 0 == o.AnswerFile.EndsWith(".920098", StringComparison.Ordinal), "answer and store disagree: " + about);
                }
                if (mutant.DamagedInvoice is { } invoice) UntouchedInvoicesStand(pristineEfact[seed], mutant, invoice);
                if (mutant.DamagedItem is { } item) UntouchedItemsStand(pristineEAttest[seed], mutant, item);
            }
        }
        Assert.True(slowest < PerFile, $"slowest file {slowest}");
    }

    /// <summary>A damage inside one line record: every other invoice is read with the verdict and lines it had.</summary>
    private static void UntouchedInvoicesStand(EfactReadResult pristine, Mutant mutant, int damaged)
    {
        var read = EfactReader.Read(mutant.Name, mutant.Content);
        Assert.True(read.IsSound, $"{mutant.Name} ({mutant.What}): the envelope broke: {read.Envelope.Summary}");
        Assert.Equal(pristine.Invoices.Count, read.Invoices.Count);
        foreach (var before in pristine.Invoices.Where(i => i.Ordinal != damaged))
        {
            var after = read.Invoices[before.Ordinal - 1];
            Assert.Equal(before.Status, after.Status);
            Assert.Equal(before.Lines.Where(l => l.IsAccepted).Select(l => (l.Offset, l.Line)),
                after.Lines.Where(l => l.IsAccepted).Select(l => (l.Offset, l.Line)));
        }
    }

    /// <summary>One item's date or amount made none: the other items are accepted as they were, the attestation stands.</summary>
    private static void UntouchedItemsStand(EAttestReadResult pristine, Mutant mutant, int damaged)
    {
        var read = EAttestReader.Read(mutant.Name, mutant.Content);
        var others = pristine.Lines.Where((_, i) => i != damaged).Where(l => l.IsAccepted).Select(l => l.Line).ToList();
        Assert.False(read.Lines[damaged].IsAccepted, $"{mutant.Name} ({mutant.What}): the damaged item was accepted");
        Assert.Equal(others, read.AcceptedLines.ToList());
        if (others.Count > 0) Assert.Equal(EAttestStatus.PartlyAccepted, read.Status);
    }

    private static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
