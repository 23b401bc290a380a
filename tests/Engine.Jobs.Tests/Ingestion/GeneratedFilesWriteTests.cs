using Engine.Jobs.Generation;
using Engine.Jobs.Ingestion;

namespace Engine.Jobs.Tests.Ingestion;

/// <summary>
/// A generated file is created new through the C library on Linux (<see cref="UnixFiles.TryCreateNew"/>: open with
/// O_CREAT|O_EXCL, write, close) and through .NET otherwise or on any failure: the same bytes, the same mode, and the
/// same exceptions as <see cref="File.OpenHandle(string, FileMode, FileAccess, FileShare, FileOptions, long)"/> with
/// <see cref="FileMode.CreateNew"/> threw.
/// </summary>
public sealed class GeneratedFilesWriteTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("engine-generated-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_file_is_created_with_every_byte_and_the_mode_dotnet_gives_a_new_file()
    {
        var bytes = Enumerable.Range(0, 70_001).Select(i => (byte)(i * 13 + 1)).ToArray();
        var path = Path.Combine(_root, "11000788004-202402-118.920000");
        GeneratedFiles.Write(path, bytes);
        Assert.Equal(bytes, File.ReadAllBytes(path));

        var empty = Path.Combine(_root, "empty.csv");
        GeneratedFiles.Write(empty, []);
        Assert.Equal([], File.ReadAllBytes(empty));

        if (!OperatingSystem.IsWindows())
        {
            var byDotnet = Path.Combine(_root, "by-dotnet");
            using (File.OpenHandle(byDotnet, FileMode.CreateNew, FileAccess.Write)) { }
            Assert.Equal(File.GetUnixFileMode(byDotnet), File.GetUnixFileMode(path));
            Assert.Equal(File.GetUnixFileMode(byDotnet), File.GetUnixFileMode(empty));
        }
    }

    [Fact]
    public void A_file_of_that_name_is_never_written_over_and_the_failure_is_the_one_dotnet_throws()
    {
        var path = Path.Combine(_root, "A0000001.eattest.xml");
        File.WriteAllBytes(path, "kept"u8.ToArray());

        Assert.False(UnixFiles.TryCreateNew(path, "other"u8));
        var thrown = Assert.ThrowsAny<IOException>(() => GeneratedFiles.Write(path, "other"u8));
        Assert.Contains(path, thrown.Message);
        Assert.Equal("kept", File.ReadAllText(path));

        var inMissingFolder = Path.Combine(_root, "missing", "file");
        Assert.False(UnixFiles.TryCreateNew(inMissingFolder, "x"u8));
        Assert.Throws<DirectoryNotFoundException>(() => GeneratedFiles.Write(inMissingFolder, "x"u8));
        Assert.False(Directory.Exists(Path.Combine(_root, "missing")));
    }

    [Fact]
    public void The_writer_thread_writes_every_file_queued_and_throws_the_first_failure_at_completion()
    {
        var expected = Enumerable.Range(0, 300).ToDictionary(i => Path.Combine(_root, $"f{i:000}"), i => Enumerable.Repeat((byte)i, i).ToArray());
        using (var files = new GeneratedFiles())
        {
            Parallel.ForEach(expected, e => files.Add(e.Key, e.Value));
            files.Complete();
        }
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), Directory.EnumerateFiles(_root).Order(StringComparer.Ordinal));
        Assert.All(expected, e => Assert.Equal(e.Value, File.ReadAllBytes(e.Key)));

        using var again = new GeneratedFiles();
        again.Add(Path.Combine(_root, "f000"), [1]); // exists already: a second file of one name is an error
        Assert.ThrowsAny<IOException>(again.Complete);
        Assert.Equal([], File.ReadAllBytes(Path.Combine(_root, "f000")));
    }
}
