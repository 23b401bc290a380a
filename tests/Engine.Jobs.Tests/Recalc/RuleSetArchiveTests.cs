using Dapper;
using Engine.Core.Rules;
using Engine.Jobs.Data.Sqlite;
using Engine.Jobs.Rules;
using Engine.Jobs.Tests.Rules.Reimbursement;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Engine.Jobs.Tests.Recalc;

/// <summary>A rule-set version kept in the store loads back, with its own hash, after its folder is gone or has changed.</summary>
public sealed class RuleSetArchiveTests : IDisposable
{
    private static readonly Instant T = Instant.FromUtc(2024, 3, 5, 1, 0);
    private readonly string _dir = Directory.CreateTempSubdirectory("engine-archive-").FullName;
    private string Rules => Path.Combine(_dir, "rules");
    private string Database => Path.Combine(_dir, "engine.db");

    public RuleSetArchiveTests()
    {
        foreach (var file in Directory.EnumerateFiles(RepoFiles.Rules, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(Rules, Path.GetRelativePath(RepoFiles.Rules, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private (SqliteStore Store, RuleSetArchive Archive) Open()
    {
        var store = SqliteStore.ForFile(Database);
        store.Migrate(T);
        return (store, new RuleSetArchive(store, new RuleSetProvider(new EngineOptions { RulesFolder = Rules })));
    }

    [Fact]
    public void A_kept_version_loads_back_from_the_store_after_the_rules_folder_changed()
    {
        var (store, archive) = Open();
        var first = archive.KeepCurrent(T);
        Assert.Equal(RuleSetVersion.Compute(RepoFiles.Rules), first.Version);
        Assert.Equal(Directory.EnumerateFiles(Rules, "*", SearchOption.AllDirectories).Count(), store.RuleSetFiles(first.Version)!.Count);

        // A corrected fee: a new version of the folder; the first one is only in the store now.
        var fees = Path.Combine(Rules, "reimbursement", "fees.csv");
        File.WriteAllText(fees, File.ReadAllText(fees).Replace("103412,2024-01-01,2024-12-31,45.81,", "103412,2024-01-01,2024-12-31,46.00,"));
        var (_, later) = Open();
        Assert.NotEqual(first.Version, later.Current.Version);
        var loaded = later.Version(first.Version);
        Assert.Equal(first.Version, loaded.Version);
        // A home visit on 2024-02-01 billed 50.00 by a deconventionné GP: fee 45.81 with the first version, 46.00 with the new one.
        var line = new Engine.Core.Reimbursement.CareLine(103412, new LocalDate(2024, 2, 1), 1, new Engine.Core.Money.Money(5000), false,
            Engine.Core.Reimbursement.Channel.Efact, false, false);
        var who = new Engine.Core.Reimbursement.BeneficiarySituation(new LocalDate(1980, 1, 1), false, false);
        Assert.Equal(new Engine.Core.Money.Money(4581), Engine.Core.Reimbursement.ReimbursementKernel.Compute(line, who, loaded.Reimbursement).Fee);
        Assert.Equal(new Engine.Core.Money.Money(4600), Engine.Core.Reimbursement.ReimbursementKernel.Compute(line, who, later.Current.Reimbursement).Fee);
        // Keeping the same version twice stores it once.
        archive.KeepCurrent(T);
        using var c = new SqliteConnection($"Data Source={Database};Pooling=False");
        Assert.Equal(1L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM rule_sets WHERE version = @v", new { v = first.Version }));
    }

    [Fact]
    public void A_version_never_kept_or_altered_in_the_store_is_refused_by_name()
    {
        var (store, archive) = Open();
        var kept = archive.KeepCurrent(T);
        var missing = Assert.Throws<RuleLoadException>(() => archive.Version(new string('a', 64)));
        Assert.Contains("aaaaaaaaaaaa is not stored", missing.Message);

        using (var c = new SqliteConnection($"Data Source={Database};Pooling=False"))
            c.Execute("UPDATE rule_set_files SET content = X'41' WHERE version = @v AND path = 'reimbursement/fees.csv'", new { v = kept.Version });
        File.AppendAllText(Path.Combine(Rules, "reimbursement", "codes.csv"), "\n");
        var (_, other) = Open();
        var altered = Assert.Throws<RuleLoadException>(() => other.Version(kept.Version));
        Assert.Contains("the store was altered", altered.Message);
    }
}
