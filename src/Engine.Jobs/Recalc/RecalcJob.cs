using Hangfire;
using NodaTime.Text;

namespace Engine.Jobs.Recalc;

/// <summary>
/// A recalculation as a Hangfire job, for finance staff working from a back office:
/// <c>jobs.Enqueue&lt;RecalcJob&gt;(j =&gt; j.Run("B000123", null, null, null, null, null, "BIM granted from 2023-12-01", "j.dupont"))</c>.
/// Not retried: a recalculation that failed is asked again (running one twice records nothing new the second time).
/// </summary>
public sealed class RecalcJob(Recalculation recalculation)
{
    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 3600)]
    public long Run(string? member, string? household, string? provider, int? code, string? from, string? to, string reason, string requestedBy)
    {
        var scope = new RecalcScope(member, household, provider, code, Date(from), Date(to));
        return recalculation.Run(scope, reason, requestedBy).Recalc.RecalcId;
    }

    private static NodaTime.LocalDate? Date(string? text) => text is null ? null : LocalDatePattern.Iso.Parse(text).GetValueOrThrow();
}
