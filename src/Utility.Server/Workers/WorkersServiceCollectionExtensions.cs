using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ComputeUtility.Server.Workers;

/// <summary>Registers creating, finding, trimming and ending workers (section 8).</summary>
internal static class WorkersServiceCollectionExtensions
{
    public static IServiceCollection AddWorkers(this IServiceCollection services)
    {
        services.TryAddSingleton<WorkerRegistry>();
        services.TryAddSingleton<WorkerAccess>();
        services.TryAddSingleton<WorkerLauncher>();
        services.TryAddSingleton<MemoryTrimmer>();
        services.TryAddSingleton<RetentionBudget>();
        services.AddHostedService<WorkerJanitor>();
        return services;
    }
}
