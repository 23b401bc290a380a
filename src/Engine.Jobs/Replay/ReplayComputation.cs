using System.Text.Json;
using Engine.Core.Ceilings;
using Engine.Core.Rules;
using Engine.Jobs.Authorisations;
using Engine.Jobs.Data;
using Engine.Jobs.Data.Sqlite;
using Engine.Jobs.Payments;
using Engine.Jobs.Runs;
using NodaTime;

namespace Engine.Jobs.Replay;

/// <summary>What a replay computed of one run: the statements and decisions under the run's ids, and the files' source.</summary>
internal sealed record ReplayComputed(IReadOnlyList<IndemnityPaymentRow> Indemnities, IReadOnlyList<AcDecisionRow> AcDecisions,
    IReadOnlyList<RunItemRow> TakenOver, IRunOutputSource Output);

/// <summary>
/// A completed run computed again through the phases of the run (partitions, claim, decide) into a scratch store instead
/// of the store of the runs: the sink that compares instead of paying. Its lines are split into the run's number of
/// partitions as a run splits them (by household in the year of care as of the inputs' instant, else by member), and each
/// partition reads only its own lines and their registry, computes, and commits its results and items to the scratch
/// store: memory is bounded by a partition, not by the registry or the night. The files are then streamed from the
/// scratch store in the store's order, as the run streams them from its own.
/// </summary>
internal static class ReplayComputation
{
    public static ReplayComputed Compute(IEngineStore store, SqliteStore scratch, RunRow run, RuleSet ruleSet, Instant inputsAsOf, EngineOptions options)
    {
        var seq = run.ComputedSeq!.Value;
        var runId = run.RunId;
        var partitions = Math.Max(run.Partitions ?? 1, 1);
        scratch.Migrate(run.AsOf);
        scratch.StartRun(new RunRow
        {
            RunId = runId, Kind = run.Kind, RunDate = run.RunDate, AsOf = run.AsOf, RuleSetVersion = ruleSet.Version, StartedAt = run.StartedAt,
            RefuseProvisional = run.RefuseProvisional, EngineVersion = run.EngineVersion, EngineCommit = run.EngineCommit,
        }, _ => partitions, null);

        var (lineIds, households) = Split(store, runId, inputsAsOf, partitions);
        var scopeCases = run.Scope is { } json ? JsonSerializer.Deserialize<List<string>>(json)!.ToHashSet(StringComparer.Ordinal) : null;
        var cases = store.IndemnityCases(inputsAsOf).Where(c => scopeCases is null || scopeCases.Contains(c.CaseId))
            .ToLookup(c => RunPartitioning.OfCase(c, partitions));
        var requests = store.AcRequestsDecidedBy(runId).ToLookup(r => RunPartitioning.OfAcRequest(r, partitions));
        var pendingBefore = store.PendingMafCounters(seq);
        var pendingMaf = (run.Kind == "nightly" ? pendingBefore : [])
            .ToLookup(p => RunPartitioning.OfHousehold(new MafCounterKey(p.HouseholdId, p.Year).Address.HouseholdId, partitions));
        var pendingKeys = pendingBefore.Select(c => (c.HouseholdId, c.Year)).ToHashSet();
        var paidUntil = store.IndemnityPaidUntilBefore(seq);
        var family = store.IndemnityFamily(inputsAsOf);
        var providers = store.Providers(inputsAsOf).ToDictionary(p => p.ProviderId, StringComparer.Ordinal);

        // The ids the store gave the run's indemnity statements and AC decisions name their payable items: the same
        // statement (case, first day) and decision (request) keep them; one only the replay computes gets a negative id.
        var indemnityIds = store.IndemnityPayments(runId).ToDictionary(p => (p.CaseId, p.PeriodStart), p => p.IndemnityPaymentId);
        var decisionIds = store.AcDecisions(runId).ToDictionary(d => d.RequestId, d => d.AcDecisionId, StringComparer.Ordinal);
        long unknown = 0;
        var indemnities = new List<IndemnityPaymentRow>();
        var decisions = new List<AcDecisionRow>();
        var settlements = new List<MafSettlementRow>();
        var held = new List<IndemnityHeldRow>();
        var counters = new List<MafCounterRow>();
        for (var p = 0; p < partitions; p++)
        {
            var lines = lineIds[p].Count == 0 ? [] : store.Lines(lineIds[p]);
            var partCases = cases[p].ToList();
            var partRequests = requests[p].ToList();
            var partPending = pendingMaf[p].ToList();
            var pendingLines = partPending.SelectMany(x => JsonSerializer.Deserialize<List<PendingMafLine>>(x.Pending!)!).ToList();
            var members = lines.Select(l => l.BeneficiaryId).Concat(partRequests.Select(r => r.MemberId)).Concat(partCases.Select(c => c.BeneficiaryId))
                .Concat(pendingLines.Select(x => x.Beneficiary)).Distinct(StringComparer.Ordinal).ToList();
            var beneficiaries = store.Beneficiaries(inputsAsOf, members).ToDictionary(b => b.BeneficiaryId, StringComparer.Ordinal);
            var householdOf = households[p].Values.ToList();
            var householdIds = householdOf.Select(m => m.HouseholdId)
                .Concat(partPending.Select(x => new MafCounterKey(x.HouseholdId, x.Year).Address.HouseholdId)).Distinct(StringComparer.Ordinal).ToList();
            var inputs = new RunInputs(beneficiaries, store.Statuses(inputsAsOf, members), store.Households(inputsAsOf, householdIds), householdOf,
                lines, partCases, paidUntil, partRequests, keys => store.MafCountersBefore(seq, keys), ids => store.AcStatesBefore(seq, ids), family,
                partPending,
                // The sessions the runs computed before this one had used, as known at the run's instant ...
                AuthorisationCheck.For(store, ruleSet, lines, inputsAsOf, l => l.ComputedSeq > 0 && l.ComputedSeq < seq),
                // ... and the run's lines of those members in its other partitions, decided in line order with these (as the run).
                partitions > 1 ? AuthorisationCheck.RunLines(store, ruleSet, runId, lines) : null);
            var computed = RunComputation.Compute(runId, run.RunDate, ruleSet, inputs);

            var statements = computed.Indemnities.Select(x => WithId(x, indemnityIds.TryGetValue((x.CaseId, x.PeriodStart), out var id) ? id : --unknown)).ToList();
            var advantages = computed.AcDecisions.Select(d => WithId(d, decisionIds.TryGetValue(d.RequestId, out var id) ? id : --unknown)).ToList();
            var lineById = lines.ToDictionary(l => l.LineId);
            var builder = new PayablesBuilder(beneficiaries, providers,
                // Only a line paid to its provider names the sending it settles (as the run reads them).
                store.SendingHeaders(computed.Results.Where(r => r.Payee == "provider").Select(r => lineById[r.LineId].SendingId).Distinct())
                    .ToDictionary(s => s.SendingId), options.Payer.Mutuality);
            var provisional = RunItems.ProvisionalOf(computed.Results, statements, advantages, computed.MafSettlements);
            var items = builder.Items(computed.Results, lineById, run.RunDate).Concat(builder.Indemnities(statements, run.RunDate))
                .Concat(builder.Advantages(advantages, run.RunDate)).Concat(builder.Settlements(computed.MafSettlements, run.RunDate))
                .Select(i => RunItems.Row(runId, p, runId, i, provisional(i.SourceRef))).ToList();
            scratch.CopyLines(lines);
            // The statements and decisions stay in memory under the run's ids (few: by case and request, not by line).
            scratch.CommitPartition(new PartitionCommit(runId, p, computed.Results, [], [], [], [], (_, _) => items, run.AsOf, "replay"), _ => []);

            indemnities.AddRange(statements);
            decisions.AddRange(advantages);
            settlements.AddRange(computed.MafSettlements);
            held.AddRange(computed.IndemnitiesHeld);
            // Only the counters that can be pending after the run: those pending, and those that replace one pending before.
            counters.AddRange(computed.MafCounters.Where(c => c.IsPending || pendingKeys.Contains((c.HouseholdId, c.Year))));
        }

        // The items the run took over (held back by earlier runs, complements of recalculations), as it claimed them.
        var takenOver = store.TransferItems(runId).Select(t => t.Item).Concat(store.UnpaidItems(runId))
            .Where(i => i.OriginRunId != runId).OrderBy(i => i.SourceRef, StringComparer.Ordinal).ToList();
        scratch.Advance(runId, RunPhase.Started, RunPhase.Computed);
        scratch.Claim(runId, run.AsOf, (_, _) => takenOver.Select(Pending).ToList());
        scratch.Decide(runId, items => RunDecisions.Decide(runId, items, run.RefuseProvisional));

        var statementsOrdered = indemnities.OrderBy(x => x.CaseId, StringComparer.Ordinal).ThenBy(x => x.PeriodStart).ToList();
        var decisionsOrdered = decisions.OrderBy(d => d.RequestId, StringComparer.Ordinal).ToList();
        return new ReplayComputed(statementsOrdered, decisionsOrdered, takenOver, new ReplayRunOutput(scratch, runId, statementsOrdered, decisionsOrdered,
            settlements.OrderBy(x => x.LineId).ToList(), MafPendingYears.After(pendingBefore, counters),
            held.OrderBy(h => h.CaseId, StringComparer.Ordinal).ToList()));
    }

    /// <summary>
    /// The run's line ids by partition, with each partition's memberships (a line's household in its year of care as of
    /// the inputs' instant): read as a stream of the run's results, the registry's memberships once.
    /// </summary>
    private static (List<long>[] LineIds, Dictionary<(string, int), HouseholdMemberRow>[] Households) Split(IEngineStore store, string runId,
        Instant asOf, int partitions)
    {
        var membership = new Dictionary<(string, int), HouseholdMemberRow>();
        foreach (var m in store.HouseholdMembers(asOf)) membership.TryAdd((m.BeneficiaryId, m.Year), m);
        var lineIds = Enumerable.Range(0, partitions).Select(_ => new List<long>()).ToArray();
        var households = Enumerable.Range(0, partitions).Select(_ => new Dictionary<(string, int), HouseholdMemberRow>()).ToArray();
        foreach (var (_, line) in store.ResultLines(runId))
        {
            var key = (line.BeneficiaryId, line.ServiceDate.Year);
            var member = membership.GetValueOrDefault(key);
            var p = RunPartitioning.OfLine(new WorkLine(line.LineId, line.BeneficiaryId, line.ServiceDate.Year, member?.HouseholdId), partitions);
            lineIds[p].Add(line.LineId);
            if (member is not null) households[p].TryAdd(key, member);
        }
        return (lineIds, households);
    }

    /// <summary>An item the run took over, as it was before the run decided it.</summary>
    private static RunItemRow Pending(RunItemRow i) => RunItems.Row(i.RunId, null, i.OriginRunId, RunItems.Payable(i), i.Provisional);

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
}
