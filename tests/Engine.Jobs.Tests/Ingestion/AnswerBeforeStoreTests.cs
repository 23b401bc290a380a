using Engine.Jobs.Efact;
using Engine.Jobs.Generation;
using Engine.Jobs.Ingestion;
using Engine.Jobs.Time;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;

namespace Engine.Jobs.Tests.Ingestion;

/// <summary>A received file and its answer: the provider gets the answer of every sending the insurer keeps.</summary>
public sealed class AnswerBeforeStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("engine-answer-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private sealed class NoJobs : IBackgroundJobClient
    {
        public string Create(Job job, IState state) => "1";
        public bool ChangeState(string jobId, IState state, string expectedState) => true;
    }

    [Fact]
    public void When_the_answer_cannot_be_written_the_sending_is_not_kept_and_stays_in_the_inbox_then_goes_through_with_its_answer()
    {
        // The sending was stored, then writing its answer failed (outbox full or unwritable, or the process died there):
        // the failure was taken for an unreadable file, the file was archived as refused although its lines are paid,
        // and the provider never got the 920098 saying which invoices were refused. Imported again, it was a duplicate:
        // no answer either.
        var night = SmallNight.Create(_root, new GeneratorOptions { Members = 200, Lines = 300, Seed = 5 });
        var options = night.Options;
        var (name, sending) = night.Sendings().Build(night.Events(), night.Generator.RunDate.PlusDays(-1))[0];
        Directory.CreateDirectory(options.InboxFolder);
        File.WriteAllBytes(Path.Combine(options.InboxFolder, name), EfactWriter.WriteBytes(sending));
        File.WriteAllText(options.OutboxFolder, "a file where the outbox folder should be");
        night.Clock.Set(Brussels.At(night.Generator.RunDate, 1));
        var log = Serilog.Core.Logger.None;
        var job = new InboxJob(new InboxImport(night.Store, night.Rules, options, night.Clock, log), options, night.Clock, new NoJobs(), log);

        Assert.ThrowsAny<IOException>(job.Poll);
        Assert.True(File.Exists(Path.Combine(options.InboxFolder, name)));
        Assert.Empty(night.Store.Sendings());

        File.Delete(options.OutboxFolder);
        job.Poll();
        Assert.False(File.Exists(Path.Combine(options.InboxFolder, name)));
        Assert.Equal("imported", Assert.Single(night.Store.Sendings()).Status);
        Assert.True(File.Exists(Path.Combine(options.OutboxFolder, name + ".931000")));
        Assert.True(File.Exists(Path.Combine(options.OutboxFolder, name + ".920098")));
    }
}
