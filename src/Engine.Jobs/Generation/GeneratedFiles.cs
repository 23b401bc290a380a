using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Engine.Jobs.Generation;

/// <summary>
/// Writes a generated night's files on a thread of their own, beside the generation, in a folder the generator
/// created empty. One thread creates them: two creating files in one folder mostly wait on each other for the
/// folder, in the system. A file is created new (never one that exists: a second file of one name is an error) and
/// written in one call, with half the system calls of <see cref="File.WriteAllBytes(string, byte[])"/> (no size check
/// of the folder's file system, no truncation of the file just created): creating 133,000 files was a third of the
/// demo's generation. The bytes are what the caller gives: the files are the same whatever the order of writing.
/// </summary>
public sealed class GeneratedFiles : IDisposable
{
    private readonly BlockingCollection<(string Path, byte[] Content)> _queue = new(boundedCapacity: 2_048);
    private readonly Task _writer;
    private volatile ExceptionDispatchInfo? _failure;

    public GeneratedFiles() => _writer = Task.Factory.StartNew(Drain, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Queues a file (waits while many are queued); throws at once when an earlier file could not be written.</summary>
    public void Add(string path, byte[] content)
    {
        _failure?.Throw();
        try
        {
            _queue.Add((path, content));
        }
        catch (InvalidOperationException) when (_failure is not null)
        {
            _failure.Throw(); // the writer stopped taking files
        }
    }

    /// <summary>Waits until every file queued is written; throws the first failure to write one.</summary>
    public void Complete()
    {
        _queue.CompleteAdding();
        _writer.GetAwaiter().GetResult();
        _failure?.Throw();
    }

    /// <summary>A file created new and written in one call.</summary>
    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        using var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write);
        RandomAccess.Write(handle, content, 0);
    }

    private void Drain()
    {
        try
        {
            foreach (var (path, content) in _queue.GetConsumingEnumerable()) Write(path, content);
        }
        catch (Exception e)
        {
            _failure = ExceptionDispatchInfo.Capture(e);
            _queue.CompleteAdding();
        }
    }

    public void Dispose()
    {
        if (!_queue.IsAddingCompleted) _queue.CompleteAdding();
        try { _writer.Wait(); } catch (AggregateException) { } // a failure already thrown by Add or Complete, or one after a failure of the caller's
        _queue.Dispose();
    }
}
