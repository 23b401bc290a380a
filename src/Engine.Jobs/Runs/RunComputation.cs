using Engine.Core.Rules;
using Engine.Jobs.Data;
using NodaTime;

namespace Engine.Jobs.Runs;

/// <summary>
/// Everything the compute phase of a run reads: the registry as known at its as-of instant, the care lines it computes,
/// the indemnity cases, the AC requests it decides, and the state earlier runs left (MAF counters, indemnity coverage,
/// AC allowances). The nightly run fills it from the store as it stands; a replay fills it as it stood before the run.
/// <see cref="AuthorisationLines"/>: the run's lines, in every partition, of the members whose lines here need an
/// authorisation (null: the lines computed here are all of them).
/// </summary>
public sealed record RunInputs(
    IReadOnlyDictionary<string, BeneficiaryRow> Beneficiaries,
    IReadOnlyList<StatusRow> Statuses,
    IReadOnlyList<HouseholdRow> Households,
    IReadOnlyList<HouseholdMemberRow> HouseholdMembers,
    IReadOnlyList<CareLineRow> Lines,
    IReadOnlyList<IndemnityCaseRow> Cases,
    IReadOnlyDictionary<string, LocalDate> IndemnityPaidUntil,
    IReadOnlyList<AcRequestRow> AcRequests,
    Func<IEnumerable<(string HouseholdId, int Year)>, IReadOnlyList<MafCounterRow>> MafCounters,
    Func<IEnumerable<string>, IReadOnlyList<AcMemberStateRow>> AcAllowances,
    IReadOnlyList<IndemnityFamilyRow>? FamilyChanges = null,
    IReadOnlyList<MafCounterRow>? PendingMaf = null,
    Authorisations.AuthorisationCheck? Authorisations = null,
    IReadOnlyList<CareLineRow>? AuthorisationLines = null);

/// <summary>What the compute phase of a run gives: the rows the run stores.</summary>
public sealed record RunComputed(
    IReadOnlyList<LineResultRow> Results,
    IReadOnlyList<MafCounterRow> MafCounters,
    IReadOnlyList<IndemnityPaymentRow> Indemnities,
    IReadOnlyList<AcDecisionRow> AcDecisions,
    IReadOnlyList<AcMemberStateRow> AcStates,
    IReadOnlyList<string> Notes,
    IReadOnlyList<MafSettlementRow> MafSettlements,
    IReadOnlyList<IndemnityHeldRow> IndemnitiesHeld);

/// <summary>
/// The compute phase of a run, from its inputs and rules to its results, with no store and no clock: care lines by the
/// reimbursement kernel, then the MAF, the indemnities and the AC decisions. The nightly run and the replay both call
/// it, so a replay computes exactly what the run computed when given what the run was given.
/// </summary>
public static class RunComputation
{
    public static RunComputed Compute(string runId, LocalDate runDate, RuleSet rules, RunInputs inputs)
    {
        var computation = new LineComputation(rules, inputs.Beneficiaries, new StatusIndex(inputs.Statuses), inputs.Authorisations);
        // A member's lines under authorisation may lie in several partitions (a household changing between two years
        // puts each year's lines with its household): their sessions are decided first, over all of the run's lines of
        // that member in line order, so each partition decides them as one partition holding them all would, and two
        // partitions never both use the last session. (The check keeps each line's decision; the results are dropped.)
        foreach (var line in inputs.AuthorisationLines ?? []) computation.Compute(runId, line);
        var results = new List<LineResultRow>(inputs.Lines.Count);
        foreach (var line in inputs.Lines) results.Add(computation.Compute(runId, line));
        var maf = new MafStep(inputs.MafCounters, rules).Apply(runId, results, inputs.Lines.ToDictionary(l => l.LineId), inputs.Beneficiaries,
            inputs.Households, inputs.HouseholdMembers, inputs.PendingMaf);
        var indemnities = new IndemnityStep(rules).Compute(runId, runDate, inputs.Cases, inputs.IndemnityPaidUntil, inputs.FamilyChanges);
        var ac = new AcStep(rules).Decide(runId, inputs.AcRequests, inputs.AcAllowances, inputs.Beneficiaries, inputs.Statuses);
        return new RunComputed(maf.Results, maf.Counters, indemnities.Payments, ac.Decisions, ac.States,
            maf.Notes.Concat(indemnities.Notes).ToList(), maf.Settlements, indemnities.Held);
    }
}
