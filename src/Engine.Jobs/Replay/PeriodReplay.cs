using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Engine.Core.Money;
using Engine.Core.Payments;
using Engine.Core.Rules;
using Engine.Jobs.Data;
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
/// replayed on its own.
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
        var seq = run.ComputedSeq ?? throw new InvalidOperationException($"run {run.RunId} has no computation order: it was computed before migration 0006");
        var inputsAsOf = asOf ?? run.AsOf;
        var beneficiaries = store.Beneficiaries(inputsAsOf).ToDictionary(b => b.BeneficiaryId, StringComparer.Ordinal);
        var statuses = store.Statuses(inputsAsOf);
        var storedResults = store.Results(run.RunId);
        var lines = store.Lines(storedResults.Select(r => r.LineId)).ToList();
        var scopeCases = run.Scope is { } json ? JsonSerializer.Deserialize<List<string>>(json)!.ToHashSet(StringComparer.Ordinal) : null;
        var inputs = new RunInputs(beneficiaries, statuses, store.Households(inputsAsOf), store.HouseholdMembers(inputsAsOf), lines,
            store.IndemnityCases(inputsAsOf).Where(c => scopeCases is null || scopeCases.Contains(c.CaseId)).ToList(),
            store.IndemnityPaidUntilBefore(seq), store.AcRequestsDecidedBy(run.RunId),
            keys => store.MafCountersBefore(seq, keys), members => store.AcStatesBefore(seq, members), store.IndemnityFamily(inputsAsOf),
            run.Kind == "nightly" ? store.PendingMafCounters(seq) : [],
            // The sessions the runs computed before this one had used, as known at the run's instant.
            Authorisations.AuthorisationCheck.For(store, ruleSet, lines, inputsAsOf, l => l.ComputedSeq > 0 && l.ComputedSeq < seq));
        var computed = RunComputation.Compute(run.RunId, run.RunDate, ruleSet, inputs);

        // The ids the store gave the run's indemnity statements and AC decisions name their payable items: the same
        // statement (case, first day) and decision (request) keep them; one only the replay computes gets a negative id.
        var storedIndemnities = store.IndemnityPayments(run.RunId);
        var storedDecisions = store.AcDecisions(run.RunId);
        var indemnityIds = storedIndemnities.ToDictionary(p => (p.CaseId, p.PeriodStart), p => p.IndemnityPaymentId);
        var decisionIds = storedDecisions.ToDictionary(d => d.RequestId, d => d.AcDecisionId, StringComparer.Ordinal);
        long unknown = 0;
        var indemnities = computed.Indemnities.Select(p => WithId(p, indemnityIds.TryGetValue((p.CaseId, p.PeriodStart), out var id) ? id : --unknown))
            .OrderBy(p => p.CaseId, StringComparer.Ordinal).ThenBy(p => p.PeriodStart).ToList();
        var decisions = computed.AcDecisions.Select(d => WithId(d, decisionIds.TryGetValue(d.RequestId, out var id) ? id : --unknown))
            .OrderBy(d => d.RequestId, StringComparer.Ordinal).ToList();

        var lineById = lines.ToDictionary(l => l.LineId);
        var providers = store.Providers(inputsAsOf).ToDictionary(p => p.ProviderId, StringComparer.Ordinal);
        var sendings = store.SendingHeaders(lines.Select(l => l.SendingId).Distinct()).ToDictionary(s => s.SendingId);
        var builder = new PayablesBuilder(beneficiaries, providers, sendings, options.Payer.Mutuality);
        var provisional = RunItems.ProvisionalOf(computed.Results, indemnities, decisions, computed.MafSettlements);
        var own = builder.Items(computed.Results, lineById, run.RunDate).Concat(builder.Indemnities(indemnities, run.RunDate))
            .Concat(builder.Advantages(decisions, run.RunDate)).Concat(builder.Settlements(computed.MafSettlements, run.RunDate))
            .Select(i => RunItems.Row(run.RunId, null, run.RunId, i, provisional(i.SourceRef)));
        var takenOver = store.RunItems(run.RunId).Where(i => i.OriginRunId != run.RunId).ToList();
        // The same plan and files as the run, decided payee by payee and written in the same order, from memory: the sink
        // that compares instead of paying.
        var output = new MemoryRunOutput(run.RunId, computed.Results.Select(r => (r, lineById[r.LineId])), indemnities, decisions,
            own.Concat(takenOver.Select(Pending)), computed.MafSettlements,
            MafPendingYears.After(store.PendingMafCounters(seq), computed.MafCounters), computed.IndemnitiesHeld, run.RefuseProvisional);
        Directory.CreateDirectory(folder);
        var payer = options.Payer;
        var summary = RunFiles.Write(WithRules(run, ruleSet.Version), folder, output,
            new PaymentDebtor(payer.Name, payer.Iban, payer.Bic, payer.CompanyNumber), _ => { },
            // The files as the run wrote them (its recorded format: a run recorded before the Excel CSV keeps its plain CSV).
            RunFileFormat.Of(RunSummary.FromJson(run.Summary!)), RunFiles.Previous(store, run), Payers.PayerAccounts.Debtors(options));
        RunFiles.WriteSummary(folder, summary);

        var differences = new List<ReplayDifference>();
        var explain = new Explainer(store, archive, run, ruleSet, beneficiaries, statuses, inputsAsOf);
        CompareLines(run, storedResults, computed.Results, lineById, explain, differences);
        CompareIndemnities(run, storedIndemnities, indemnities, differences);
        CompareDecisions(run, storedDecisions, decisions, differences);
        CompareComplements(run, takenOver, differences);
        var (fileList, compared) = CompareFiles(run, folder, summary.Outputs, differences);

        // A completed run always has its summary (written in the same transaction that completes it).
        var original = RunSummary.FromJson(run.Summary!);
        return new OneRun(new ReplayedRun(run.RunId, run.Kind, Text(run.RunDate), DbTypes.Text(inputsAsOf), ruleSet.Version,
            Totals(original), Totals(summary), fileList, differences.Count) { Compared = compared }, differences);
    }

    private static void CompareLines(RunRow run, IReadOnlyList<LineResultRow> stored, IReadOnlyList<LineResultRow> replayed,
        IReadOnlyDictionary<long, CareLineRow> lines, Explainer explain, List<ReplayDifference> differences)
    {
        var byLine = replayed.ToDictionary(r => r.LineId);
        foreach (var o in stored)
        {
            var r = byLine[o.LineId];
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
            var (then, now) = explain.Line(lines[o.LineId], o, r);
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

    private static IndemnityPaymentRow WithId(IndemnityPaymentRow p, long id) => new()
    {
        IndemnityPaymentId = id, RunId = p.RunId, CaseId = p.CaseId, BeneficiaryId = p.BeneficiaryId, PeriodStart = p.PeriodStart,
        PeriodEnd = p.PeriodEnd, PaidDays = p.PaidDays, Daily = p.Daily, Gross = p.Gross, Withholding = p.Withholding, Net = p.Net,
        RuleSetVersion = p.RuleSetVersion, Rules = p.Rules, Provisional = p.Provisional,
    };

    private static AcDecisionRow WithId(AcDecisionRow d, long id) => new()
    {
        AcDecisionId = id, RunId = d.RunId, RequestId = d.RequestId, MemberId = d.MemberId, Advantage = d.Advantage, Date = d.Date,
        Granted = d.Granted, Status = d.Status, Reason = d.Reason, RuleSetVersion = d.RuleSetVersion, Provisional = d.Provisional,
    };

    private static string Text(LocalDate d) => d.ToString("yyyy-MM-dd", null);

    private static RunRow WithRules(RunRow r, string ruleSetVersion) => new()
    {
        RunId = r.RunId, Kind = r.Kind, RunDate = r.RunDate, AsOf = r.AsOf, RuleSetVersion = ruleSetVersion, Phase = r.Phase,
        StartedAt = r.StartedAt, FinishedAt = r.FinishedAt, Summary = r.Summary, ComputedSeq = r.ComputedSeq, Scope = r.Scope, Partitions = r.Partitions,
        RefuseProvisional = r.RefuseProvisional,
    };

    /// <summary>An item the run took over, as it was before the run decided it.</summary>
    private static RunItemRow Pending(RunItemRow i) => RunItems.Row(i.RunId, null, i.OriginRunId, RunItems.Payable(i), i.Provisional);

    /// <summary>Both explanations of a line that differs: as the run computed it (its rules and registry), and as replayed.</summary>
    private sealed class Explainer(IEngineStore store, RuleSetArchive archive, RunRow run, RuleSet replayRules,
        IReadOnlyDictionary<string, BeneficiaryRow> beneficiaries, IReadOnlyList<StatusRow> statuses, Instant inputsAsOf)
    {
        private LineComputation? _then;
        private bool _tried;
        private readonly LineComputation _now = new(replayRules, beneficiaries, new StatusIndex(statuses));

        public (string Then, string Now) Line(CareLineRow line, LineResultRow original, LineResultRow replayed)
        {
            if (!_tried)
            {
                _tried = true;
                try
                {
                    _then = new LineComputation(archive.Version(run.RuleSetVersion),
                        store.Beneficiaries(run.AsOf).ToDictionary(b => b.BeneficiaryId, StringComparer.Ordinal), new StatusIndex(store.Statuses(run.AsOf)));
                }
                catch (RuleLoadException) { _then = null; }
            }
            var then = _then is null ? $"rules used {original.Rules} (the run's rule set is not stored)" : Recalc.Recalculation.Join(_then.Explain(line));
            return ($"as of {DbTypes.Text(run.AsOf)}, rules {run.RuleSetVersion[..12]}: {Recalc.Recalculation.Describe(original)}: {then}",
                $"as of {DbTypes.Text(inputsAsOf)}, rules {replayRules.Version[..12]}: {Recalc.Recalculation.Describe(replayed)}: {Recalc.Recalculation.Join(_now.Explain(line))}");
        }
    }
}
