using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Engine.Core.Money;
using Engine.Core.Payments;
using Engine.Core.Rules;
using Engine.Jobs.Data;
using Engine.Jobs.Data.Sqlite;
using Engine.Jobs.Payments;
using Engine.Jobs.Rules;
using Engine.Jobs.Runs;
using NodaTime;

namespace Engine.Jobs.Replay;

/// <summary>
/// Replay for auditors: every completed run dated in a period is computed again, with the inputs and the rule set as
/// they were known at the time (by default each run's own as-of instant and its own rules, loaded from the archive of
/// rule sets), and its files are written again into a separate folder, then compared with the originals: the results of
/// every line, indemnity statement and AC decision, and the files byte for byte (SHA-256).
/// With an as-of instant, the inputs are read as of that instant and the rules are the current rules folder: the
/// differences then show what changed since.
/// Reads only: the store's results and payments are never touched and nothing is paid. What earlier runs left (MAF
/// counters, indemnity coverage, AC allowances) is taken as the store holds it before each run, and the items a run
/// took over (held back by earlier runs, complements of recalculations) as the run claimed them: each run is
/// replayed on its own, partition by partition through the run's phases into a scratch store of its own
/// (<see cref="ReplayComputation"/>), so that its memory is bounded by a partition, not by the registry or the night.
/// </summary>
public sealed class PeriodReplay(IEngineStore store, RuleSetProvider rules, EngineOptions options)
{
    public ReplayReport Run(LocalDate from, LocalDate to, Instant? asOf, string folder)
    {
        var archive = new RuleSetArchive(store, rules);
        var runs = store.RunsBetween(from, to);
        var skipped = runs.Where(r => r.Phase != RunPhase.Completed).Select(r => $"{r.RunId}: {RunPhases.Name(r.Phase)}, not completed").ToList();
        var replayed = new List<ReplayedRun>();
        var differences = new List<ReplayDifference>();
        var notes = new List<string>();
        var hashes = new StringBuilder();
        foreach (var run in runs.Where(r => r.Phase == RunPhase.Completed))
        {
            var one = ReplayRun(run, asOf, asOf is null ? archive.Version(run.RuleSetVersion) : archive.Current, archive, Path.Combine(folder, run.RunId));
            replayed.Add(one.Run);
            differences.AddRange(one.Differences);
            foreach (var f in one.Run.Files) hashes.Append($"{run.RunId}/{f.File}  {f.ReplaySha256}\n");
        }
        if (asOf is not null) notes.Add("inputs as of the instant given and the current rules folder: the differences show what changed since each run");
        return new ReplayReport
        {
            From = Text(from), To = Text(to), AsOf = asOf is { } a ? DbTypes.Text(a) : "each run's own",
            Rules = asOf is null ? "each run's own" : archive.Current.Version,
            Reproduced = differences.Count == 0, Runs = replayed.Count, Differences = differences.Count,
            OutputsSha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(hashes.ToString()))),
            Replayed = replayed, Skipped = skipped, Notes = notes, DifferenceList = differences,
        };
    }

    private sealed record OneRun(ReplayedRun Run, List<ReplayDifference> Differences);

    private OneRun ReplayRun(RunRow run, Instant? asOf, RuleSet ruleSet, RuleSetArchive archive, string folder)
    {
        if (run.ComputedSeq is null) throw new InvalidOperationException($"run {run.RunId} has no computation order: it was computed before migration 0006");
        // The replay's own store, whatever the store of the runs: a file of its own, removed when the run is compared.
        using var scratch = ReplayScratch.Create(ReplayScratch.Folder(options.Replay.ScratchFolder));
        return ReplayRun(run, asOf, ruleSet, archive, folder, scratch.Store);
    }

    private OneRun ReplayRun(RunRow run, Instant? asOf, RuleSet ruleSet, RuleSetArchive archive, string folder, SqliteStore scratch)
    {
        var inputsAsOf = asOf ?? run.AsOf;
        var computed = ReplayComputation.Compute(store, scratch, run, ruleSet, inputsAsOf, options);
        Directory.CreateDirectory(folder);
        var payer = options.Payer;
        var summary = RunFiles.Write(WithRules(run, ruleSet.Version), folder, computed.Output,
            new PaymentDebtor(payer.Name, payer.Iban, payer.Bic, payer.CompanyNumber), _ => { },
            // The files as the run wrote them (its recorded format: a run recorded before the Excel CSV keeps its plain CSV).
            RunFileFormat.Of(RunSummary.FromJson(run.Summary!)), RunFiles.Previous(store, run), Payers.PayerAccounts.Debtors(options));
        RunFiles.WriteSummary(folder, summary);

        var differences = new List<ReplayDifference>();
        var explain = new Explainer(store, archive, run, ruleSet, inputsAsOf);
        CompareLines(run, store.ResultLines(run.RunId), computed.Output.ResultLines(), explain, differences);
        CompareIndemnities(run, store.IndemnityPayments(run.RunId), computed.Indemnities, differences);
        CompareDecisions(run, store.AcDecisions(run.RunId), computed.AcDecisions, differences);
        CompareComplements(run, computed.TakenOver, differences);
        var (fileList, compared) = CompareFiles(run, folder, summary.Outputs, differences);

        // A completed run always has its summary (written in the same transaction that completes it).
        var original = RunSummary.FromJson(run.Summary!);
        return new OneRun(new ReplayedRun(run.RunId, run.Kind, Text(run.RunDate), DbTypes.Text(inputsAsOf), ruleSet.Version,
            Totals(original), Totals(summary), fileList, differences.Count) { Compared = compared }, differences);
    }

    /// <summary>The run's results and the replay's, both streamed in line order (the replay computed every line the run did).</summary>
    private static void CompareLines(RunRow run, IEnumerable<(LineResultRow Result, CareLineRow Line)> stored,
        IEnumerable<(LineResultRow Result, CareLineRow Line)> replayed, Explainer explain, List<ReplayDifference> differences)
    {
        using var replay = replayed.GetEnumerator();
        foreach (var (o, line) in stored)
        {
            if (!replay.MoveNext() || replay.Current.Result.LineId != o.LineId)
                throw new InvalidOperationException($"run {run.RunId}: the replay computed no result for line {o.LineId}");
            var r = replay.Current.Result;
            var fields = new List<(string Field, string Original, string Replay, string Difference)>();
            void Amount(string field, Money a, Money b) { if (a != b) fields.Add((field, a.ToString(), b.ToString(), (b - a).ToString())); }
            void Value(string field, string a, string b) { if (a != b) fields.Add((field, a, b, "")); }
            Value("status", o.Status, r.Status);
            Value("reason", o.Reason, r.Reason);
            Amount("fee", o.Fee, r.Fee);
            Amount("insurer_amount", o.Insurer, r.Insurer);
            Amount("personal_share", o.Share, r.Share);
            Amount("supplement", o.Supplement, r.Supplement);
            Amount("maf_refund", o.MafRefund, r.MafRefund);
            Value("rules", o.Rules, r.Rules);
            if (fields.Count == 0) continue;
            var (then, now) = explain.Line(line, o, r);
            foreach (var f in fields)
                differences.Add(new ReplayDifference(run.RunId, $"line:{o.LineId}", f.Field, f.Original, f.Replay, f.Difference, then, now));
        }
    }

    private static void CompareIndemnities(RunRow run, IReadOnlyList<IndemnityPaymentRow> stored, IReadOnlyList<IndemnityPaymentRow> replayed,
        List<ReplayDifference> differences)
    {
        static string Describe(IndemnityPaymentRow p) =>
            $"{p.PeriodStart:yyyy-MM-dd}..{p.PeriodEnd:yyyy-MM-dd}: {p.PaidDays} days at {p.Daily}, gross {p.Gross}, withholding {p.Withholding}, net {p.Net} ({p.Rules})";
        var byKey = replayed.ToDictionary(p => (p.CaseId, p.PeriodStart));
        foreach (var o in stored)
        {
            var item = $"indemnity:{o.IndemnityPaymentId} case {o.CaseId}";
            if (!byKey.Remove((o.CaseId, o.PeriodStart), out var r))
            {
                differences.Add(new ReplayDifference(run.RunId, item, "statement", Describe(o), "none", "", Describe(o), "the replay pays no statement from this day"));
                continue;
            }
            if (o.PeriodEnd != r.PeriodEnd || o.PaidDays != r.PaidDays || o.Daily != r.Daily || o.Gross != r.Gross || o.Withholding != r.Withholding || o.Net != r.Net)
                differences.Add(new ReplayDifference(run.RunId, item, "net", o.Net.ToString(), r.Net.ToString(), (r.Net - o.Net).ToString(), Describe(o), Describe(r)));
        }
        foreach (var r in byKey.Values.OrderBy(p => p.CaseId, StringComparer.Ordinal))
            differences.Add(new ReplayDifference(run.RunId, $"indemnity case {r.CaseId}", "statement", "none", Describe(r), r.Net.ToString(),
                "the run paid no statement from this day", Describe(r)));
    }

    private static void CompareDecisions(RunRow run, IReadOnlyList<AcDecisionRow> stored, IReadOnlyList<AcDecisionRow> replayed, List<ReplayDifference> differences)
    {
        var byRequest = replayed.ToDictionary(d => d.RequestId, StringComparer.Ordinal);
        foreach (var o in stored)
        {
            var r = byRequest[o.RequestId];
            if (o.Granted != r.Granted || o.Status != r.Status || o.Reason != r.Reason)
                differences.Add(new ReplayDifference(run.RunId, $"ac:{o.AcDecisionId} request {o.RequestId}", "granted", o.Granted.ToString(),
                    r.Granted.ToString(), (r.Granted - o.Granted).ToString(), $"{o.Status}: {o.Reason}", $"{r.Status}: {r.Reason}"));
        }
    }

    /// <summary>Each recalculation complement the run paid must be one recorded before the run's as-of instant, with the same amount and payee.</summary>
    private void CompareComplements(RunRow run, IReadOnlyList<RunItemRow> takenOver, List<ReplayDifference> differences)
    {
        var complements = takenOver.Where(i => RunItems.IsRecalcOrigin(i.OriginRunId)).ToList();
        var recorded = store.AdjustmentsById(complements.Select(i => long.Parse(i.SourceRef[4..], System.Globalization.CultureInfo.InvariantCulture)))
            .ToDictionary(a => a.SourceRef, StringComparer.Ordinal);
        foreach (var i in complements)
        {
            var ok = recorded.TryGetValue(i.SourceRef, out var a) && a.Amount == i.Amount && a.PayeeId == i.PayeeId && a.PayeeKind == i.PayeeKind
                     && a.KnownAt <= run.AsOf && RunItems.RecalcOrigin(a.RecalcId) == i.OriginRunId;
            if (!ok)
                differences.Add(new ReplayDifference(run.RunId, i.SourceRef, "complement", i.Amount.ToString(), a?.Amount.ToString() ?? "not recorded", "",
                    $"claimed from {i.OriginRunId} for {i.PayeeKind} {i.PayeeId}", a is null ? "no such recalculation complement" : $"recorded by recalc-{a.RecalcId} for {a.PayeeKind} {a.PayeeId} at {DbTypes.Text(a.KnownAt)}"));
        }
    }

    /// <summary>
    /// Each replayed file against the original: the file itself where the run wrote it (the folder it recorded, else
    /// Engine:OutputFolder/run id), or, when the original is not at hand, the SHA-256 the run recorded for it (every file
    /// since migration 0017; before it, the payment files and summary.json as the run's summary holds them).
    /// </summary>
    private (List<ReplayFile> Files, string Compared) CompareFiles(RunRow run, string folder, IReadOnlyList<string> names, List<ReplayDifference> differences)
    {
        var recorded = store.RunFiles(run.RunId).ToDictionary(f => f.File, f => f.Sha256, StringComparer.Ordinal);
        var recordedAll = recorded.Count > 0;
        if (recorded.Count == 0 && run.Summary is { } json)
        {
            foreach (var f in RunSummary.FromJson(json).PaymentFiles) recorded[f.File] = f.Sha256;
            recorded["summary.json"] = AtomicFile.Sha256Hex(Encoding.UTF8.GetBytes(json));
        }
        var candidates = new[] { run.OutputFolder, Path.GetFullPath(Path.Combine(options.OutputFolder, run.RunId)) }
            .OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var originalFolder = candidates.FirstOrDefault(Directory.Exists);
        var list = new List<ReplayFile>();
        foreach (var name in names)
        {
            var replay = AtomicFile.Sha256HexOfFile(Path.Combine(folder, name));
            var path = originalFolder is null ? null : Path.Combine(originalFolder, name);
            var recordedHash = recorded.GetValueOrDefault(name);
            ReplayFile file = path is not null && File.Exists(path)
                ? new ReplayFile(name, AtomicFile.Sha256HexOfFile(path), replay, recordedHash) { ComparedWith = ReplayFile.WithFile }
                : recordedHash is not null
                    ? new ReplayFile(name, recordedHash, replay, recordedHash) { ComparedWith = ReplayFile.WithRecordedHash }
                    : new ReplayFile(name, null, replay, null) { ComparedWith = ReplayFile.WithNothing };
            list.Add(file);
            if (!file.Same)
                differences.Add(new ReplayDifference(run.RunId, name, "sha256", file.OriginalSha256 ?? "missing", replay, "",
                    file.ComparedWith switch
                    {
                        ReplayFile.WithNothing => $"not found in {string.Join(" nor ", candidates)}, and no hash recorded for it",
                        ReplayFile.WithRecordedHash => "the hash the run recorded (the file is not at hand)",
                        _ => file.RecordedSha256 is { } h && h != file.OriginalSha256 ? $"the run recorded {h}" : "",
                    },
                    ""));
        }
        // A file the run wrote that the replay does not write (a pain.001 for a run whose replay pays nothing): among the
        // files it recorded, or (a run made before they were recorded) in its folder.
        var extras = recordedAll || originalFolder is null
            ? recorded.Where(r => !names.Contains(r.Key)).Select(r => (r.Key, r.Value))
            : Directory.EnumerateFiles(originalFolder).Select(f => Path.GetFileName(f)!).Where(n => !names.Contains(n) && !AtomicFile.IsLeftover(n))
                .Select(n => (n, AtomicFile.Sha256HexOfFile(Path.Combine(originalFolder, n))));
        foreach (var (extra, sha) in extras.OrderBy(e => e.Item1, StringComparer.Ordinal))
            differences.Add(new ReplayDifference(run.RunId, extra, "sha256", sha, "missing", "", "", "the replay does not write this file"));
        var compared = list.All(f => f.ComparedWith == ReplayFile.WithFile) ? $"the files in {originalFolder}"
            : list.All(f => f.ComparedWith == ReplayFile.WithRecordedHash) ? $"the hashes the run recorded (its files are not in {string.Join(" nor ", candidates)})"
            : $"the files in {originalFolder ?? "(none found)"} where present, else the hashes the run recorded";
        return (list, compared);
    }

    private static ReplayTotals Totals(RunSummary s) => new(s.Lines, s.Accepted, s.InsurerTotal, s.PersonalShareTotal, s.MafRefundTotal,
        s.IndemnityStatements, s.IndemnityNetTotal, s.AcRequests, s.AcGrantedTotal, s.Transfers, s.PaidTotal, s.HeldBack, s.HeldBackTotal);

    private static string Text(LocalDate d) => d.ToString("yyyy-MM-dd", null);

    private static RunRow WithRules(RunRow r, string ruleSetVersion) => new()
    {
        RunId = r.RunId, Kind = r.Kind, RunDate = r.RunDate, AsOf = r.AsOf, RuleSetVersion = ruleSetVersion, Phase = r.Phase,
        StartedAt = r.StartedAt, FinishedAt = r.FinishedAt, Summary = r.Summary, ComputedSeq = r.ComputedSeq, Scope = r.Scope, Partitions = r.Partitions,
        RefuseProvisional = r.RefuseProvisional,
    };

    /// <summary>Both explanations of a line that differs: as the run computed it (its rules and registry), and as replayed.</summary>
    private sealed class Explainer(IEngineStore store, RuleSetArchive archive, RunRow run, RuleSet replayRules, Instant inputsAsOf)
    {
        private RuleSet? _then;
        private bool _tried;

        public (string Then, string Now) Line(CareLineRow line, LineResultRow original, LineResultRow replayed)
        {
            if (!_tried)
            {
                _tried = true;
                try { _then = archive.Version(run.RuleSetVersion); }
                catch (RuleLoadException) { _then = null; }
            }
            var then = _then is null ? $"rules used {original.Rules} (the run's rule set is not stored)"
                : Recalc.Recalculation.Join(Computation(_then, run.AsOf, line.BeneficiaryId).Explain(line));
            return ($"as of {DbTypes.Text(run.AsOf)}, rules {run.RuleSetVersion[..12]}: {Recalc.Recalculation.Describe(original)}: {then}",
                $"as of {DbTypes.Text(inputsAsOf)}, rules {replayRules.Version[..12]}: {Recalc.Recalculation.Describe(replayed)}: " +
                Recalc.Recalculation.Join(Computation(replayRules, inputsAsOf, line.BeneficiaryId).Explain(line)));
        }

        /// <summary>The kernel with the line's member as known at an instant (the only member a line's explanation reads).</summary>
        private LineComputation Computation(RuleSet rules, Instant asOf, string member) =>
            new(rules, store.Beneficiaries(asOf, [member]).ToDictionary(b => b.BeneficiaryId, StringComparer.Ordinal),
                new StatusIndex(store.Statuses(asOf, [member])));
    }
}
