using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Discovery.Hosting;

/// <summary>Adds the mDNS announcer to a host; the host also registers an <see cref="IUtilityAdvertisementSource"/>.</summary>
public static class DiscoveryServiceCollectionExtensions
{
    /// <summary>Binds the <c>Discovery</c> section (validated at start) and announces while the host runs.</summary>
    public static IServiceCollection AddDiscovery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DiscoveryOptions>().Bind(configuration.GetSection(DiscoveryOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DiscoveryOptions>, DiscoveryOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<UtilityAnnouncer>();
        return services;
    }
}
