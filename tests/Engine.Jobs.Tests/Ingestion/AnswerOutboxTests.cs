using Engine.Jobs.Efact;
using Engine.Jobs.Generation;
using Engine.Jobs.Ingestion;
using Engine.Jobs.Time;

namespace Engine.Jobs.Tests.Ingestion;

/// <summary>Answers written in the background: none is lost, and no file is kept whose answer could not be written.</summary>
public sealed class AnswerOutboxTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("engine-outbox-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Answers_are_written_in_order_and_a_failure_stops_the_ones_after_it_and_is_thrown_at_the_flush()
    {
        var outbox = new AnswerOutbox();
        outbox.Write(Path.Combine(_root, "a"), "first"u8.ToArray());
        outbox.Write(Path.Combine(_root, "a"), "second");
        outbox.Flush();
        // Written under the pending name until the batch is committed.
        Assert.False(File.Exists(Path.Combine(_root, "a")));
        Assert.Equal("second", File.ReadAllText(Path.Combine(_root, ".a.part")));
        outbox.Publish();
        outbox.Flush();
        Assert.Equal("second", File.ReadAllText(Path.Combine(_root, "a")));
        Assert.False(File.Exists(Path.Combine(_root, ".a.part")));

        Directory.CreateDirectory(Path.Combine(_root, ".taken.part"));
        outbox.Write(Path.Combine(_root, "taken"), "cannot be a file"); // a folder holds the pending name
        outbox.Write(Path.Combine(_root, "after"), "never written");
        Assert.ThrowsAny<Exception>(outbox.Flush);
        Assert.False(File.Exists(Path.Combine(_root, ".after.part")));
        outbox.Discard();
        Assert.Equal(["a"], Directory.EnumerateFileSystemEntries(_root).Select(Path.GetFileName).Where(n => n != ".taken.part"));
    }

    [Fact]
    public void When_an_answer_of_a_batch_cannot_be_written_no_file_of_the_batch_is_kept_and_the_import_stops()
    {
        // Two sendings in one batch; the second one's answer cannot be written (a folder holds its name). Neither is
        // kept: taken again once the outbox is repaired, both go through with their answers.
        var night = SmallNight.Create(_root, new GeneratorOptions { Members = 200, Lines = 600, Seed = 5 });
        var options = night.Options;
        var built = night.Sendings().Build(night.Events(), night.Generator.RunDate.PlusDays(-1));
        Assert.True(built.Count >= 2, $"{built.Count} sendings");
        var paths = built.Take(2).Select(b =>
        {
            var path = Path.Combine(_root, b.FileName);
            File.WriteAllBytes(path, EfactWriter.WriteBytes(b.Sending));
            return path;
        }).ToList();
        var blocked = AnswerOutbox.PendingName(Path.Combine(options.OutboxFolder, built[1].FileName + ".920098"));
        Directory.CreateDirectory(blocked);
        night.Clock.Set(Brussels.At(night.Generator.RunDate, 1));
        var import = new InboxImport(night.Store, night.Rules, options, night.Clock, Serilog.Core.Logger.None);

        Assert.ThrowsAny<Exception>(() => import.ImportFiles(paths));
        Assert.Empty(night.Store.Sendings());
        // Nor is an answer shown (nor left pending) for the first sending, written before the second one's failed.
        Assert.Empty(Directory.EnumerateFiles(options.OutboxFolder));

        Directory.Delete(blocked);
        var outcomes = import.ImportFiles(paths).Files;
        Assert.Equal(["imported", "imported"], outcomes.Select(o => o.Status));
        Assert.Equal(2, night.Store.Sendings().Count);
        Assert.All(outcomes, o => Assert.True(File.Exists(o.AnswerFile)));
    }
}
