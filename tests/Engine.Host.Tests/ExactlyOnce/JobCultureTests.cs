using System.Collections.Concurrent;
using System.Globalization;
using Engine.Host.Hosting;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Engine.Host.Tests.ExactlyOnce;

/// <summary>
/// A job runs in a read-only culture: Hangfire's default filter ran it in <c>new CultureInfo(name)</c>, for which NodaTime
/// builds its format info at each date formatted (a partition job allocated twice what the `run` command's does).
/// </summary>
[Collection("process-wide")]
public sealed class JobCultureTests : IDisposable
{
    private static readonly ConcurrentQueue<(string Name, bool ReadOnly)> Seen = new();
    private readonly string _root = Directory.CreateTempSubdirectory("engine-culture-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    public static void Probe() => Seen.Enqueue((CultureInfo.CurrentCulture.Name, CultureInfo.CurrentCulture.IsReadOnly));

    [Fact]
    public async Task A_job_runs_in_the_read_only_invariant_culture()
    {
        var settings = new EngineHost.Settings(null, new Dictionary<string, string?>
        {
            ["Engine:Database:ConnectionString"] = $"Data Source={Path.Combine(_root, "engine.db")}", ["Engine:OutputFolder"] = Path.Combine(_root, "runs"),
        }, HangfireServer: true, CreatesDatabase: true);
        using var host = EngineHost.Build(settings, JobRegistration.Add);
        await host.StartAsync();
        Seen.Clear();
        host.Services.GetRequiredService<IBackgroundJobClient>().Enqueue(() => Probe());
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (Seen.IsEmpty && waited.Elapsed < TimeSpan.FromMinutes(1)) await Task.Delay(20);
        await host.StopAsync();
        Assert.Equal([("", true)], Seen.ToArray());
        Assert.DoesNotContain(GlobalJobFilters.Filters, f => f.Instance is CaptureCultureAttribute);
    }
}
