using NodaTime;

namespace Engine.Jobs.Data;

/// <summary>
/// The payment phases of a run: take over what earlier runs left, decide every item once, stream the plan to the
/// files, write the ledger. Every write is idempotent by run (a second call finds the phase moved and writes nothing).
/// </summary>
public interface IRunPaymentsStore
{
    /// <summary>
    /// Moves a computed run to claimed under the run lock (<see cref="IRunStateStore"/>): <paramref name="takeOver"/>
    /// receives the items earlier runs held back that no run has paid or claimed since (the latest copy of each) and the
    /// complements of recalculations recorded by <paramref name="asOf"/> that no run has taken, and returns the items the
    /// run takes over; they are stored pending. Refused, naming it, when an item of the run's own is already held by
    /// another run.
    /// </summary>
    /// <returns>False, writing nothing, when the run is past <see cref="RunPhase.Computed"/>.</returns>
    bool Claim(string runId, Instant asOf, Func<IReadOnlyList<RunItemRow>, IReadOnlyList<AdjustmentRow>, IReadOnlyList<RunItemRow>> takeOver);

    /// <summary>
    /// Moves a claimed run to decided in one transaction: the run's items are given to <paramref name="decide"/> one
    /// payee at a time (payees in item order), and its outcomes and transfers are stored. A second 'paid' for an item,
    /// whatever the run, is refused by the store.
    /// </summary>
    /// <returns>False, writing nothing, when the run is past <see cref="RunPhase.Claimed"/>.</returns>
    bool Decide(string runId, Func<IReadOnlyList<RunItemRow>, PayeeDecisions> decide);

    /// <summary>The run's transfers in the files' order (execution date, then position); with <paramref name="payer"/>, only that payer's.</summary>
    IEnumerable<RunTransferRow> Transfers(string runId, string? payer = null);

    /// <summary>
    /// Each transfer with each item it pays, transfers in the files' order, items by source reference; with
    /// <paramref name="payer"/>, only that payer's transfers (a transfer's items all have its payer: the payer is part of
    /// the grouping key), so each payer's files read only their own rows.
    /// </summary>
    IEnumerable<(RunTransferRow Transfer, RunItemRow Item)> TransferItems(string runId, string? payer = null);

    /// <summary>The items not paid: held, then to recover, then zero, each in item order; with <paramref name="payer"/>, only that payer's.</summary>
    IEnumerable<RunItemRow> UnpaidItems(string runId, string? payer = null);

    /// <summary>Every item of the run, by source reference.</summary>
    IReadOnlyList<RunItemRow> RunItems(string runId);

    /// <summary>
    /// Every item of any run with one of these source references ('line:12', 'maf:12'), each with the transfer that paid
    /// it (null when not paid), in the order the runs computed, then by source reference: what became of an amount.
    /// </summary>
    IReadOnlyList<(RunItemRow Item, RunTransferRow? Transfer)> ItemsBySource(IEnumerable<string> sourceRefs);

    /// <summary>
    /// Writes the payments ledger from the stored plan (one row per transfer and per held item, with the items each
    /// pays) and moves the run from files written to completed, in one transaction.
    /// </summary>
    /// <returns>False, writing nothing, when the run is completed already.</returns>
    bool CompleteRun(string runId, string? paymentFile, Instant finishedAt);

    IReadOnlyList<PaymentRow> Payments(string runId);
}
