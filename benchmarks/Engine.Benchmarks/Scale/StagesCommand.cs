using System.Diagnostics;
using System.Security.Cryptography;
using Engine.Host.Hosting;
using Engine.Jobs;
using Engine.Jobs.Data;
using Engine.Jobs.Data.Sqlite;
using Engine.Jobs.EAttest;
using Engine.Jobs.Efact;
using Engine.Jobs.Ingestion;
using Engine.Jobs.Rules;
using Engine.Jobs.Time;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Engine.Benchmarks.Scale;

/// <summary>
/// `stages CONFIG INPUTS KIND` (KIND efact or eattest): where an import's time goes, each per-file stage run over every
/// file of INPUTS/KIND alone on one thread (read, hash, format checks, the checks against the store's data, answer
/// bytes, Brotli, answer files written and renamed), then the whole import, each with its processor time (user and
/// system) and allocations. CONFIG's store holds the registry and no sendings: a copy of a scale night's engine.db
/// with its sendings and care lines deleted, INPUTS that night's inputs folder.
/// <para>The eFact parse runs twice: first cold (as an import runs it, Tier0 and instrumented code included), then
/// tiered. STAGES_WHOLE_ONLY=1 runs the whole import alone, cold, as the engine's process does; STAGES_ALLOCATIONS=1
/// prints the types a parse and the whole import allocate, from the runtime's allocation samples.</para>
/// </summary>
public static class StagesCommand
{
    public static int Run(string[] args, TextWriter output)
    {
        var (config, inputs, kind) = (args[0], args[1], args[2]);
        var clock = new FixedClock(Brussels.At(new LocalDate(2024, 3, 5), 1));
        using var host = EngineHost.Build(new EngineHost.Settings(config, new Dictionary<string, string?>(), HangfireServer: false, CreatesDatabase: false), (services, options) =>
        {
            JobRegistration.Add(services, options);
            services.AddSingleton<IClock>(clock);
        });
        var store = host.Services.GetRequiredService<IEngineStore>();
        var rules = host.Services.GetRequiredService<RuleSetProvider>().Current;
        var options = host.Services.GetRequiredService<EngineOptions>();
        var files = Directory.EnumerateFiles(Path.Combine(inputs, kind)).Order(StringComparer.Ordinal).ToList();
        void Stage(string name, Action action)
        {
            GC.Collect(2, GCCollectionMode.Forced, true, true);
            var p = Process.GetCurrentProcess();
            var (u, s) = (p.UserProcessorTime, p.PrivilegedProcessorTime);
            var alloc = GC.GetTotalAllocatedBytes(true);
            var w = Stopwatch.StartNew();
            action();
            var wall = w.Elapsed;
            p = Process.GetCurrentProcess();
            output.WriteLine($"{name,-28} wall {wall.TotalSeconds,6:0.000}  user {(p.UserProcessorTime - u).TotalSeconds,6:0.000}  sys {(p.PrivilegedProcessorTime - s).TotalSeconds,6:0.000}  alloc {(GC.GetTotalAllocatedBytes(true) - alloc) / 1e6,7:0.0} MB");
        }
        if (Environment.GetEnvironmentVariable("STAGES_WHOLE_ONLY") == "1")
        {
            var cold = host.Services.GetRequiredService<InboxImport>();
            Stage("whole import (cold)", () => output.WriteLine(cold.ImportFiles(files, kind).Files.Sum(f => (long)f.AcceptedLines)));
            return 0;
        }
        var contents = new byte[files.Count][];
        Stage("read", () => { for (int i = 0; i < files.Count; i++) contents[i] = ReceivedFile.Read(files[i]).Content!; });
        Stage("sha256+hex", () => { foreach (var c in contents) Convert.ToHexStringLower(SHA256.HashData(c)); });
        var names = files.Select(Path.GetFileName).ToArray();
        var efact = new EfactReadResult[files.Count];
        var eattest = new EAttestReadResult[files.Count];
        if (kind == "efact") Stage("parse (incl sha)", () => { for (int i = 0; i < files.Count; i++) efact[i] = EfactReader.Read(names[i]!, contents[i]); });
        else Stage("parse (incl sha)", () => { for (int i = 0; i < files.Count; i++) eattest[i] = EAttestReader.Read(names[i]!, contents[i]); });
        if (kind == "efact") Stage("parse again (tiered)", () => { for (int i = 0; i < files.Count; i++) efact[i] = EfactReader.Read(names[i]!, contents[i]); });
        if (Environment.GetEnvironmentVariable("STAGES_ALLOCATIONS") == "1")
        {
            using var sampler = new AllocationSampler();
            sampler.On = true;
            if (kind == "efact") Stage("parse (sampled)", () => { for (int i = 0; i < files.Count; i++) efact[i] = EfactReader.Read(names[i]!, contents[i]); });
            else Stage("parse (sampled)", () => { for (int i = 0; i < files.Count; i++) eattest[i] = EAttestReader.Read(names[i]!, contents[i]); });
            sampler.On = false;
            sampler.Print(output);
            var im = host.Services.GetRequiredService<InboxImport>();
            sampler.On = true;
            Stage("whole import (sampled)", () => im.ImportFiles(files, kind));
            sampler.On = false;
            sampler.Print(output, 40);
            return 0;
        }
        var reference = new StoreReferenceData(store, rules, clock.GetCurrentInstant(), Engine.Jobs.Payers.PayerAccounts.InvoiceMutualities(options));
        Stage("reference load", () => new StoreReferenceData(store, rules, clock.GetCurrentInstant(), Engine.Jobs.Payers.PayerAccounts.InvoiceMutualities(options)));
        if (kind == "efact") Stage("data checks", () => { for (int i = 0; i < files.Count; i++) efact[i] = efact[i].IsSound ? EfactDataChecks.Apply(efact[i], reference) : efact[i]; });
        else Stage("data checks", () => { for (int i = 0; i < files.Count; i++) eattest[i] = EAttestReader.Check(eattest[i], reference); });
        var answers = new List<(string, byte[])>();
        var outbox = Path.Combine(Path.GetTempPath(), "stages-outbox");
        if (Directory.Exists(outbox)) Directory.Delete(outbox, true);
        Directory.CreateDirectory(outbox);
        if (kind == "efact")
            Stage("answer bytes", () =>
            {
                for (int i = 0; i < files.Count; i++)
                {
                    var ctx = new EfactReplyContext("12345678901234", "X", "", "0000000000");
                    var ack = EfactAnswerWriter.Acknowledgement(efact[i], contents[i], ctx);
                    answers.Add((Path.Combine(outbox, $"{names[i]}.{ack.MessageName}"), ack.Bytes));
                    var a = EfactAnswerWriter.Answer(efact[i], contents[i], ctx);
                    answers.Add((Path.Combine(outbox, $"{names[i]}.{a.MessageName}"), a.Bytes));
                }
            });
        else
            Stage("answer bytes", () =>
            {
                for (int i = 0; i < files.Count; i++)
                    answers.Add((Path.Combine(outbox, names[i] + ".answer.xml"), EAttestAnswerWriter.WriteBytes(eattest[i],
                        new EAttestAnswerContext("131", "X", eattest[i].Attestation?.AttestationId ?? "x", clock.GetCurrentInstant().InUtc().ToOffsetDateTime()))));
            });
        Stage("brotli", () => { foreach (var c in contents) RawEncoding.Encode(c); });
        Stage("answer write (pending)", () => { foreach (var (p, b) in answers) File.WriteAllBytes(AnswerOutbox.PendingName(p), b); });
        Stage("answer rename", () => { foreach (var (p, _) in answers) File.Move(AnswerOutbox.PendingName(p), p, true); });
        Stage("enumerate inputs", () => Directory.EnumerateFiles(Path.Combine(inputs, kind)).Where(InboxImport.IsComplete).Order(StringComparer.Ordinal).ToList());
        var import = host.Services.GetRequiredService<InboxImport>();
        Stage("whole import", () => output.WriteLine(import.ImportFiles(files, kind).Files.Sum(f => (long)f.AcceptedLines)));
        return 0;
    }
}
