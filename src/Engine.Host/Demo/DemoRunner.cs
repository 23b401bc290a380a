using System.Diagnostics;
using Engine.Host.Commands;
using Engine.Host.Hosting;
using Engine.Jobs;
using Engine.Jobs.Data;
using Engine.Jobs.Efact;
using Engine.Jobs.Generation;
using Engine.Jobs.Ingestion;
using Engine.Jobs.Registry;
using Engine.Jobs.Rules;
using Engine.Jobs.Runs;
using Engine.Jobs.Time;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;

namespace Engine.Host.Demo;

/// <summary>
/// The demo, step by step. Time is fixed from the run date (registry known the evening before, files received at
/// 01:00, the run at 02:00 Brussels time) so that the same seed and date give byte-identical outputs.
/// </summary>
public sealed class DemoRunner(string outFolder, string? configFile, GeneratorOptions generator, TextWriter output)
{
    private const string Marker = ".engine-demo";
    private const string LateAuthorisations = "late-authorisations.csv";

    public int Run()
    {
        var total = Stopwatch.StartNew();
        var folder = Path.GetFullPath(outFolder);
        PrepareFolder(folder);
        var inbox = Path.Combine(folder, "inbox");
        var registryFolder = Path.Combine(folder, "registry");
        var clock = new FixedClock(Brussels.At(generator.RunDate.PlusDays(-1), 18));

        var overrides = new Dictionary<string, string?>
        {
            ["Engine:OutputFolder"] = Path.Combine(folder, "runs"),
            ["Engine:InboxFolder"] = inbox,
            ["Engine:ArchiveFolder"] = Path.Combine(folder, "archive"),
            ["Engine:OutboxFolder"] = Path.Combine(folder, "outbox"),
        };
        // The embedded database is a file in the demo folder; a server's database is the one configured (docs/stores.md).
        if (!OnServer(configFile)) overrides["Engine:Database:ConnectionString"] = $"Data Source={Path.Combine(folder, "engine.db")}";
        using var host = EngineHost.Build(new EngineHost.Settings(configFile, overrides, HangfireServer: true, CreatesDatabase: true), (services, _) =>
        {
            services.AddSingleton<IClock>(clock);
            JobRegistration.Add(services, null!);
        });
        var options = host.Services.GetRequiredService<EngineOptions>();
        var rules = host.Services.GetRequiredService<RuleSetProvider>().Current;
        var store = host.Services.GetRequiredService<IEngineStore>();
        var mutuality = options.Payer.Mutuality;

        Step($"Generating {generator.Members:N0} members and {generator.Lines:N0} care lines (seed {generator.Seed}, care in {generator.CarePeriod.Start:yyyy-MM})", () =>
        {
            var registry = RegistryGenerator.Generate(generator with { Mutuality = mutuality }, clock.GetCurrentInstant());
            RegistryCsv.Write(registryFolder, registry);
            var events = CareGenerator.Generate(generator, registry, 
                // eFact and eAttest carry 6-digit nomenclature codes; medicines (pseudo-codes) reach an insurer through the
                // pharmacies' tarification offices, a flow this demo does not generate.
                kind => rules.Reimbursement.CodesOfKind(kind).Select(c => c.Code).Where(c => c <= 999_999).ToList());
            // Care under prior authorisation: a few sessions of a code that needs the medical adviser's agreement, the
            // adviser's decisions in the inbox, and a late decision left beside it for the next night.
            var authorised = AuthorisedCareGenerator.Generate(generator, registry, events.Count == 0 ? 1 : events.Max(e => e.Number) + 1);
            events = [.. events, .. authorised.Events];
            File.WriteAllText(Path.Combine(folder, LateAuthorisations), authorised.LateAuthorisationsCsv);
            var builder = new EfactSendingBuilder(rules, registry, mutuality);
            Directory.CreateDirectory(inbox);
            var sendings = builder.Build(events, generator.RunDate.PlusDays(-1));
            // One file a sending or message, each made from its own content alone on every core (the same bytes whatever
            // the threads) and written on a thread of its own while the generation goes on.
            using var files = new GeneratedFiles();
            void Write(string name, byte[] content) => files.Add(Path.Combine(inbox, name), content);
            void WriteText(string name, string text) => Write(name, System.Text.Encoding.UTF8.GetBytes(text));
            Parallel.ForEach(sendings, s => Write(s.FileName, EfactWriter.WriteBytes(s.Sending)));
            WriteText($"indemnity-declarations-{generator.RunDate:yyyyMMdd}.csv", IndemnityGenerator.Csv(generator, registry));
            WriteText($"ac-requests-{generator.RunDate:yyyyMMdd}.csv", AcRequestGenerator.Csv(generator, registry));
            WriteText($"authorisations-{generator.RunDate:yyyyMMdd}.csv", authorised.AuthorisationsCsv);
            // Periods of unemployment (the BCSS/ONEM flow): isolated members unemployed three months or more are
            // proposed by `bim-proposals` (docs/authorisations-and-bim.md).
            WriteText($"unemployment-{generator.RunDate:yyyyMMdd}.csv", UnemploymentGenerator.Csv(generator, registry));
            var attestations = new EAttestBuilder(registry).Build(events, builder, Write);
            files.Complete();
            return $"{registry.Beneficiaries.Count:N0} members in {registry.Households.Count:N0} households, {registry.Providers.Count:N0} providers, " +
                   $"{sendings.Count:N0} eFact sendings, {attestations:N0} eAttest messages, indemnity declarations, AC requests, unemployment periods";
        });

        var onServer = options.Database.Provider != StoreFactory.Sqlite;
        var server = options.Database.Provider == StoreFactory.SqlServer ? "SQL Server" : "PostgreSQL";
        if (onServer)
            Step($"Preparing the {server} database", () => options.Database.Provider == StoreFactory.SqlServer
                ? Engine.Store.SqlServer.DemoDatabase.Prepare(options.Database.ConnectionString)
                : Engine.Store.Postgres.DemoDatabase.Prepare(options.Database.ConnectionString));
        host.Start();
        Step(onServer ? $"Creating the {server} schema" : "Creating the embedded database", () => "migrations applied: " + string.Join(", ", store.Migrate(clock.GetCurrentInstant())));
        Step("Importing the registry", () => new RegistryImport(store).Import(registryFolder, clock.GetCurrentInstant()).Describe());
        clock.Set(Brussels.At(generator.RunDate, 1));
        Step("Importing the inbox (eFact and eAttest)", () =>
        {
            var import = host.Services.GetRequiredService<InboxImport>();
            var report = import.ImportFolder(inbox, progress: (done, count) => Progress(done, count));
            return report.Describe();
        });

        clock.Set(Brussels.At(generator.RunDate, 2));
        RunSummary? summary = null;
        Step($"Running the nightly payment run for {generator.RunDate:yyyy-MM-dd} as a Hangfire job", () =>
        {
            var jobs = host.Services.GetRequiredService<IBackgroundJobClient>();
            var id = jobs.Enqueue<NightlyRunJob>(j => j.Run(generator.RunDate.ToString("yyyy-MM-dd", null)));
            var runId = RunIds.Nightly(generator.RunDate);
            WaitForRun(store, runId);
            var runFolder = Path.Combine(options.OutputFolder, runId);
            summary = RunSummary.FromJson(File.ReadAllText(Path.Combine(runFolder, "summary.json")));
            return $"job {id}, {store.Partitions(runId).Count} partition jobs and one job per phase on {options.Workers} workers: run completed";
        });
        host.StopAsync().GetAwaiter().GetResult();

        var s = summary!;
        var runDir = Path.Combine(options.OutputFolder, s.RunId);
        output.WriteLine();
        output.WriteLine($"Run {s.RunId} (rules {s.RuleSetVersion[..12]}, as of {s.AsOf})");
        output.WriteLine($"  care lines      {s.Lines,10:N0}   accepted {s.Accepted:N0}, rejected {s.Rejected:N0}");
        foreach (var (reason, count) in s.RejectionsByReason) output.WriteLine($"    rejected: {reason,-32} {count,8:N0}");
        output.WriteLine($"  fees            {s.FeeTotal,14} EUR");
        output.WriteLine($"  insurer part    {s.InsurerTotal,14} EUR");
        output.WriteLine($"  personal shares {s.PersonalShareTotal,14} EUR");
        output.WriteLine($"  supplements     {s.SupplementTotal,14} EUR (never reimbursed)");
        output.WriteLine($"  MAF refunds     {s.MafRefundTotal,14} EUR");
        output.WriteLine($"  indemnities     {s.IndemnityStatements,10:N0}   net {s.IndemnityNetTotal} EUR (withholding {s.IndemnityWithholdingTotal} EUR)");
        var heldDays = s.IndemnitiesHeld ?? [];
        if (heldDays.Count > 0)
            output.WriteLine($"  indemnities held{heldDays.Count,9:N0}   cases, {heldDays.Sum(h => h.Days):N0} days: a figure is missing from rules/ (see indemnities-held.csv)");
        foreach (var h in heldDays.Take(5))
            output.WriteLine($"    held: case {h.CaseId} {h.FirstDay}..{h.LastDay} ({h.Days} days): no '{h.Parameter}' on {h.Date}");
        if (heldDays.Count > 5) output.WriteLine($"    held: ... and {heldDays.Count - 5:N0} more cases");
        foreach (var y in s.MafPending ?? [])
            output.WriteLine($"  MAF pending     {y.Year,10}   {y.Households:N0} households without refunds until rules/ has the year's figures ('{y.Parameter}')");
        if (s.MafSettledLines is { } settled)
            output.WriteLine($"  MAF settled     {settled,10:N0}   {s.MafSettledTotal} EUR of pending years' refunds ({string.Join(", ", (s.MafSettled ?? []).Select(y => y.Year))})");
        output.WriteLine($"  AC requests     {s.AcRequests,10:N0}   granted {s.AcGrantedTotal} EUR");
        output.WriteLine($"  transfers       {s.Transfers,10:N0}   paid {s.PaidTotal} EUR");
        output.WriteLine($"  held back       {s.HeldBack,10:N0}   {s.HeldBackTotal} EUR (bad or missing IBAN: see held-back.csv)");
        foreach (var (reason, held) in s.HeldBackByReason)
            output.WriteLine($"    held back: {reason}: {held.Items:N0} items, {held.Payees:N0} payees, {held.Total} EUR");
        foreach (var note in s.Notes) output.WriteLine($"  note: {note}");
        if (s.RejectionsByReason.ContainsKey("authorisation_missing"))
            output.WriteLine($"  prior authorisation: a line awaits the medical adviser's agreement; the late decision {Path.Combine(folder, LateAuthorisations)} " +
                             "releases it: `import authorisations` it, and the next run pays it (docs/authorisations-and-bim.md)");
        output.WriteLine();
        output.WriteLine($"Outputs in {runDir}:");
        foreach (var f in s.Outputs) output.WriteLine($"  {f}");
        output.WriteLine($"Answers to providers in {Path.Combine(folder, "outbox")}; database {(onServer ? $"{server} (Engine:Database:ConnectionString)" : Path.Combine(folder, "engine.db"))}");
        // The next commands name the embedded database with --database; on a server they take the same configuration.
        if (!onServer) NextSteps(store, s, Path.Combine(folder, "engine.db"));
        output.WriteLine($"Done in {total.Elapsed.TotalSeconds:0.0} s.");
        return 0;
    }

    /// <summary>Whether the configuration (file, then environment) names a server store rather than the embedded one.</summary>
    private static bool OnServer(string? configFile)
    {
        var builder = new ConfigurationBuilder();
        builder.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
        if (configFile is not null && File.Exists(configFile)) builder.AddJsonFile(Path.GetFullPath(configFile), optional: true);
        builder.AddEnvironmentVariables();
        try
        {
            return (builder.Build()["Engine:Database:Provider"] ?? StoreFactory.Sqlite) != StoreFactory.Sqlite;
        }
        catch (InvalidDataException)
        {
            return false; // a file that is not JSON: the host names it
        }
    }

    /// <summary>
    /// The commands that answer from the database alone, with this demo's database and a real line: one held back when
    /// the run held any, else one it paid.
    /// </summary>
    private void NextSteps(IEngineStore store, RunSummary s, string database)
    {
        var held = store.UnpaidItems(s.RunId).FirstOrDefault(i => i.Outcome == "held" && i.SourceRef.StartsWith("line:", StringComparison.Ordinal));
        var line = held?.SourceRef ?? store.TransferItems(s.RunId).Select(x => x.Item.SourceRef).FirstOrDefault(r => r.StartsWith("line:", StringComparison.Ordinal));
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, database);
        var db = Quote(relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? database : relative);
        const string engine = "dotnet run --project src/Engine.Host --";
        output.WriteLine();
        output.WriteLine("Next steps (answers from the database alone):");
        if (line is not null)
        {
            var id = line["line:".Length..];
            output.WriteLine($"  {engine} explain --line {id} --database {db}" + (held is not null ? $"   # a line held back: {held.HoldReason}" : "   # a line paid"));
            output.WriteLine($"  {engine} explain --line {id} --for member --lang nl --database {db}   # the same, in plain words for the member");
        }
        output.WriteLine($"  {engine} replay --from {s.RunDate} --to {s.RunDate} --database {db}   # recompute the night and prove the same files");
    }

    private static string Quote(string path) => path.Contains(' ', StringComparison.Ordinal) ? $"\"{path}\"" : path;

    private void Step(string title, Func<string> work)
    {
        output.WriteLine($"• {title}...");
        var sw = Stopwatch.StartNew();
        var cpu = Environment.CpuUsage;
        var result = work();
        var used = Environment.CpuUsage;
        output.WriteLine($"  {result} ({sw.Elapsed.TotalSeconds:0.0} s)");
        // Each step's processor time (user and system, all threads) in the log: on a shared machine the wall time swells
        // with the load, the processor time much less.
        Serilog.Log.Information("Demo step {Step}: {Seconds:0.00} s, {Cpu:0.00} s of processor time ({User:0.00} user, {System:0.00} system)",
            title, sw.Elapsed.TotalSeconds, (used.TotalTime - cpu.TotalTime).TotalSeconds, (used.UserTime - cpu.UserTime).TotalSeconds,
            (used.PrivilegedTime - cpu.PrivilegedTime).TotalSeconds);
    }

    private void Progress(int done, int count)
    {
        if (count >= 20 && done % Math.Max(1, count / 10) == 0) output.WriteLine($"  ... {done:N0}/{count:N0}");
    }

    /// <summary>
    /// The run job hands its partitions to other jobs, and the last one done hands the run to the phase jobs: wait for
    /// the run's completion in the database, stopping at the first job that fails.
    /// </summary>
    private static void WaitForRun(IEngineStore store, string runId)
    {
        var monitor = JobStorage.Current.GetMonitoringApi();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(30))
        {
            if (store.Run(runId)?.Phase == RunPhase.Completed) return;
            // A failed attempt goes back to the schedule for a retry, with the failure in its history.
            foreach (var jobId in monitor.FailedJobs(0, 5).Select(j => j.Key).Concat(monitor.ScheduledJobs(0, 10).Select(j => j.Key)))
            {
                var failure = monitor.JobDetails(jobId)?.History.FirstOrDefault(h => h.StateName == FailedState.StateName);
                if (failure is not null)
                    throw new CliError($"the nightly run job {jobId} failed: {failure.Reason}: {(failure.Data.TryGetValue("ExceptionMessage", out var m) ? m : "")}");
            }
            Thread.Sleep(100);
        }
        throw new CliError("the nightly run did not finish within 30 minutes");
    }

    private static void PrepareFolder(string folder)
    {
        if (Directory.Exists(folder))
        {
            if (!File.Exists(Path.Combine(folder, Marker)) && Directory.EnumerateFileSystemEntries(folder).Any())
                throw new CliError($"--out '{folder}' exists and is not a demo folder: choose an empty or new folder");
            Directory.Delete(folder, recursive: true);
        }
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, Marker), "Created by `engine demo`; deleted and recreated by the next demo.\n");
    }
}
