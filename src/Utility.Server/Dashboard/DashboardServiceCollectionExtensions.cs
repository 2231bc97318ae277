using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ComputeUtility.Server.Dashboard;

/// <summary>Registers the owner's dashboard.</summary>
internal static class DashboardServiceCollectionExtensions
{
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.TryAddSingleton<DashboardViewBuilder>();
        return services;
    }
}
