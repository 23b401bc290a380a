namespace Engine.Benchmarks.Scale;

/// <summary>
/// The floor of a night on one store: what the database itself costs for the same rows, with no engine code. The run
/// is compared with a bare read of its care lines plus a bare insert of one result row each; an import with the
/// store's fastest way in of its lines.
/// </summary>
public interface IFloor
{
    /// <summary>"sqlite" or "postgres", as in Engine:Database:Provider.</summary>
    string Store { get; }

    /// <summary>Reads every column of the first <paramref name="n"/> care lines; returns the rows read.</summary>
    long Read(long n);

    /// <summary>Inserts one result row for each of the first <paramref name="n"/> care lines under a scratch run.</summary>
    long Insert(long n);

    /// <summary>Removes what <see cref="Insert"/> wrote (outside the measure).</summary>
    void Clean();

    /// <summary>The size of the engine's data on this store.</summary>
    long DatabaseBytes();

    /// <summary>Leaves the store as a run would find it after the import (a checkpoint, statistics).</summary>
    void Settle();
}

/// <summary>Every column of a stored care line, in the order the floors read and copy them.</summary>
public static class FloorColumns
{
    public const string CareLines = "line_id, sending_id, invoice_number, record_seq, beneficiary_id, provider_id, code, service_date, quantity, " +
        "billed_cents, claimed_insurer_cents, claimed_share_cents, supplement_cents, conventioned, channel, referral, known_at, destination_mutuality";
}
