namespace Engine.Jobs;

/// <summary>The "Engine" section of appsettings.json (and ENGINE__... environment variables).</summary>
public sealed partial class EngineOptions
{
    public const string Section = "Engine";

    public DatabaseOptions Database { get; set; } = new();
    /// <summary>The rules folder; empty = ./rules or the repository's rules/.</summary>
    public string RulesFolder { get; set; } = "";
    /// <summary>Where runs write payment files, results and summaries (one sub-folder per run).</summary>
    public string OutputFolder { get; set; } = "output";
    public string InboxFolder { get; set; } = "inbox";
    public string ArchiveFolder { get; set; } = "archive";
    public string OutboxFolder { get; set; } = "outbox";
    public NightlyOptions Nightly { get; set; } = new();
    public PayerOptions Payer { get; set; } = new();
    /// <summary>The accounts of the payers other than the insurance, by payer code (docs/payers.md); a payer absent pays from Engine:Payer's.</summary>
    public Dictionary<string, Payers.PayerAccountOptions> Payers { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Hangfire worker count of this process.</summary>
    public int Workers { get; set; } = 2;
    public RunOptions Run { get; set; } = new();
    public ReplayOptions Replay { get; set; } = new();
    public HangfireOptions Hangfire { get; set; } = new();
}

/// <summary>Hangfire's storage follows the store: in memory with SQLite, PostgreSQL tables with postgres (docs/stores.md).</summary>
public sealed class HangfireOptions
{
    /// <summary>With provider postgres: the schema of Hangfire's tables, in the store's database (created at start).</summary>
    public string Schema { get; set; } = "hangfire";

    /// <summary>
    /// With provider postgres or sqlserver: how long a job fetched by a server stays invisible to the other servers. A living server
    /// renews it (every fifth of it), so a long partition is never taken twice; a job whose server died (killed, power
    /// lost) is taken by another server this long after its last renewal. Default 5 minutes; at least 5 seconds.
    /// </summary>
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>Where replay works.</summary>
public sealed class ReplayOptions
{
    /// <summary>
    /// The folder of replay's scratch stores (a SQLite file per replayed run, as large as that run's results and items,
    /// removed when the run is compared). Empty: the system's temporary folder. Choose a disk with room, not a tmpfs
    /// (that would hold the file in memory). A replay killed leaves its file; the next replay removes it.
    /// </summary>
    public string ScratchFolder { get; set; } = "";
}

/// <summary>How a run is shared between workers.</summary>
public sealed class RunOptions
{
    /// <summary>
    /// A nightly run's compute is split into at least this many partitions (households, members' AC requests and
    /// indemnity cases by a stable hash), each a job of its own reading only its own inputs; more when the work list has
    /// more than <see cref="PartitionLines"/> lines a partition. Fixed per run when it starts. The files do not depend on it.
    /// </summary>
    public int Partitions { get; set; } = 8;

    /// <summary>
    /// The most lines a nightly run's partition should hold: a run starts with max(<see cref="Partitions"/>,
    /// ceil(lines to compute / this)) partitions, so that memory is bounded by the partition, not by the night.
    /// </summary>
    public int PartitionLines { get; set; } = 50_000;

    /// <summary>No longer used (payment chunks gave way to partitions): accepted so that an existing configuration loads.</summary>
    public int ChunkCount { get; set; } = 8;

    /// <summary>
    /// Refuse for payment what was computed on provisional figures (confidence I inferred or U unverified): such items
    /// are held with the reason, like a missing year, until a run without the setting (or a recalculation on stated
    /// figures) pays them. Fixed per run when it starts. Default false: provisional amounts are paid and flagged.
    /// </summary>
    public bool RefuseProvisional { get; set; }

    /// <summary>
    /// How long a run waits for another run of the same database to finish (the runs lock) before it is refused with exit
    /// code 4, nothing done. 0: refused at once.
    /// </summary>
    public int LockWaitSeconds { get; set; } = 600;

    /// <summary>
    /// `run --date` more than this many days from today (Europe/Brussels, <see cref="NightlyOptions.TimeZone"/>) needs
    /// `--confirm-date` repeating the date; so does a date before the last completed run's.
    /// </summary>
    public int DateWindowDays { get; set; } = 7;
}

public sealed class DatabaseOptions
{
    /// <summary>sqlite (embedded default), postgres or sqlserver (docs/stores.md).</summary>
    public string Provider { get; set; } = "sqlite";
    public string ConnectionString { get; set; } = "Data Source=data/engine.db";
}

public sealed class NightlyOptions
{
    /// <summary>Cron expression of the nightly payment run, in <see cref="TimeZone"/>: 5 fields (or 6, seconds first).</summary>
    public string Cron { get; set; } = "0 2 * * *";
    /// <summary>Cron expression of the inbox job (import, archive, answer, pay indemnities on arrival).</summary>
    public string InboxCron { get; set; } = "*/5 * * * *";
    /// <summary>Cron expression of the monthly proposals of BIM on the insurer's initiative (the month just ended).</summary>
    public string BimProposalsCron { get; set; } = "0 6 1 * *";
    public string TimeZone { get; set; } = "Europe/Brussels";
}

/// <summary>The insurer that pays: debtor of every transfer.</summary>
public sealed class PayerOptions
{
    public string Name { get; set; } = "Mutualite de demonstration";
    public string CompanyNumber { get; set; } = "0411766483";
    public string Iban { get; set; } = "BE71096123456769";
    public string Bic { get; set; } = "GKCCBEBB";
    /// <summary>Our mutuality number(s): eFact invoices addressed elsewhere are refused.</summary>
    public int Mutuality { get; set; } = 131;
}
