using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ComputeUtility.Server.Origins;

/// <summary>Registers the owner's page-origin permissions (section 15.1).</summary>
internal static class OriginsServiceCollectionExtensions
{
    public static IServiceCollection AddPageOrigins(this IServiceCollection services)
    {
        services.TryAddSingleton<OriginPermissionStore>();
        services.TryAddSingleton<PendingOrigins>();
        services.TryAddSingleton<PagePermissions>();
        services.TryAddSingleton<OwnerDashboardAddress>();
        services.AddHostedService<AnyOriginWarning>();
        return services;
    }
}
