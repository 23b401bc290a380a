using Engine.Jobs;
using Engine.Jobs.Ingestion;
using Engine.Jobs.Recalc;
using Engine.Jobs.Replay;
using Engine.Jobs.Rules;
using Engine.Jobs.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace Engine.Host.Hosting;

/// <summary>The job classes Hangfire resolves from the container, and what they need.</summary>
public static class JobRegistration
{
    public static void Add(IServiceCollection services, EngineOptions _)
    {
        services.AddSingleton<RuleSetProvider>();
        services.AddTransient<RunPipeline>();
        services.AddTransient<NightlyRunJob>();
        services.AddTransient<RunPartitionJob>();
        services.AddTransient<RunPhaseJob>();
        services.AddTransient<RuleSetArchive>();
        services.AddTransient<LineExplainer>();
        services.AddTransient<IndemnityArrivalJob>();
        services.AddTransient<InboxImport>();
        services.AddTransient<InboxJob>();
        services.AddTransient<Recalculation>();
        services.AddTransient<RecalcJob>();
        services.AddTransient<PeriodReplay>();
        services.AddTransient<Engine.Jobs.Authorisations.AuthorisationRelease>();
        services.AddTransient<Engine.Jobs.Bim.BimProposals>();
        services.AddTransient<Engine.Jobs.Bim.BimProposalsJob>();
    }
}
