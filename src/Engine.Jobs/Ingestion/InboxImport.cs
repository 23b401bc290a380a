using System.Runtime.ExceptionServices;
using Engine.Jobs.Data;
using Engine.Jobs.EAttest;
using Engine.Jobs.Efact;
using Engine.Jobs.Rules;
using NodaTime;

namespace Engine.Jobs.Ingestion;

/// <summary>
/// Imports the files of a folder in name order: eFact sendings (content starting with message name 920000) and
/// eAttest messages (XML). A file that is neither is refused with the reason, never dropped. One file's failure
/// never stops the others.
/// <para>Received files are stored many per transaction (<see cref="ISendingWriter"/>): at most
/// <see cref="BatchLines"/> lines or <see cref="BatchFiles"/> files, each file whole. Answers are written in the
/// background (<see cref="AnswerOutbox"/>) under pending names, every answer of a batch before the batch is committed,
/// and take their names once it is. A failure drops the batch not yet committed with its pending answers, and its
/// files, still in the inbox, are taken again and answered the same way.</para>
/// </summary>
public sealed class InboxImport(IEngineStore store, RuleSetProvider rules, EngineOptions options, IClock clock, Serilog.ILogger log)
{
    /// <summary>A batch is committed once it holds this many care lines: the write lock is held well under a second.</summary>
    public const int BatchLines = 10_000;

    /// <summary>... or this many files (eAttest messages hold a line or two each).</summary>
    public const int BatchFiles = 1_000;

    /// <summary>The files a batch holds at most (<see cref="BatchFiles"/> unless a test asks for small batches).</summary>
    public int MaxBatchFiles { get; init; } = BatchFiles;

    public ImportReport ImportFolder(string folder, Action<int, int>? progress = null)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"inbox folder '{folder}' does not exist");
        var files = Directory.EnumerateFiles(folder).Where(IsComplete)
            .Order(StringComparer.Ordinal).ToList();
        return ImportFiles(files, null, progress);
    }

    /// <param name="expected">efact or eattest when the caller says what the files are; null to recognise them.</param>
    public ImportReport ImportFiles(IReadOnlyList<string> paths, string? expected = null, Action<int, int>? progress = null) =>
        Import(paths.Count, i => ReadFile(paths[i], expected), progress);

    /// <summary>
    /// Imports contents already in memory as if each were a received file of that name (the fuzz tests, a caller that
    /// holds the bytes): recognised, read, answered and stored exactly as <see cref="ImportFiles"/> does.
    /// </summary>
    public ImportReport ImportContents(IReadOnlyList<(string Name, byte[] Content)> files, string? expected = null, Action<int, int>? progress = null) =>
        Import(files.Count, i => Recognise(files[i].Name, files[i].Content, expected), progress);

    private ImportReport Import(int count, Func<int, Received> read, Action<int, int>? progress)
    {
        // The first files are read and checked for format on the second core while the insurer's data loads here: both
        // are fixed costs of an import (the data of every member, the reader's first calls), neither needs the other.
        var ahead = new ReadAhead(count, read);
        ahead.Start();
        StoreReferenceData reference;
        ISendingWriter? opened = null;
        var answers = new AnswerOutbox();
        try
        {
            reference = new StoreReferenceData(store, rules.Current, clock.GetCurrentInstant(), Payers.PayerAccounts.InvoiceMutualities(options));
            opened = store.OpenSendingWriter();
            answers.FindLeftovers(options.OutboxFolder);
        }
        catch
        {
            opened?.Dispose();
            ahead.Settle(); // nothing left reading in the background, its faults observed
            throw;
        }
        using var sendings = opened;
        void Commit()
        {
            answers.Flush(); // every answer of the batch written before the batch is kept...
            sendings.Commit();
            answers.Publish(); // ... and shown only once it is
        }
        try
        {
            var report = Import(count, ahead, progress, reference, sendings, answers, Commit);
            answers.Flush();
            return report;
        }
        catch
        {
            answers.Discard();
            ahead.Settle();
            throw;
        }
    }

    private ImportReport Import(int count, ReadAhead ahead, Action<int, int>? progress, StoreReferenceData reference,
        ISendingWriter sendings, AnswerOutbox answers, Action commit)
    {
        var efact = new EfactImport(sendings, reference, clock, answers, options.OutboxFolder, options.Payer.Name);
        var declarations = new IndemnityDeclarationImport(store, clock);
        var family = new IndemnityFamilyImport(store, clock);
        var eattest = new EAttestImport(sendings, reference, clock, answers, options.OutboxFolder, options.Payer.Name, options.Payer.Mutuality);
        var ac = new AcRequestImport(store, clock);
        var authorisations = new Authorisations.PriorAuthorisationImport(store, rules, clock);
        var bimDecisions = new Bim.BimDecisionImport(store, clock);
        var unemployment = new Bim.UnemploymentImport(store, clock);
        var arrived = new List<string>();
        var granted = new List<BimDecisionRow>();
        var outcomes = new List<ImportOutcome>();
        var logger = log.ForContext<InboxImport>();
        var expectedEnd = 0; // the files up to this one are expected by the writer's open batch
        void Commit()
        {
            commit();
            expectedEnd = 0;
        }
        for (int i = 0; i < count; i++)
        {
            var (name, content, unreadable, kind, efactRead, eattestRead) = ahead.Take(i);
            // The other imports write through the store's own connections: the open batch is committed first.
            if (kind is not ("efact" or "eattest")) Commit();
            else if (i >= expectedEnd)
            {
                // The files read ahead, looked up at once (a store across a network answers them in one round trip).
                var (shas, identities, end) = ahead.Keys(i);
                sendings.Expect(shas, identities);
                expectedEnd = end;
            }
            // Only a file that cannot be read is refused for it: a failure while importing it (the outbox, the database)
            // stops the import with the file left in the inbox, to be taken again, never archived as refused.
            var outcome = content is null
                ? new ImportOutcome(name, "unknown", "refused", 0, 0, 0, 0, $"cannot be read: {unreadable}", null)
                : kind switch
                {
                    "efact" => efact.Import(name, content, efactRead!),
                    "indemnity" => Declarations(declarations, name, content, arrived),
                    "indemnity-family" => family.Import(name, content).Outcome,
                    "eattest" => eattest.Import(name, content, eattestRead!),
                    "ac" => ac.Import(name, content),
                    // Said to be one of these and not: read as one all the same, refused with its header named.
                    "authorisations" or "not-authorisations" => authorisations.Import(name, content),
                    "bim-decisions" or "not-bim-decisions" => BimDecisions(bimDecisions, name, content, granted),
                    "unemployment" or "not-unemployment" => unemployment.Import(name, content),
                    // Every file received is answered: one that is not what the command said, or nothing recognised, is
                    // read as what it was sent as (the inbox's senders send eFact when not XML) and refused with an answer
                    // naming why (920999 "not an eFact invoicing message", or an eAttest fatal-error "not XML").
                    "not-efact" or "other" => efact.Import(name, content, efactRead!),
                    "not-eattest" => eattest.Import(name, content, eattestRead!),
                    _ => throw new InvalidOperationException($"kind {kind}"),
                };
            // One line per file costs about half a millisecond through the file sink, as much as importing an eAttest
            // message: a file imported whole is told at Debug, one refused or with refused lines at Information, and the
            // import's totals once at the end.
            // (Asked first: the call's five values would be boxed into an array for every file, told or not.)
            var level = outcome.Status == "imported" && outcome.RejectedLines == 0 ? Serilog.Events.LogEventLevel.Debug : Serilog.Events.LogEventLevel.Information;
            if (logger.IsEnabled(level))
                logger.Write(level, "Imported {File}: {Status}, {Accepted} lines accepted, {Rejected} rejected {Detail}",
                    name, outcome.Status, outcome.AcceptedLines, outcome.RejectedLines, outcome.Detail);
            // A file without an answer (declarations, AC requests): the log is where its refused rows are told, each with
            // its line, column and reason (values shaped like a NISS or an IBAN are masked by the log's redaction).
            if (outcome.AnswerFile is null)
                foreach (var rejection in outcome.Rejections)
                    logger.Warning("Refused in {File}: {Rejection}", name, rejection);
            // Kept already: a crash after its batch's commit may have left its answers pending.
            if (outcome.Status == "duplicate") answers.Recover(name);
            outcomes.Add(outcome);
            if (sendings.PendingLines >= BatchLines || sendings.PendingFiles >= MaxBatchFiles) Commit();
            progress?.Invoke(i + 1, count);
        }
        Commit();
        if (outcomes.Count > 0)
            logger.Information("Imported {Files} files: {Imported} imported, {Refused} refused, {Duplicates} duplicates; {Accepted} lines accepted, {Rejected} rejected",
                outcomes.Count, outcomes.Count(o => o.Status == "imported"), outcomes.Count(o => o.Status == "refused"),
                outcomes.Count(o => o.Status == "duplicate"), outcomes.Sum(o => (long)o.AcceptedLines), outcomes.Sum(o => (long)o.RejectedLines));
        return new ImportReport(outcomes) { ArrivedIndemnityCases = arrived, GrantedBim = granted };
    }

    /// <summary>A file read from disk, recognised, and for eFact and eAttest read with its format checks.</summary>
    private sealed record Received(string Name, byte[]? Content, string? Unreadable, string Kind, EfactReadResult? Efact,
        EAttestReadResult? EAttest)
    {
        /// <summary>A failure reading ahead, thrown when the import reaches this file, as if read then.</summary>
        public ExceptionDispatchInfo? Failure { get; init; }
    }

    /// <summary>
    /// Reads the files ahead of the import, in groups, on another thread: the disk read, the content hash and the format
    /// checks depend on nothing stored, so they run on a second core while this one checks against the insurer's data,
    /// answers and stores, in file order. At most two groups (<see cref="AheadFiles"/> files, <see cref="AheadBytes"/>
    /// bytes each) are held at a time.
    /// </summary>
    private sealed class ReadAhead(int count, Func<int, Received> read)
    {
        private const int AheadFiles = 256;
        private const long AheadBytes = 64L << 20;
        private Task<List<Received>>? _next;
        private List<Received> _current = [];
        private int _first, _end;

        /// <summary>Starts reading the first group on another thread (<see cref="Take"/> waits for it).</summary>
        public void Start()
        {
            if (_end == 0 && _next is null && count > 0) _next = Task.Run(() => ReadGroup(0));
        }

        /// <summary>The import fails before taking every file: waits for the group being read, its faults ignored (each
        /// file's read failure is kept with the file, thrown only when the import takes it).</summary>
        public void Settle()
        {
            try { _next?.Wait(); }
            catch (AggregateException) { }
        }

        public Received Take(int index)
        {
            if (index >= _end)
            {
                var start = _end;
                _current = _next is null ? ReadGroup(start) : _next.GetAwaiter().GetResult();
                _first = start;
                _end = start + _current.Count;
                var after = _end;
                _next = after < count ? Task.Run(() => ReadGroup(after)) : null;
            }
            var received = _current[index - _first];
            received.Failure?.Throw();
            return received;
        }

        /// <summary>The content hashes and identities of the files read from <paramref name="index"/> to the end of its
        /// group, and the index after them.</summary>
        public (List<string> Sha256s, List<string> Identities, int End) Keys(int index)
        {
            var shas = new List<string>();
            var identities = new List<string>();
            for (var i = index; i < _end; i++)
            {
                var r = _current[i - _first];
                if (r.Efact is { } e)
                {
                    shas.Add(e.ContentSha256);
                    if (EfactImport.ExpectedIdentity(e) is { } id) identities.Add(id);
                }
                else if (r.EAttest is { } a)
                {
                    shas.Add(a.ContentSha256);
                    if (EAttestImport.ExpectedIdentity(a) is { } id) identities.Add(id);
                }
            }
            return (shas, identities, _end);
        }

        private List<Received> ReadGroup(int start)
        {
            var group = new List<Received>();
            long bytes = 0;
            for (var i = start; i < count && group.Count < AheadFiles && bytes < AheadBytes; i++)
            {
                var received = read(i);
                bytes += received.Content?.Length ?? 0;
                group.Add(received);
            }
            return group;
        }
    }

    private static Received ReadFile(string path, string? expected)
    {
        var name = Path.GetFileName(path);
        byte[] content;
        try
        {
            var (bytes, refusal) = ReceivedFile.Read(path);
            if (bytes is null) return new Received(name, null, refusal, "unreadable", null, null);
            content = bytes;
        }
        catch (IOException e)
        {
            return new Received(name, null, e.Message, "unreadable", null, null);
        }
        catch (Exception e)
        {
            return new Received(name, null, null, "unreadable", null, null) { Failure = ExceptionDispatchInfo.Capture(e) };
        }
        return Recognise(name, content, expected);
    }

    private static Received Recognise(string name, byte[] content, string? expected)
    {
        var kind = Kind(content, expected);
        return new Received(name, content, null, kind,
            kind is "efact" or "not-efact" or "other" ? EfactReader.Read(name, content) : null,
            kind is "eattest" or "not-eattest" ? EAttestReader.Read(name, content) : null);
    }

    private static ImportOutcome BimDecisions(Bim.BimDecisionImport import, string name, byte[] content, List<BimDecisionRow> granted)
    {
        var (outcome, rows) = import.ImportGranting(name, content);
        granted.AddRange(rows);
        return outcome;
    }

    private static ImportOutcome Declarations(IndemnityDeclarationImport import, string name, byte[] content, List<string> arrived)
    {
        var (outcome, cases) = import.Import(name, content);
        arrived.AddRange(cases);
        return outcome;
    }

    private static string Kind(byte[] content, string? expected)
    {
        var kind = Sniff(content);
        return expected is null || kind == expected ? kind
            : expected is "efact" or "authorisations" or "bim-decisions" or "unemployment" ? "not-" + expected : "not-eattest";
    }

    /// <summary>
    /// A file still being uploaded is left for the next poll: senders write under a hidden name (".name") or with a
    /// .part, .tmp or .partial ending and rename when complete.
    /// </summary>
    public static bool IsComplete(string path)
    {
        var name = Path.GetFileName(path);
        return !name.StartsWith('.') && !name.EndsWith(".part", StringComparison.OrdinalIgnoreCase) &&
               !name.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase) && !name.EndsWith(".partial", StringComparison.OrdinalIgnoreCase);
    }

    private static string Sniff(byte[] content)
    {
        if (IndemnityDeclarationImport.Looks(content)) return "indemnity";
        if (IndemnityFamilyImport.Looks(content)) return "indemnity-family";
        if (AcRequestImport.Looks(content)) return "ac";
        if (Authorisations.PriorAuthorisationImport.Looks(content)) return "authorisations";
        if (Bim.BimDecisionImport.Looks(content)) return "bim-decisions";
        if (Bim.UnemploymentImport.Looks(content)) return "unemployment";
        var message = EfactReader.Message(content); // a UTF-8 byte order mark an editor put in front is not part of it
        if (message.Length >= 6 && message.AsSpan(0, 6).SequenceEqual("920000"u8)) return "efact";
        return LooksLikeXml(content) ? "eattest" : "other";
    }

    /// <summary>XML in any encoding the XML reader knows: UTF-8 (with or without its mark), UTF-16 and UTF-32 (by their mark or
    /// by the '&lt;' of the first element or declaration), and 8-bit encodings declared in the declaration.</summary>
    private static bool LooksLikeXml(byte[] c)
    {
        ReadOnlySpan<byte> s = c;
        if (s.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || s.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) ||
            s.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF])) return true;
        if (s.StartsWith((ReadOnlySpan<byte>)[0x3C, 0x00]) || s.StartsWith((ReadOnlySpan<byte>)[0x00, 0x3C])) return true;
        var start = s.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        while (start < s.Length && s[start] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t') start++;
        return start < s.Length && s[start] == (byte)'<';
    }
}
