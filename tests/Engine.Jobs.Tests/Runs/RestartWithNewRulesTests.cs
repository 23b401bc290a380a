using System.Reflection;
using Engine.Jobs.Data;
using Engine.Jobs.Efact;
using Engine.Jobs.Generation;
using Engine.Jobs.Ingestion;
using Engine.Jobs.Rules;
using Engine.Jobs.Runs;
using Engine.Jobs.Tests.Rules.Reimbursement;
using Engine.Jobs.Time;
using Engine.Jobs.Tests.Stores;

namespace Engine.Jobs.Tests.Runs;

/// <summary>A run interrupted after it computed, restarted after the rules folder was updated.</summary>
public abstract class RestartWithNewRulesTests(StoreKind storeKind) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("engine-restart-rules-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>The store, with the process dying (an exception) at the first call of one method.</summary>
    public class DiesOn : StoreProxy
    {
        public string Method { get; set; } = "";

        protected override object? Invoke(MethodInfo? method, object?[]? args) =>
            method!.Name == Method ? throw new IOException("the process died here") : Forward(method, args);
    }

    private static string CopyRules(string to)
    {
        foreach (var file in Directory.EnumerateFiles(RepoFiles.Rules, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(RepoFiles.Rules, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return to;
    }

    [SkippableFact]
    public void A_run_restarted_after_the_rules_changed_completes_with_the_rules_it_computed_with()
    {
        // The restart refused to go on ("replay it with its own rules"): the run had computed and claimed its items, so
        // no later run would compute its lines or take its items, and all it owed stayed unpaid until someone put the
        // old rules folder back by hand. Its rules are in the store since its first start: it goes on with them.
        using var night = SmallNight.Create(_root, new GeneratorOptions { Members = 200, Lines = 300, Seed = 5 }, storeKind);
        var firstRules = CopyRules(Path.Combine(_root, "rules-first"));
        var options = night.Options;
        options.RulesFolder = firstRules;
        var provider = new RuleSetProvider(options);
        var (name, sending) = night.Sendings().Build(night.Events(), night.Generator.RunDate.PlusDays(-1))[0];
        var path = Path.Combine(_root, name);
        File.WriteAllBytes(path, EfactWriter.WriteBytes(sending));
        night.Clock.Set(Brussels.At(night.Generator.RunDate, 1));
        new InboxImport(night.Store, provider, options, night.Clock, Serilog.Core.Logger.None).ImportFiles([path]);

        var log = Serilog.Core.Logger.None;
        night.Clock.Set(Brussels.At(night.Generator.RunDate, 2));
        var proxy = StoreProxy.Over<DiesOn>(night.Store, p => p.Method = nameof(IEngineStore.Decide));
        Assert.Throws<IOException>(() =>
            new RunPipeline(proxy, provider, options, night.Clock, log).Execute(night.Generator.RunDate));
        var run = night.Store.Run("nightly-2024-03-05")!;
        Assert.Equal(RunPhase.Claimed, run.Phase);

        // The rules folder is updated (the 2024 home-visit fee corrected) before the restart.
        var fees = Path.Combine(firstRules, "reimbursement", "fees.csv");
        File.WriteAllText(fees, File.ReadAllText(fees).Replace("103412,2024-01-01,2024-12-31,45.81,", "103412,2024-01-01,2024-12-31,46.00,"));
        var updated = new RuleSetProvider(options);
        Assert.NotEqual(run.RuleSetVersion, updated.Current.Version);

        var summary = new RunPipeline(night.Store, updated, options, night.Clock, log)
            .Execute(night.Generator.RunDate);

        Assert.Equal(RunPhase.Completed, night.Store.Run("nightly-2024-03-05")!.Phase);
        Assert.Equal(run.RuleSetVersion, summary.RuleSetVersion);
        Assert.True(summary.Transfers > 0);
        Assert.All(night.Store.RunItems("nightly-2024-03-05"), i => Assert.NotEqual("pending", i.Outcome));
    }
}

public sealed class RestartWithNewRulesTestsOnSqlite() : RestartWithNewRulesTests(StoreKind.Sqlite);

public sealed class RestartWithNewRulesTestsOnPostgres() : RestartWithNewRulesTests(StoreKind.Postgres);

public sealed class RestartWithNewRulesTestsOnSqlServer() : RestartWithNewRulesTests(StoreKind.SqlServer);
