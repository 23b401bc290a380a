using Hangfire;
using NodaTime;

namespace Engine.Jobs.Ingestion;

/// <summary>
/// The recurring inbox job: imports every file waiting in Engine:InboxFolder (answers go to Engine:OutboxFolder),
/// then moves it to Engine:ArchiveFolder/yyyy-MM-dd/. A file imported but not yet moved when the process dies is
/// imported again next time and recognised by its content hash: nothing is stored twice. Indemnity declarations
/// that arrived are paid the same day by the pay-on-arrival job.
/// </summary>
public sealed class InboxJob(InboxImport import, EngineOptions options, IClock clock, IBackgroundJobClient jobs, Serilog.ILogger log)
{
    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(timeoutInSeconds: 3600)]
    public void Poll()
    {
        if (!Directory.Exists(options.InboxFolder)) Directory.CreateDirectory(options.InboxFolder);
        var files = Directory.EnumerateFiles(options.InboxFolder).Where(InboxImport.IsComplete)
            .Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0) return;
        var report = import.ImportFiles(files);
        var today = clock.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb[options.Nightly.TimeZone]).Date;
        var archive = Path.Combine(options.ArchiveFolder, today.ToString("yyyy-MM-dd", null));
        Directory.CreateDirectory(archive);
        foreach (var file in files)
        {
            var target = Path.Combine(archive, Path.GetFileName(file));
            if (UnixFiles.TryMoveNew(file, target)) continue; // nearly every file: no file of its name archived today
            if (File.Exists(target)) target += "." + clock.GetCurrentInstant().ToUnixTimeTicks();
            File.Move(file, target);
        }
        if (report.ArrivedIndemnityCases.Count > 0)
            jobs.Enqueue<Runs.IndemnityArrivalJob>(j => j.Pay(today.ToString("yyyy-MM-dd", null), report.ArrivedIndemnityCases.ToArray()));
        // A BIM right granted on the insurer's initiative: the recalculation of the member pays the complements owed since.
        foreach (var g in report.GrantedBim)
        {
            var (member, reason) = (g.MemberId, Bim.BimGrant.Reason(g));
            jobs.Enqueue<Recalc.RecalcJob>(j => j.Run(member, null, null, null, null, null, reason, Bim.BimGrant.RequestedBy));
        }
        log.ForContext<InboxJob>().Information("Inbox: {Summary}", report.Describe());
    }
}
