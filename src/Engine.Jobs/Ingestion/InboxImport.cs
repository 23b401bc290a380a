using Engine.Jobs.Data;
using Engine.Jobs.Rules;
using NodaTime;

namespace Engine.Jobs.Ingestion;

/// <summary>
/// Imports the files of a folder in name order: eFact sendings (content starting with message name 920000) and
/// eAttest messages (XML). A file that is neither is refused with the reason, never dropped. One file's failure
/// never stops the others.
/// <para>Received files are stored many per transaction (<see cref="ISendingWriter"/>): at most
/// <see cref="BatchLines"/> lines or <see cref="BatchFiles"/> files, each file whole. Every answer is written before
/// its file is stored; a failure drops the batch not yet committed, and its files, still in the inbox, are taken again
/// and answered the same way.</para>
/// </summary>
public sealed class InboxImport(IEngineStore store, RuleSetProvider rules, EngineOptions options, IClock clock, Serilog.ILogger log)
{
    /// <summary>A batch is committed once it holds this many care lines: the write lock is held well under a second.</summary>
    public const int BatchLines = 10_000;

    /// <summary>... or this many files (eAttest messages hold a line or two each).</summary>
    public const int BatchFiles = 1_000;

    public ImportReport ImportFolder(string folder, Action<int, int>? progress = null)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"inbox folder '{folder}' does not exist");
        var files = Directory.EnumerateFiles(folder).Where(IsComplete)
            .Order(StringComparer.Ordinal).ToList();
        return ImportFiles(files, null, progress);
    }

    /// <param name="expected">efact or eattest when the caller says what the files are; null to recognise them.</param>
    public ImportReport ImportFiles(IReadOnlyList<string> paths, string? expected = null, Action<int, int>? progress = null)
    {
        var reference = new StoreReferenceData(store, rules.Current, clock.GetCurrentInstant(), [options.Payer.Mutuality]);
        using var sendings = store.OpenSendingWriter();
        var efact = new EfactImport(sendings, reference, clock, options.OutboxFolder, options.Payer.Name);
        var declarations = new IndemnityDeclarationImport(store, clock);
        var family = new IndemnityFamilyImport(store, clock);
        var eattest = new EAttestImport(sendings, reference, clock, options.OutboxFolder, options.Payer.Name, options.Payer.Mutuality);
        var ac = new AcRequestImport(store, clock);
        var arrived = new List<string>();
        var outcomes = new List<ImportOutcome>();
        for (int i = 0; i < paths.Count; i++)
        {
            var path = paths[i];
            var name = Path.GetFileName(path);
            byte[]? content = null;
            string? unreadable = null;
            try
            {
                content = File.ReadAllBytes(path);
            }
            catch (IOException e)
            {
                unreadable = e.Message;
            }
            var kind = content is null ? "unreadable" : Kind(content, expected);
            // The other imports write through the store's own connections: the open batch is committed first.
            if (kind is not ("efact" or "eattest")) sendings.Commit();
            // Only a file that cannot be read is refused for it: a failure while importing it (the outbox, the database)
            // stops the import with the file left in the inbox, to be taken again, never archived as refused.
            var outcome = content is null
                ? new ImportOutcome(name, "unknown", "refused", 0, 0, 0, 0, $"cannot be read: {unreadable}", null)
                : kind switch
                {
                    "efact" => efact.Import(name, content),
                    "indemnity" => Declarations(declarations, name, content, arrived),
                    "indemnity-family" => family.Import(name, content).Outcome,
                    "eattest" => eattest.Import(name, content),
                    "ac" => ac.Import(name, content),
                    "not-efact" => new ImportOutcome(name, "efact", "refused", 0, 0, 0, 0, "not an eFact sending: it does not start with message name 920000", null),
                    "not-eattest" => new ImportOutcome(name, "eattest", "refused", 0, 0, 0, 0, "not an eAttest message: it is not XML", null),
                    _ => new ImportOutcome(name, "unknown", "refused", 0, 0, 0, 0, "neither an eFact sending (920000) nor an eAttest XML message", null),
                };
            log.ForContext<InboxImport>().Information("Imported {File}: {Status}, {Accepted} lines accepted, {Rejected} rejected {Detail}",
                name, outcome.Status, outcome.AcceptedLines, outcome.RejectedLines, outcome.Detail);
            // A file without an answer (declarations, AC requests): the log is where its refused rows are told, each with
            // its line, column and reason (values shaped like a NISS or an IBAN are masked by the log's redaction).
            if (outcome.AnswerFile is null)
                foreach (var rejection in outcome.Rejections)
                    log.ForContext<InboxImport>().Warning("Refused in {File}: {Rejection}", name, rejection);
            outcomes.Add(outcome);
            if (sendings.PendingLines >= BatchLines || sendings.PendingFiles >= BatchFiles) sendings.Commit();
            progress?.Invoke(i + 1, paths.Count);
        }
        sendings.Commit();
        return new ImportReport(outcomes) { ArrivedIndemnityCases = arrived };
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
        return expected is null || kind == expected ? kind : expected == "efact" ? "not-efact" : "not-eattest";
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
        if (content.Length >= 6 && content.AsSpan(0, 6).SequenceEqual("920000"u8)) return "efact";
        var start = 0;
        if (content.Length >= 3 && content[0] == 0xEF && content[1] == 0xBB && content[2] == 0xBF) start = 3;
        while (start < content.Length && content[start] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t') start++;
        return start < content.Length && content[start] == (byte)'<' ? "eattest" : "other";
    }
}
