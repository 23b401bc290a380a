using System.Globalization;
using System.Runtime;
using System.Text.Json;
using Engine.Host.Hosting;
using Engine.Jobs.Data;
using Engine.Jobs.Generation;
using Engine.Jobs.Ingestion;
using Engine.Jobs.Registry;
using Engine.Jobs.Rules;
using Engine.Jobs.Time;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Engine.Benchmarks.Scale;

/// <summary>
/// `scale [--lines N[,N...]] [--members M] [--huge] [--work DIR] [--seed S] [--postgres CONNECTION]`: a whole synthetic
/// night per size, in this process, on a fresh store: the floor (a bare read of N care lines, a bare insert of N result
/// rows, on the same store) and the engine (registry import, eFact import, eAttest import, the `run` command from stored
/// inputs to written files), each with lines a second, its ratio to the floor and its peak memory.
/// --import-only leaves the run out. Default sizes 100,000 and 1,000,000 lines (--huge adds 10,000,000); members default to the lines.
/// --postgres runs the nights on that PostgreSQL server instead of the embedded SQLite file, each in a fresh schema
/// `scale_nN`, with the floor measured on the same server (and a binary COPY of the N lines in, the floor of an import).
/// </summary>
public static class ScaleCommand
{
    public static int Run(string[] args, TextWriter output)
    {
        var sizes = new List<int> { 100_000, 1_000_000 };
        int? members = null;
        var seed = 42;
        var run = true;
        var rerun = false;
        var work = Path.Combine(Path.GetTempPath(), "engine-scale");
        string? postgres = null;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--lines": sizes = Next().Split(',').Select(s => int.Parse(s.Replace("_", ""), CultureInfo.InvariantCulture)).ToList(); break;
                case "--members": members = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--huge": sizes.Add(10_000_000); break;
                case "--seed": seed = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--work": work = Next(); break;
                case "--import-only": run = false; break;
                case "--rerun": rerun = true; break;
                case "--postgres": postgres = Next(); break;
                default:
                    output.WriteLine("usage: scale [--lines N[,N...]] [--members M] [--huge] [--work DIR] [--seed S] [--import-only] [--rerun] [--postgres CONNECTION]");
                    return 2;
            }
        }
        output.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, " +
                         $"GC {(GCSettings.IsServerGC ? "server" : "workstation")}, memory {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1 << 20):N0} MB");
        if (rerun && postgres is not null)
        {
            output.WriteLine("--rerun keeps the imported night as a SQLite file: it is not offered with --postgres");
            return 2;
        }
        output.WriteLine($"store: {(postgres is null ? "sqlite (embedded)" : "postgres " + PostgresServer(postgres))}");
        foreach (var lines in sizes)
            Night(new GeneratorOptions { Lines = lines, Members = members ?? lines, Seed = seed }, Path.Combine(work, $"n{lines}"), run, rerun, postgres, output);
        return 0;
    }

    /// <summary>The imported database, kept before the run so that --rerun measures the floor and the run again on it.</summary>
    private const string BeforeRun = "engine.before-run.db";

    private static string PostgresServer(string connectionString)
    {
        using var c = new Npgsql.NpgsqlConnection(connectionString);
        c.Open();
        return c.PostgreSqlVersion.ToString();
    }

    private static void Night(GeneratorOptions generator, string folder, bool run, bool rerun, string? postgres, TextWriter output)
    {
        var database = Path.Combine(folder, "engine.db");
        if (rerun)
        {
            // Same imported night, same run, measured again (after a change to the run): the import is not measured.
            var kept = Path.Combine(folder, BeforeRun);
            if (!File.Exists(kept)) throw new InvalidOperationException($"--rerun needs {kept}: run the benchmark once without it");
            foreach (var f in new[] { database, database + "-wal", database + "-shm" }) File.Delete(f);
            File.Copy(kept, database);
            if (Directory.Exists(Path.Combine(folder, "runs"))) Directory.Delete(Path.Combine(folder, "runs"), recursive: true);
            output.WriteLine();
            output.WriteLine($"== {generator.Lines:N0} lines, {generator.Members:N0} members: run again on {kept}");
            Measure(generator, folder, new SqliteFloor(database), Path.Combine(folder, "engine.json"), run: true, [], output);
            return;
        }
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        output.WriteLine();
        output.WriteLine($"== {generator.Lines:N0} lines, {generator.Members:N0} members (seed {generator.Seed}); work folder {folder}");
        var connection = postgres is null ? null : PostgresFloor.FreshSchema(postgres, $"scale_n{generator.Lines}");
        var config = WriteConfig(folder, database, connection);
        IFloor floor = connection is null ? new SqliteFloor(database) : new PostgresFloor(connection);
        var clock = new FixedClock(Brussels.At(generator.RunDate.PlusDays(-1), 18));
        var costs = new List<PhaseCost>();
        ScaleInputs inputs;
        using (var host = EngineHost.Build(new EngineHost.Settings(config, new Dictionary<string, string?>(), HangfireServer: false, CreatesDatabase: true), (services, options) =>
               {
                   JobRegistration.Add(services, options);
                   services.AddSingleton<IClock>(clock);
               }))
        {
            var store = host.Services.GetRequiredService<IEngineStore>();
            var rules = host.Services.GetRequiredService<RuleSetProvider>().Current;
            var generated = System.Diagnostics.Stopwatch.StartNew();
            inputs = ScaleInputs.Write(Path.Combine(folder, "inputs"), generator with { Mutuality = 131 }, rules, clock.GetCurrentInstant());
            output.WriteLine($"   generated {inputs.Sendings:N0} eFact sendings and {inputs.Messages:N0} eAttest messages in {generated.Elapsed.TotalSeconds:0.0} s (not measured)");
            store.Migrate(clock.GetCurrentInstant());

            costs.Add(PhaseMeter.Measure("import registry (members)", () =>
            {
                // The engine's own import (`engine import registry`): incremental, the files streamed.
                var report = new RegistryImport(store).Import(inputs.Registry, clock.GetCurrentInstant());
                return report.Files.Where(f => f.File == "members.csv").Sum(f => f.New + f.Changed + f.Unchanged);
            }));
            clock.Set(Brussels.At(generator.RunDate, 1));
            var import = host.Services.GetRequiredService<InboxImport>();
            long Lines(ImportReport report) => report.Files.Sum(f => (long)f.AcceptedLines + f.RejectedLines);
            costs.Add(PhaseMeter.Measure("import eFact (lines)", () => Lines(import.ImportFiles(inputs.Efact, "efact"))));
            costs.Add(PhaseMeter.Measure("import eAttest (lines)", () => Lines(import.ImportFiles(inputs.EAttest, "eattest"))));
            import.ImportFiles(inputs.Others);
        }
        Measure(generator, folder, floor, config, run, costs, output);
    }

    private static void Measure(GeneratorOptions generator, string folder, IFloor floor, string config, bool run, List<PhaseCost> costs, TextWriter output)
    {
        floor.Settle();
        long stored = floor.Read(long.MaxValue); // warms the page cache for both floor phases alike
        var read = PhaseMeter.Measure("floor: bare read (care lines)", () => floor.Read(stored));
        var insert = PhaseMeter.Measure("floor: bare insert (result rows)", () => floor.Insert(stored));
        PhaseCost? copyIn = null;
        if (floor is PostgresFloor server)
        {
            var prepared = server.PrepareCopyIn(stored);
            copyIn = PhaseMeter.Measure("floor: COPY in (care lines)", prepared.CopyIn);
        }
        floor.Clean();
        costs.Add(read);
        costs.Add(insert);
        if (copyIn is not null) costs.Add(copyIn);

        if (run)
        {
            floor.Settle();
            if (floor is SqliteFloor && !File.Exists(Path.Combine(folder, BeforeRun))) File.Copy(Path.Combine(folder, "engine.db"), Path.Combine(folder, BeforeRun));
            var asOf = Brussels.At(generator.RunDate, 2);
            var said = new StringWriter();
            var code = 0;
            costs.Add(PhaseMeter.Measure("run (care lines, to written files)", () =>
            {
                // The synthetic night is dated in the past: its date is confirmed, as an operator would.
                var date = generator.RunDate.ToString("yyyy-MM-dd", null);
                code = Engine.Host.Program.Run(["run", "--date", date, "--confirm-date", date,
                    "--as-of", DbTypes.Text(asOf), "--config", config], said, said);
                return stored;
            }));
            output.WriteLine($"   run command exit {code}: {said.ToString().Trim()}");
            // A run that failed measured nothing worth printing: the benchmark fails with it.
            if (code != 0) throw new InvalidOperationException($"the run command exited {code}");
        }

        var floorPerLine = (read.Elapsed + insert.Elapsed).TotalSeconds / Math.Max(stored, 1);
        // An import's floor: on SQLite the prepared insert, on PostgreSQL the binary COPY of the same lines.
        var importFloor = copyIn ?? insert;
        var insertPerLine = importFloor.Elapsed.TotalSeconds / Math.Max(stored, 1);
        var floorCpuPerLine = (read.Cpu + insert.Cpu).TotalSeconds / Math.Max(stored, 1);
        var insertCpuPerLine = importFloor.Cpu.TotalSeconds / Math.Max(stored, 1);
        output.WriteLine($"   {"phase",-36} {"items",12} {"seconds",9} {"items/s",12} {"x floor",8} {"peak MB",9} {"alloc MB",10} {"cpu s",8} {"cpu x floor",11}");
        foreach (var c in costs)
        {
            // The floor of an import is the bare insert of its lines; the floor of the run is the bare read plus the bare insert.
            var ratio = c.Name.StartsWith("import e", StringComparison.Ordinal) ? c.Elapsed.TotalSeconds / (insertPerLine * c.Items)
                : c.Name.StartsWith("run", StringComparison.Ordinal) ? c.Elapsed.TotalSeconds / (floorPerLine * c.Items)
                : double.NaN;
            // The same ratio on processor time (the floor's own processor time), steadier than wall time on a shared machine.
            var cpuRatio = c.Name.StartsWith("import e", StringComparison.Ordinal) ? c.Cpu.TotalSeconds / (insertCpuPerLine * c.Items)
                : c.Name.StartsWith("run", StringComparison.Ordinal) ? c.Cpu.TotalSeconds / (floorCpuPerLine * c.Items)
                : double.NaN;
            output.WriteLine($"   {c.Name,-36} {c.Items,12:N0} {c.Elapsed.TotalSeconds,9:0.00} {c.PerSecond,12:N0} " +
                             $"{(double.IsNaN(ratio) ? "" : ratio.ToString("0.0", CultureInfo.InvariantCulture)),8} " +
                             $"{c.PeakBytes / (1 << 20),9:N0} {c.AllocatedBytes / (1 << 20),10:N0} {c.Cpu.TotalSeconds,8:0.00} " +
                             $"{(double.IsNaN(cpuRatio) ? "" : cpuRatio.ToString("0.0", CultureInfo.InvariantCulture)),11}");
        }
        // Each phase's peak is its own (the peak is reset before it, on Linux): the highest of them is the night's.
        output.WriteLine($"   database {floor.DatabaseBytes() / (1 << 20):N0} MB ({floor.Store}); highest phase peak {costs.Max(c => c.PeakBytes) / (1 << 20):N0} MB");
    }

    /// <summary>The configuration the `run` command and the import host read: this night's database and folders.</summary>
    private static string WriteConfig(string folder, string database, string? postgres)
    {
        var path = Path.Combine(folder, "engine.json");
        var engine = new Dictionary<string, object>
        {
            ["Database"] = postgres is null
                ? new Dictionary<string, string> { ["Provider"] = "sqlite", ["ConnectionString"] = $"Data Source={database}" }
                : new Dictionary<string, string> { ["Provider"] = "postgres", ["ConnectionString"] = postgres },
            ["OutputFolder"] = Path.Combine(folder, "runs"),
            ["InboxFolder"] = Path.Combine(folder, "inbox"),
            ["ArchiveFolder"] = Path.Combine(folder, "archive"),
            ["OutboxFolder"] = Path.Combine(folder, "outbox"),
        };
        File.WriteAllText(path, JsonSerializer.Serialize(new Dictionary<string, object> { ["Engine"] = engine }));
        return path;
    }
}
