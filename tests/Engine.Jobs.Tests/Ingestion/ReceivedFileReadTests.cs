using Engine.Jobs.Ingestion;

namespace Engine.Jobs.Tests.Ingestion;

/// <summary>
/// <see cref="ReceivedFile.Read"/> reads a regular file straight through the C library on Linux (one statx, then open,
/// read, close) and looks at anything else as it always did: the same bytes and the same refusals either way.
/// </summary>
public sealed class ReceivedFileReadTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("engine-read-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(_root, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    [Fact]
    public void A_regular_file_and_a_link_to_one_give_every_byte_and_an_empty_file_gives_none()
    {
        var bytes = Enumerable.Range(0, 70_001).Select(i => (byte)(i * 7)).ToArray();
        var file = Write("sending.920000", bytes);
        var link = Path.Combine(_root, "link.920000");
        File.CreateSymbolicLink(link, file);

        foreach (var path in new[] { file, link })
        {
            var (content, refusal) = ReceivedFile.Read(path);
            Assert.Null(refusal);
            Assert.Equal(bytes, content);
        }
        var (empty, none) = ReceivedFile.Read(Write("empty", []));
        Assert.Null(none);
        Assert.Equal([], empty!);
    }

    [Fact]
    public void A_folder_a_link_to_nothing_and_a_file_gone_are_refused_unread_with_the_reason()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "folder")).FullName;
        var dangling = Path.Combine(_root, "dangling");
        File.CreateSymbolicLink(dangling, Path.Combine(_root, "nowhere"));
        var toFolder = Path.Combine(_root, "to-folder");
        File.CreateSymbolicLink(toFolder, folder);

        Assert.Equal((null, "a folder, not a file"), ReceivedFile.Read(folder));
        Assert.Equal((null, "a symbolic link that leads to no file: not opened"), ReceivedFile.Read(dangling));
        Assert.Equal((null, "a symbolic link that leads to no file: not opened"), ReceivedFile.Read(toFolder));
        Assert.Equal((null, "the file is gone"), ReceivedFile.Read(Path.Combine(_root, "gone")));
    }

    [Fact]
    public void An_answer_replaces_a_file_of_its_pending_name_whole()
    {
        // Written over a longer file left pending by a crash: the bytes of this answer only, none of the old one's tail.
        var path = Path.Combine(_root, "sending.931000");
        Write(".sending.931000.part", new byte[10_000]);
        var outbox = new AnswerOutbox();
        outbox.Write(path, "931000 short"u8.ToArray());
        outbox.Flush();
        outbox.Publish();
        outbox.Flush();
        Assert.Equal("931000 short"u8.ToArray(), File.ReadAllBytes(path));
        Assert.False(File.Exists(Path.Combine(_root, ".sending.931000.part")));
    }
}
