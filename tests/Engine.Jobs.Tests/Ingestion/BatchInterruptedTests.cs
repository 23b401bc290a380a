using System.Text;
using Engine.Jobs.Generation;
using Engine.Jobs.Ingestion;
using Engine.Jobs.Time;

namespace Engine.Jobs.Tests.Ingestion;

/// <summary>
/// eAttest messages are stored many per transaction: a batch is kept whole or not at all, and the outbox shows the
/// answer of a file only when the file is kept.
/// </summary>
public sealed class BatchInterruptedTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("engine-batch-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Six generated eAttest messages and, fourth in name order, one refused whole (not XML): seven files.</summary>
    private (SmallNight Night, string Inbox, List<string> Names) Night()
    {
        var night = SmallNight.Create(_root, new GeneratorOptions { Members = 200, Lines = 600, Seed = 5 });
        var messages = new EAttestBuilder(night.Registry).Build(night.Events(), night.Sendings());
        Assert.True(messages.Count >= 6, $"{messages.Count} messages");
        var inbox = Directory.CreateDirectory(Path.Combine(_root, "inbox")).FullName;
        var names = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            var (name, content) = i == 3 ? ("refused.eattest.xml", Encoding.UTF8.GetBytes("<Bundle><entry>")) : messages[i < 3 ? i : i - 1];
            names.Add($"{i + 1:00}-{name}");
            File.WriteAllBytes(Path.Combine(inbox, names[^1]), content);
        }
        night.Clock.Set(Brussels.At(night.Generator.RunDate, 1));
        return (night, inbox, names);
    }

    private static string Answer(SmallNight night, string name) => Path.Combine(night.Options.OutboxFolder, name + ".answer.xml");

    private static List<string> Shown(SmallNight night) =>
        Directory.EnumerateFiles(night.Options.OutboxFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList()!;

    [Fact]
    public void A_batch_interrupted_keeps_only_the_batches_committed_with_their_answers_and_the_folder_taken_again_stores_each_file_once()
    {
        var (night, inbox, names) = Night();
        // Batches of three files: {1, 2, 3}, {4 refused whole, 5, 6}, {7}. The answer of file 6 cannot be written (a folder
        // holds its pending name): the second batch fails after files 4 and 5 were read, answered and added to it.
        var blocked = AnswerOutbox.PendingName(Answer(night, names[5]));
        Directory.CreateDirectory(blocked);
        var import = new InboxImport(night.Store, night.Rules, night.Options, night.Clock, Serilog.Core.Logger.None) { MaxBatchFiles = 3 };

        Assert.ThrowsAny<Exception>(() => import.ImportFolder(inbox));

        // Exactly the first batch is kept, each of its files answered; nothing of the second batch is stored or shown.
        Assert.Equal(names.Take(3), night.Store.Sendings().Select(s => s.FileName).Order(StringComparer.Ordinal));
        Assert.Equal(names.Take(3).Select(n => n + ".answer.xml"), Shown(night));
        var linesFirstBatch = night.Store.UnprocessedLines(night.Clock.GetCurrentInstant()).Count;
        Assert.True(linesFirstBatch >= 3, $"{linesFirstBatch} lines");

        // The outbox repaired, the same folder again: the three kept are duplicates, the four others go through once.
        Directory.Delete(blocked);
        var again = import.ImportFolder(inbox).Files;
        Assert.Equal(["duplicate", "duplicate", "duplicate", "refused", "imported", "imported", "imported"], again.Select(o => o.Status));
        Assert.Equal(names, night.Store.Sendings().Select(s => s.FileName).Order(StringComparer.Ordinal));
        Assert.Equal(names.Select(n => n + ".answer.xml"), Shown(night));
        Assert.Contains("fatal-error", File.ReadAllText(Answer(night, names[3])));
        var lines = night.Store.UnprocessedLines(night.Clock.GetCurrentInstant()).Count;
        Assert.Equal(linesFirstBatch + again.Sum(o => o.AcceptedLines), lines);

        // A third time: nothing changes.
        Assert.All(import.ImportFolder(inbox).Files, o => Assert.Equal("duplicate", o.Status));
        Assert.Equal(7, night.Store.Sendings().Count);
        Assert.Equal(lines, night.Store.UnprocessedLines(night.Clock.GetCurrentInstant()).Count);
        Assert.Equal(names.Select(n => n + ".answer.xml"), Shown(night));
    }

    [Fact]
    public void Answers_a_crash_left_pending_after_the_commit_are_shown_when_the_files_are_taken_again()
    {
        // The process died after a batch's commit and before its answers took their names: the files, still in the
        // inbox, are duplicates when taken again, and get the answers written for them before the commit.
        var (night, inbox, names) = Night();
        var import = new InboxImport(night.Store, night.Rules, night.Options, night.Clock, Serilog.Core.Logger.None);
        import.ImportFolder(inbox);
        var answers = names.Select(n => Answer(night, n)).ToList();
        var written = answers.Select(File.ReadAllBytes).ToList();
        foreach (var answer in answers.Take(4)) File.Move(answer, AnswerOutbox.PendingName(answer));

        Assert.All(import.ImportFolder(inbox).Files, o => Assert.Equal("duplicate", o.Status));

        Assert.Equal(names.Select(n => n + ".answer.xml"), Shown(night));
        Assert.Equal(written, answers.Select(File.ReadAllBytes));
        Assert.Equal(7, night.Store.Sendings().Count);
    }
}
