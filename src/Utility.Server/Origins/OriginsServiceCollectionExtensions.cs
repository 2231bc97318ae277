using ComputeUtility.Server.Settings;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Origins;

/// <summary>Binds <see cref="CorsOptions"/> and registers the owner's page-origin permissions (section 15.1).</summary>
internal static class OriginsServiceCollectionExtensions
{
    public static IServiceCollection AddPageOrigins(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddStrictOptions<CorsOptions>(configuration, CorsOptions.Section);
        services.AddSingleton<IValidateOptions<CorsOptions>, CorsOptionsValidator>();
        services.TryAddSingleton<OriginPermissionStore>();
        services.TryAddSingleton<PendingOrigins>();
        services.TryAddSingleton<PagePermissions>();
        services.TryAddSingleton<OwnerDashboardAddress>();
        services.AddHostedService<AnyOriginWarning>();
        return services;
    }
}
