using Hangfire;
using NodaTime.Text;

namespace Engine.Jobs.Runs;

/// <summary>
/// Pay on arrival: when an employer's wage declaration (or any indemnity declaration) is imported, this Hangfire job
/// computes the cases it brought and pays them the same day, in a run of their own (payment file included), instead of
/// waiting for the next nightly run. The nightly run then continues from the day after what this run covered.
/// </summary>
public sealed class IndemnityArrivalJob(RunPipeline run, Serilog.ILogger log)
{
    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(timeoutInSeconds: 3600)]
    public void Pay(string date, string[] caseIds)
    {
        var scope = RunScope.Arrival(LocalDatePattern.Iso.Parse(date).GetValueOrThrow(), caseIds);
        var summary = run.Execute(scope);
        log.ForContext<IndemnityArrivalJob>().Information("Paid on arrival {RunId}: {Count} statements, {Net} net",
            summary.RunId, summary.IndemnityStatements, summary.IndemnityNetTotal);
    }
}
