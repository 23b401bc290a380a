using NodaTime;

namespace Engine.Jobs.Data;

/// <summary>
/// A run's state: its row, its phase and its partitions.
/// <para>The run lock: what one run takes must not be taken by another at the same time (the lines, counters,
/// indemnity days and allowances a partition commits; the held items and complements a claim takes over). The store
/// takes one lock for those transactions and reads what the others stored inside it: SQLite, its write lock (BEGIN
/// IMMEDIATE); PostgreSQL, a transaction advisory lock (pg_advisory_xact_lock); SQL Server, sp_getapplock.</para>
/// </summary>
public interface IRunStateStore
{
    RunRow? Run(string runId);

    /// <summary>
    /// The store's identity: made once when the store is created (random), the same in a copy of it. The output folder
    /// its runs write into records it (<c>Runs.OutputFolderOwner</c>), so two stores' files never mix.
    /// </summary>
    string StoreId();

    /// <summary>
    /// Takes the runs lock of this store at once, or returns null when another holder (this process or another) has it:
    /// the whole of a `run` command, and each phase step of the Hangfire jobs, go under it, so two runs never write the
    /// same folder or claim at the same time. Released when disposed, and by the system when its process dies (a killed
    /// run never leaves it taken). SQLite: an exclusive lock on the file "&lt;database&gt;.runs.lock"; PostgreSQL: a
    /// session advisory lock; SQL Server: sp_getapplock with session owner.
    /// </summary>
    IDisposable? TryLockRuns();

    /// <summary>
    /// Whether a partition's inputs can be read while another partition's commit is open without waiting on its locks:
    /// SQLite (write-ahead log: readers see the last commit) and PostgreSQL (MVCC) always; SQL Server only when the
    /// database reads committed rows from row versions (READ_COMMITTED_SNAPSHOT ON). Without it, a `run` computes its
    /// partitions one after the other instead of reading the next one during a commit (its reads would wait on the
    /// commit's locks, or deadlock with it).
    /// </summary>
    bool ReadsBesideCommits { get; }

    /// <summary>
    /// The completed run of that kind (`nightly`, `arrival`) with the latest run date, or null when none completed: what
    /// `serve`'s health check compares with the nightly schedule. One row, read through an index-free scan of the small
    /// runs table.
    /// </summary>
    RunRow? LastCompletedRun(string kind);

    /// <summary>The runs whose run date is in the period, in the order they computed (runs never computed last).</summary>
    IReadOnlyList<RunRow> RunsBetween(LocalDate from, LocalDate to);

    /// <summary>
    /// Creates the run with its work list, in one transaction: every care line known by its as-of instant that no run
    /// computed (none when <paramref name="partitionOf"/> is null: a run without care lines), each with its household
    /// as of that instant, put in the partition <paramref name="partitionOf"/> gives (the line, the run's number of
    /// partitions). The number of partitions is <paramref name="partitionsFor"/> of the number of lines still to compute
    /// known by that instant (0 without care lines), kept in the run's row. A run that exists is left as it is (its work
    /// list is made if it was not, with its own as-of instant).
    /// </summary>
    void StartRun(RunRow run, Func<long, int> partitionsFor, Func<WorkLine, int, int>? partitionOf);

    /// <summary>The partitions of the run that have not committed, ascending.</summary>
    IReadOnlyList<int> PendingPartitions(string runId);

    IReadOnlyList<RunPartitionRow> Partitions(string runId);

    /// <summary>
    /// Moves the run from one phase to the next in one transaction; false (nothing written) when it is not in
    /// <paramref name="from"/>. Reaching <see cref="RunPhase.Computed"/> needs every partition committed, gives the run
    /// its place in the order of computation, and numbers its AC decisions (by request date and arrival) and indemnity
    /// statements (by case and first day) after every other run's, renaming the items that name them ('ac:ID',
    /// 'indemnity:ID'): the ids, and so the files, do not depend on the order its partitions committed in.
    /// <see cref="RunPhase.FilesWritten"/> stores the summary.
    /// </summary>
    bool Advance(string runId, RunPhase from, RunPhase to, string? summary = null);

    /// <summary>
    /// Where the run wrote its files (absolute folder) and each file with its SHA-256, replacing what was recorded
    /// before (a restart that writes the files again records them again).
    /// </summary>
    void RecordFiles(string runId, string folder, IReadOnlyList<RunFileRow> files);

    /// <summary>The files the run recorded, by name; empty for a run made before migration 0017.</summary>
    IReadOnlyList<RunFileRow> RunFiles(string runId);
}
