using Engine.Core.Money;
using NodaTime;

namespace Engine.Jobs.Data;

/// <summary>Recalculation and replay: rule-set snapshots, what runs computed and paid, adjustments and recoveries.</summary>
public partial interface IEngineStore
{
    /// <summary>Stores the files of a rule-set version, unless that version is stored already.</summary>
    void SaveRuleSet(string version, IReadOnlyList<RuleFile> files, Instant at);

    /// <summary>The files of a stored rule-set version, in path order; null when the version was never stored.</summary>
    IReadOnlyList<RuleFile>? RuleSetFiles(string version);

    /// <summary>Care lines a run has a result for, with that result, in line order.</summary>
    IReadOnlyList<ComputedLine> ComputedLines(LineSelection selection);

    /// <summary>Indemnity statements of runs, of these members (null: all), overlapping the period (null: any).</summary>
    IReadOnlyList<IndemnityPaymentRow> ComputedIndemnities(IReadOnlyCollection<string>? beneficiaries, LocalDate? from, LocalDate? to);

    /// <summary>
    /// Records a recalculation in one transaction that no other recalculation or claim interleaves with:
    /// <paramref name="decide"/> receives, for each of <paramref name="items"/>, what earlier adjustments added to it
    /// (complements minus undue amounts) and returns the differences found; they are stored as complements (owed) or
    /// recoveries (undue), and the recalculation with its counts. Returns the recalculation as stored.
    /// </summary>
    RecalcRow SaveRecalc(RecalcRow recalc, IReadOnlyCollection<string> items,
        Func<long, IReadOnlyDictionary<string, Money>, IReadOnlyList<AdjustmentRow>> decide);

    void SetRecalcReport(long recalcId, string reportFile);
    /// <summary>The recalculations stored without their report (the process stopped between the two), by id.</summary>
    IReadOnlyList<RecalcRow> RecalcsWithoutReport();
    RecalcRow? Recalc(long recalcId);
    /// <summary>The complements and undue amounts of a recalculation (null: of every recalculation), by item.</summary>
    IReadOnlyList<AdjustmentRow> Adjustments(long? recalcId = null);
    IReadOnlyList<AdjustmentRow> AdjustmentsById(IEnumerable<long> adjustmentIds);

    /// <summary>The latest MAF counter of each household-year left by a run that computed before run number <paramref name="computedSeq"/>.</summary>
    IReadOnlyList<MafCounterRow> MafCountersBefore(long computedSeq, IEnumerable<(string HouseholdId, int Year)> keys);
    IReadOnlyList<AcMemberStateRow> AcStatesBefore(long computedSeq, IEnumerable<string> memberIds);
    IReadOnlyDictionary<string, LocalDate> IndemnityPaidUntilBefore(long computedSeq);
    /// <summary>The AC requests a run decided, in the order it decided them (date, then arrival).</summary>
    IReadOnlyList<AcRequestRow> AcRequestsDecidedBy(string runId);
}
