using Dapper;
using Engine.Jobs;
using Engine.Jobs.Data;
using Engine.Jobs.Data.Sqlite;
using Engine.Jobs.Generation;
using Engine.Jobs.Ingestion;
using Engine.Jobs.Rules;
using Engine.Jobs.Runs;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Engine.Host.Tests.ExactlyOnce;

/// <summary>
/// One night prepared once per test process: the demo's registry (`engine import registry`) and its whole inbox
/// (eFact, eAttest, indemnity declarations, AC requests, through the inbox import) in a fresh database, then two
/// providers' IBANs broken by a registry correction (one removed, one mistyped), so the run holds them back beside
/// the members the generator gave a missing or mistyped IBAN. Each scenario works on a copy of the database.
/// </summary>
public sealed class PreparedNight
{
    private static readonly Lazy<PreparedNight> Shared = new(() => new PreparedNight());

    public static PreparedNight Instance => Shared.Value;

    public static readonly LocalDate Date = new GeneratorOptions().RunDate;
    public static string RunDate => Date.ToString("yyyy-MM-dd", null);
    public static string RunId => RunIds.Nightly(Date);
    public const string MistypedIban = "BE68539007547035";

    /// <summary>Under the tests' output folder, emptied when the night is prepared.</summary>
    public string Root { get; } = Path.Combine(AppContext.BaseDirectory, "exactly-once-work");
    public string Database => Path.Combine(Root, "base", "engine.db");
    /// <summary>Later than every input of the database: the as-of instant of the runs compared byte for byte.</summary>
    public string AsOf { get; }
    /// <summary>The registry rows that break two providers' IBANs (one removed, one mistyped).</summary>
    public IReadOnlyList<ProviderRow> Broken { get; }
    private readonly IReadOnlyList<ProviderRow> _originals;

    private PreparedNight()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
        var demo = Path.Combine(Root, "demo");
        Cli("demo", "--out", demo, "--members", "400", "--lines", "1500", "--seed", "7");
        Directory.CreateDirectory(Path.GetDirectoryName(Database)!);
        // Only migrate (and demo) create a database: every other command refuses a path that does not exist.
        Cli("migrate", "--database", Database);
        Cli("import", "registry", Path.Combine(demo, "registry"), "--database", Database);

        var store = SqliteStore.ForFile(Database);
        var options = new EngineOptions { OutboxFolder = Path.Combine(Root, "outbox") };
        var report = new InboxImport(store, new RuleSetProvider(options), options, SystemClock.Instance, Serilog.Core.Logger.None)
            .ImportFolder(Path.Combine(demo, "inbox"));
        Assert.True(report.Files.All(f => f.Status != "refused"), report.Describe());

        var now = SystemClock.Instance.GetCurrentInstant();
        using (var c = Open(Database))
        {
            var paidProviders = c.Query<string>("SELECT DISTINCT provider_id FROM care_lines WHERE channel = 'efact' ORDER BY provider_id").ToList();
            Assert.True(paidProviders.Count >= 6, $"only {paidProviders.Count} providers have eFact lines");
            var byId = store.Providers(now).ToDictionary(p => p.ProviderId);
            _originals = [byId[paidProviders[1]], byId[paidProviders[4]]];
            Assert.All(_originals, p => Assert.Null(Engine.Core.Payments.Iban.Check(p.Iban).Problem));
        }
        Broken = [Copy(_originals[0], null, now), Copy(_originals[1], MistypedIban, now)];
        store.AddProviders(Broken);
        AsOf = DbTypes.Text(SystemClock.Instance.GetCurrentInstant());
        Checkpoint(Database);
    }

    /// <summary>The registry correction that gives the broken providers their right IBAN back, known at <paramref name="knownAt"/>.</summary>
    public IReadOnlyList<ProviderRow> Corrections(Instant knownAt) => _originals.Select(p => Copy(p, p.Iban, knownAt)).ToList();

    /// <summary>A copy of the prepared database in <paramref name="folder"/>; returns its path.</summary>
    public string CopyDatabase(string folder)
    {
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, "engine.db");
        File.Copy(Database, target);
        return target;
    }

    private static ProviderRow Copy(ProviderRow p, string? iban, Instant knownAt) => new()
    {
        ProviderId = p.ProviderId, Nihii = p.Nihii, Name = p.Name, Kind = p.Kind, Conventioned = p.Conventioned, Iban = iban, KnownAt = knownAt,
    };

    public static SqliteConnection Open(string database)
    {
        var c = new SqliteConnection($"Data Source={database};Pooling=False");
        c.Open();
        return c;
    }

    /// <summary>Folds the write-ahead log into the database file and closes every pooled connection, so the file can be copied alone.</summary>
    public static void Checkpoint(string database)
    {
        SqliteConnection.ClearAllPools();
        using var c = Open(database);
        c.Execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }

    private static void Cli(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Program.Run(args, stdout, stderr);
        Assert.True(code == 0, $"engine {string.Join(' ', args.Take(3))}: exit {code}\n{stdout}\n{stderr}");
    }
}
