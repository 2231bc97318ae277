using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ComputeUtility.Server.Measurements;

/// <summary>Registers the books that workers and tasks write their timings into, and the descriptor and estimates read.</summary>
internal static class MeasurementsServiceCollectionExtensions
{
    public static IServiceCollection AddMeasurements(this IServiceCollection services)
    {
        services.TryAddSingleton<LatencyBook>();
        services.TryAddSingleton<EstimateBook>();
        return services;
    }
}
