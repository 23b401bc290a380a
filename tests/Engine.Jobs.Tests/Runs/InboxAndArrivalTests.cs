using Engine.Jobs;
using Engine.Jobs.Efact;
using Engine.Jobs.Generation;
using Engine.Jobs.Ingestion;
using Engine.Jobs.Rules;
using Engine.Jobs.Runs;
using Engine.Jobs.Time;
using Engine.Tests.Shared;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using NodaTime;
using Engine.Jobs.Tests.Stores;

namespace Engine.Jobs.Tests.Runs;

/// <summary>The inbox job and pay on arrival, on a small synthetic night, with the shipped rules.</summary>
public abstract class InboxAndArrivalTests(StoreKind storeKind) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("engine-inbox-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private sealed class CapturingJobs : IBackgroundJobClient
    {
        public List<Job> Jobs { get; } = [];
        public string Create(Job job, IState state) { Jobs.Add(job); return Jobs.Count.ToString(); }
        public bool ChangeState(string jobId, IState state, string expectedState) => true;
    }

    [SkippableFact]
    public void A_file_arriving_again_under_an_archived_name_the_same_day_is_archived_beside_the_first_never_over_it()
    {
        using var night = SmallNight.Create(_root, new GeneratorOptions { Members = 50, Lines = 60, Seed = 3 }, storeKind);
        var (options, clock) = (night.Options, night.Clock);
        clock.Set(Brussels.At(night.Generator.RunDate, 10));
        var log = Serilog.Core.Logger.None;
        var job = new InboxJob(new InboxImport(night.Store, night.Rules, options, clock, log), options, clock, new CapturingJobs(), log);
        Directory.CreateDirectory(options.InboxFolder);
        File.WriteAllText(Path.Combine(options.InboxFolder, "garbage.bin"), "first");
        job.Poll();
        File.WriteAllText(Path.Combine(options.InboxFolder, "garbage.bin"), "second");
        clock.Set(Brussels.At(night.Generator.RunDate, 11));
        job.Poll();

        var archive = Path.Combine(options.ArchiveFolder, "2024-03-05");
        Assert.Empty(Directory.GetFiles(options.InboxFolder));
        Assert.Equal("first", File.ReadAllText(Path.Combine(archive, "garbage.bin")));
        var ticks = Brussels.At(night.Generator.RunDate, 11).ToUnixTimeTicks();
        Assert.Equal("second", File.ReadAllText(Path.Combine(archive, $"garbage.bin.{ticks}")));
        Assert.Equal(2, Directory.GetFiles(archive).Length);
    }

    [SkippableFact]
    public void Files_are_imported_answered_archived_and_declarations_paid_the_same_day_then_never_again()
    {
        using var night = SmallNight.Create(_root, new GeneratorOptions { Members = 300, Lines = 600, Seed = 3 }, storeKind);
        var (options, generator, clock, store, rules, registry) = (night.Options, night.Generator, night.Clock, night.Store, night.Rules, night.Registry);
        var (name, sending) = night.Sendings().Build(night.Events(), generator.RunDate.PlusDays(-1))[0];
        Directory.CreateDirectory(options.InboxFolder);
        File.WriteAllBytes(Path.Combine(options.InboxFolder, name), EfactWriter.WriteBytes(sending));
        File.WriteAllText(Path.Combine(options.InboxFolder, "declarations.csv"), IndemnityGenerator.Csv(generator, registry));
        File.WriteAllText(Path.Combine(options.InboxFolder, "garbage.bin"), "this is not a sending");

        clock.Set(Brussels.At(generator.RunDate, 10));
        var log = Serilog.Core.Logger.None;
        var jobs = new CapturingJobs();
        new InboxJob(new InboxImport(store, rules, options, clock, log), options, clock, jobs, log).Poll();

        Assert.Empty(Directory.GetFiles(options.InboxFolder));
        Assert.Equal(3, Directory.GetFiles(Path.Combine(options.ArchiveFolder, "2024-03-05")).Length);
        Assert.True(File.Exists(Path.Combine(options.OutboxFolder, name + ".931000")));
        Assert.True(File.Exists(Path.Combine(options.OutboxFolder, name + ".920098")));
        var job = Assert.Single(jobs.Jobs);
        Assert.Equal(nameof(IndemnityArrivalJob.Pay), job.Method.Name);
        var caseIds = (string[])job.Args[1];
        Assert.NotEmpty(caseIds);

        // Pay on arrival, the same day.
        var run = new RunPipeline(store, rules, options, clock, log);
        new IndemnityArrivalJob(run, log).Pay("2024-03-05", caseIds);
        var arrival = RunScope.Arrival(new LocalDate(2024, 3, 5), caseIds).RunId;
        var paidOnArrival = store.IndemnityPayments(arrival);
        Assert.NotEmpty(paidOnArrival);
        Assert.All(paidOnArrival, p => Assert.True(p.PeriodEnd <= new LocalDate(2024, 3, 4)));
        Assert.True(File.Exists(Path.Combine(options.OutputFolder, arrival, arrival + ".pain001.xml")));

        // The nightly run of the next day pays no day twice: it starts after what the arrival run covered.
        clock.Set(Brussels.At(new LocalDate(2024, 3, 6), 2));
        run.Execute(new LocalDate(2024, 3, 6));
        var nightly = store.IndemnityPayments("nightly-2024-03-06");
        foreach (var p in nightly)
        {
            var before = paidOnArrival.SingleOrDefault(a => a.CaseId == p.CaseId);
            if (before is not null) Assert.Equal(before.PeriodEnd.PlusDays(1), p.PeriodStart);
        }
        Assert.All(nightly, p => Assert.True(p.PeriodEnd <= new LocalDate(2024, 3, 5), $"{p.CaseId} paid beyond the day before the run"));
        Assert.Contains(nightly, p => paidOnArrival.Any(a => a.CaseId == p.CaseId));
    }
}

public sealed class InboxAndArrivalTestsOnSqlite() : InboxAndArrivalTests(StoreKind.Sqlite);

public sealed class InboxAndArrivalTestsOnPostgres() : InboxAndArrivalTests(StoreKind.Postgres);

public sealed class InboxAndArrivalTestsOnSqlServer() : InboxAndArrivalTests(StoreKind.SqlServer);
