namespace Engine.Jobs.Ingestion;

/// <summary>
/// Writes the answers to senders in the background, in order, while the import goes on with the next files: creating
/// a small file costs far more waiting on the disk than computing it.
/// <para>An answer is written first under a hidden pending name (<c>.NAME.part</c>, the convention senders use for a file
/// still being written), and takes its own name only once the batch that holds its file is committed
/// (<see cref="Publish"/>): the outbox never shows an answer for a file that was not kept. <see cref="Flush"/> waits
/// for every write queued and throws the first failure; the import flushes before each commit, so a file is never
/// kept without its answer written. A batch that fails is <see cref="Discard"/>ed with its pending answers; its files
/// stay in the inbox and are answered when taken again. A crash between a commit and its renames leaves pending
/// answers of kept files: taken again, those files are duplicates, and <see cref="Recover"/> gives them their answer.</para>
/// </summary>
public sealed class AnswerOutbox
{
    private Task _tail = Task.CompletedTask;
    private List<(string Pending, string Final)> _batch = [];
    private readonly Dictionary<string, List<string>> _leftovers = new(StringComparer.Ordinal);

    /// <summary>The hidden name an answer is written under until its file is committed.</summary>
    public static string PendingName(string path) =>
        Path.Combine(Path.GetDirectoryName(path) ?? "", "." + Path.GetFileName(path) + ".part");

    public void Write(string path, byte[] content)
    {
        var pending = PendingName(path);
        _batch.Add((pending, path));
        Queue(() => UnixFiles.WriteAllBytes(pending, content));
    }

    public void Write(string path, string content)
    {
        var pending = PendingName(path);
        _batch.Add((pending, path));
        Queue(() => UnixFiles.WriteAllBytes(pending, System.Text.Encoding.UTF8.GetBytes(content)));
    }

    private void Queue(Action write) =>
        // Each write waits for the one before; a failure passes down the chain, so no later answer is written either.
        _tail = _tail.ContinueWith(before =>
        {
            before.GetAwaiter().GetResult();
            write();
        }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);

    /// <summary>Waits for every answer queued; throws the first failure (an <see cref="IOException"/> as written).</summary>
    public void Flush() => _tail.GetAwaiter().GetResult();

    /// <summary>
    /// The batch written so far is committed: its answers take their names (in the background, after the writes; a
    /// failure is thrown by the next <see cref="Flush"/>, the batch's files then stay in the inbox and are recovered as
    /// duplicates when taken again).
    /// </summary>
    public void Publish()
    {
        if (_batch.Count == 0) return;
        var batch = _batch;
        _batch = [];
        Queue(() =>
        {
            // The same name answered twice in a batch (two files of one name) holds the last answer, moved once.
            foreach (var (pending, final) in batch.DistinctBy(b => b.Pending)) UnixFiles.Move(pending, final);
        });
    }

    /// <summary>The batch was not committed: waits for its writes and removes its pending answers (best effort: a
    /// pending answer left behind is rewritten when its file is taken again).</summary>
    public void Discard()
    {
        Settle();
        foreach (var (pending, _) in _batch)
        {
            try { File.Delete(pending); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        _batch.Clear();
    }

    /// <summary>Waits for the writes still running without throwing: the import is failing for another reason.</summary>
    public void Settle()
    {
        try { _tail.Wait(); }
        catch (AggregateException) { }
    }

    /// <summary>
    /// Notes the pending answers a crash left in <paramref name="outbox"/> (one directory listing per import; usually none).
    /// </summary>
    public void FindLeftovers(string? outbox)
    {
        _leftovers.Clear();
        if (outbox is null || !Directory.Exists(outbox)) return;
        foreach (var path in Directory.EnumerateFiles(outbox, ".*.part"))
        {
            var answer = Path.GetFileName(path)[1..^".part".Length];
            if (ReceivedFileOf(answer) is not { } file) continue;
            if (!_leftovers.TryGetValue(file, out var list)) _leftovers[file] = list = [];
            list.Add(path);
        }
    }

    /// <summary>The received file an answer is for: FILE.answer.xml (eAttest), FILE.931000, FILE.920098... (eFact).</summary>
    private static string? ReceivedFileOf(string answer)
    {
        if (answer.EndsWith(".answer.xml", StringComparison.Ordinal)) return answer[..^".answer.xml".Length];
        var dot = answer.LastIndexOf('.');
        return dot > 0 && answer.Length - dot == 7 && !answer.AsSpan(dot + 1).ContainsAnyExceptInRange('0', '9') ? answer[..dot] : null;
    }

    /// <summary>
    /// <paramref name="fileName"/> is kept in the store (found a duplicate when taken again): the answers a crash left
    /// pending for it, written before its batch was committed, take their names.
    /// </summary>
    public void Recover(string fileName)
    {
        if (_leftovers.Count == 0 || !_leftovers.Remove(fileName, out var pending)) return;
        foreach (var path in pending)
        {
            var final = Path.Combine(Path.GetDirectoryName(path) ?? "", Path.GetFileName(path)[1..^".part".Length]);
            Queue(() =>
            {
                if (File.Exists(path)) File.Move(path, final, overwrite: true);
            });
        }
    }
}
