using System.Text.Json;
using Engine.Core.Money;
using Engine.Core.Payments;
using Engine.Core.Rules;
using Engine.Jobs.Data;
using Engine.Jobs.Rules;
using NodaTime;

namespace Engine.Jobs.Runs;

/// <summary>
/// The nightly payment run for one date: compute every care line not yet computed, store the results, decide the
/// transfers and write the payment files, the per-line results and the summary.
/// Safe to run twice and to restart after a crash at any point:
/// - the run id is the date: a second start finds the run and continues or reproduces it;
/// - the run sees only inputs known at its as-of instant (fixed at its first start), so a restart computes the same;
/// - results are stored in one transaction (status computed);
/// - the payment phase claims what the run owes, decides it in chunks and writes the files from the stored rows, each
///   step idempotent (see <see cref="RunPayments"/>), so a completed run is reproduced byte for byte and pays nothing new.
/// </summary>
public sealed class NightlyRun(IEngineStore store, RuleSetProvider rules, EngineOptions options, IClock clock, Serilog.ILogger log, RunPayments payments)
{
    public RunSummary Execute(LocalDate runDate) => Execute(RunScope.Nightly(runDate));

    /// <summary>The whole run in this process, its payment chunks one after the other.</summary>
    public RunSummary Execute(RunScope scope) => Execute(scope, fanOut: null)!;

    /// <summary>
    /// The run, with its pending payment chunks handed to <paramref name="fanOut"/> (run id, chunk ids): then null is
    /// returned, and the run is started again when its chunks are done, to write its files.
    /// </summary>
    public RunSummary? Execute(RunScope scope, Action<string, IReadOnlyList<int>>? fanOut)
    {
        var ruleSet = rules.Current;
        var runDate = scope.Date;
        var runId = scope.RunId;
        var run = store.Run(runId);
        if (run is null)
        {
            var now = clock.GetCurrentInstant();
            // The rules' files are kept with the first run that uses them: a replay loads them back.
            new RuleSetArchive(store, rules).Keep(ruleSet, rules.Folder, now);
            store.StartRun(new RunRow
            {
                RunId = runId, Kind = scope.Kind, RunDate = runDate, AsOf = now, RuleSetVersion = ruleSet.Version, StartedAt = now,
                Scope = scope.IndemnityCases is { } cases ? JsonSerializer.Serialize(cases.Order(StringComparer.Ordinal)) : null,
            });
            run = store.Run(runId)!;
        }
        // A run goes on with the rules it started with (kept in the store at its first start), whatever rules/ holds now:
        // refusing would leave what it computed and claimed unpaid, since no later run computes its lines or takes its items.
        if (run.RuleSetVersion != ruleSet.Version)
            ruleSet = new RuleSetArchive(store, rules).Version(run.RuleSetVersion);
        var logger = log.ForContext("RunId", runId);

        var beneficiaries = store.Beneficiaries(run.AsOf).ToDictionary(b => b.BeneficiaryId, StringComparer.Ordinal);
        if (run.Status == "started")
        {
            var pending = scope.CareLines ? store.UnprocessedLines(run.AsOf) : [];
            logger.Information("Computing {Count} care lines as of {AsOf}", pending.Count, run.AsOf);
            var inputs = new RunInputs(beneficiaries, store.Statuses(run.AsOf), store.Households(run.AsOf), store.HouseholdMembers(run.AsOf),
                pending, store.IndemnityCases(run.AsOf).Where(c => scope.IndemnityCases is null || scope.IndemnityCases.Contains(c.CaseId)).ToList(),
                store.IndemnityPaidUntil(), scope.CareLines ? store.UndecidedAcRequests(run.AsOf) : [],
                store.LatestMafCounters, store.LatestAcStates, store.IndemnityFamily(run.AsOf));
            var computed = RunComputation.Compute(runId, runDate, ruleSet, inputs);
            foreach (var note in computed.Notes) logger.Warning("{Note}", note);
            store.SaveResults(runId, computed.Results, computed.MafCounters, computed.Indemnities, computed.AcDecisions, computed.AcStates);
            run = store.Run(runId)!;
        }

        var stored = store.Results(runId);
        var lines = store.Lines(stored.Select(r => r.LineId)).ToDictionary(l => l.LineId);
        var sendings = store.SendingHeaders(lines.Values.Select(l => l.SendingId).Distinct()).ToDictionary(s => s.SendingId);
        var providers = store.Providers(run.AsOf).ToDictionary(p => p.ProviderId, StringComparer.Ordinal);
        var indemnityPayments = store.IndemnityPayments(runId);
        var builder = new PayablesBuilder(beneficiaries, providers, sendings, options.Payer.Mutuality);
        var acDecisions = store.AcDecisions(runId);
        var payables = builder.Items(stored, lines, runDate).Concat(builder.Indemnities(indemnityPayments, runDate))
            .Concat(builder.Advantages(acDecisions, runDate)).ToList();

        // Payment phase: every owed amount paid exactly once, in chunks of payees (see RunPayments).
        var paid = payments.Pay(run, payables, beneficiaries, providers, fanOut);
        if (paid is null) return null;
        ResultsCsv.Write(Path.Combine(paid.Folder, "results.csv"), stored, lines);
        IndemnityCsv.Write(Path.Combine(paid.Folder, "indemnities.csv"), indemnityPayments);
        AcDecisionsCsv.Write(Path.Combine(paid.Folder, "ac-decisions.csv"), acDecisions);
        var summary = paid.AddTo(Summarise(run, ruleSet, stored, indemnityPayments, acDecisions));
        payments.Complete(paid, summary);
        logger.Information("Run complete: {Lines} lines, {Transfers} transfers, {Paid} paid, {Held} held back",
            summary.Lines, summary.Transfers, summary.PaidTotal, summary.HeldBack);
        return summary;
    }

    /// <summary>The summary of what a run computed, before its payment phase adds what it paid (<see cref="PaidRun.AddTo"/>).</summary>
    public static RunSummary Summarise(RunRow run, RuleSet rules, IReadOnlyList<LineResultRow> results,
        IReadOnlyList<IndemnityPaymentRow> indemnityPayments, IReadOnlyList<AcDecisionRow> acDecisions) =>
        Summarise(run, rules, results) with
        {
            IndemnityStatements = indemnityPayments.Count,
            IndemnityNetTotal = indemnityPayments.Aggregate(Money.Zero, (s, p) => s + p.Net).ToString(),
            IndemnityWithholdingTotal = indemnityPayments.Aggregate(Money.Zero, (s, p) => s + p.Withholding).ToString(),
            AcRequests = acDecisions.Count,
            AcGrantedTotal = acDecisions.Aggregate(Money.Zero, (s, d) => s + d.Granted).ToString(),
        };

    private static RunSummary Summarise(RunRow run, RuleSet rules, IReadOnlyList<LineResultRow> results)
    {
        Money Sum(Func<LineResultRow, Money> f) => results.Aggregate(Money.Zero, (s, r) => s + f(r));
        var rejections = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in results.Where(r => r.Status != "accepted"))
            rejections[r.Reason] = rejections.GetValueOrDefault(r.Reason) + 1;
        return new RunSummary
        {
            RunId = run.RunId, RunDate = run.RunDate.ToString("yyyy-MM-dd", null), AsOf = DbTypes.Text(run.AsOf),
            RuleSetVersion = rules.Version, Lines = results.Count, Accepted = results.Count(r => r.Status == "accepted"),
            Rejected = results.Count(r => r.Status != "accepted"), RejectionsByReason = rejections,
            FeeTotal = Sum(r => r.Fee).ToString(), InsurerTotal = Sum(r => r.Insurer).ToString(),
            PersonalShareTotal = Sum(r => r.Share).ToString(), SupplementTotal = Sum(r => r.Supplement).ToString(),
            MafRefundTotal = Sum(r => r.MafRefund).ToString(),
            Outputs = ["results.csv", "indemnities.csv", "ac-decisions.csv", "summary.json"],
        };
    }
}
