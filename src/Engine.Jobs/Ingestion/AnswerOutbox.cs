namespace Engine.Jobs.Ingestion;

/// <summary>
/// Writes the answers to senders in the background, in order, while the import goes on with the next files: creating
/// a small file costs far more waiting on the disk than computing it. <see cref="Flush"/> waits for every answer
/// queued and throws the first failure; the import flushes before each commit, so a file is never stored without its
/// answer written first (a failed answer stops the import before the batch that holds its file is kept).
/// </summary>
public sealed class AnswerOutbox
{
    private Task _tail = Task.CompletedTask;

    public void Write(string path, byte[] content) => Queue(() => File.WriteAllBytes(path, content));

    public void Write(string path, string content) => Queue(() => File.WriteAllText(path, content));

    private void Queue(Action write) =>
        // Each write waits for the one before; a failure passes down the chain, so no later answer is written either.
        _tail = _tail.ContinueWith(before =>
        {
            before.GetAwaiter().GetResult();
            write();
        }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);

    /// <summary>Waits for every answer queued; throws the first failure (an <see cref="IOException"/> as written).</summary>
    public void Flush() => _tail.GetAwaiter().GetResult();

    /// <summary>Waits for the writes still running without throwing: the import is failing for another reason.</summary>
    public void Settle()
    {
        try { _tail.Wait(); }
        catch (AggregateException) { }
    }
}
