using Engine.Jobs.Efact;
using Engine.Jobs.Generation;
using Engine.Jobs.Ingestion;
using Engine.Jobs.Tests.Stores;

namespace Engine.Jobs.Tests.Ingestion;

/// <summary>
/// The files of one batch are checked against each other as against what is stored, on every store: the PostgreSQL and
/// SQL Server writers hold a batch in memory and look the files ahead up at once, where SQLite's reads its uncommitted
/// rows. A copy of a file is a duplicate, a sending sent twice with other bytes is refused, in the same batch as in the
/// next import.
/// </summary>
public abstract class SendingBatchTests(StoreKind storeKind) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("engine-batch-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Write(string name, byte[] content)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "files")).FullName;
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    [SkippableFact]
    public void A_copy_in_the_same_batch_is_a_duplicate_and_a_sending_sent_again_with_other_bytes_is_refused()
    {
        using var night = SmallNight.Create(_root, new GeneratorOptions { Members = 200, Lines = 300, Seed = 5 }, storeKind);
        var built = night.Sendings().Build(night.Events(), night.Generator.RunDate.PlusDays(-1));
        var a = EfactWriter.WriteBytes(built[0].Sending);
        var b = EfactWriter.WriteBytes(built[1].Sending);
        // The same sending (third party, number, month) with other bytes: a blank line after it.
        byte[] changed = [.. a, (byte)'\r', (byte)'\n'];
        var import = new InboxImport(night.Store, night.Rules, night.Options, night.Clock, Serilog.Core.Logger.None);

        var first = import.ImportFiles([Write("1-a", a), Write("2-b", b), Write("3-a-copy", a), Write("4-a-changed", changed)]).Files;

        Assert.Equal(["imported", "imported", "duplicate", "refused"], first.Select(o => o.Status));
        var stored = night.Store.Sendings().OrderBy(s => s.SendingId).ToList();
        Assert.Equal(["1-a", "2-b", "4-a-changed"], stored.Select(s => s.FileName));
        Assert.Equal($"same content as sending {stored[0].SendingId} (1-a)", first[2].Detail);
        Assert.Contains("already received with other content", first[3].Detail);
        // The refused one keeps an identity of its own: the original stays the one recognised.
        Assert.Equal(stored[0].Identity + "#refused:" + stored[2].Sha256[..12], stored[2].Identity);
        var lines = night.Store.UnprocessedLines(night.Clock.GetCurrentInstant());
        Assert.Equal(first[0].AcceptedLines, lines.Count(l => l.SendingId == stored[0].SendingId));
        Assert.Equal(first[1].AcceptedLines, lines.Count(l => l.SendingId == stored[1].SendingId));
        Assert.Equal(first[0].AcceptedLines + first[1].AcceptedLines, lines.Count);
        Assert.True(first[0].AcceptedLines > 0 && first[1].AcceptedLines > 0);

        // The next import, a batch of its own: every one of them is known by its bytes.
        var second = import.ImportFiles([Write("5-b-again", b), Write("6-changed-again", changed), Write("7-a-changed-otherwise", [.. changed, (byte)' '])]).Files;

        Assert.Equal(["duplicate", "duplicate", "refused"], second.Select(o => o.Status));
        Assert.Equal($"same content as sending {stored[1].SendingId} (2-b)", second[0].Detail);
        Assert.Equal($"same content as sending {stored[2].SendingId} (4-a-changed)", second[1].Detail);
        Assert.Equal(4, night.Store.Sendings().Count);
    }
}

public sealed class SendingBatchTestsOnSqlite() : SendingBatchTests(StoreKind.Sqlite);

public sealed class SendingBatchTestsOnPostgres() : SendingBatchTests(StoreKind.Postgres);

public sealed class SendingBatchTestsOnSqlServer() : SendingBatchTests(StoreKind.SqlServer);
