using ComputeUtility.Discovery.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Discovery.Registration;

/// <summary>Adds unicast DNS registration to a host that also registers an <see cref="IUtilityAdvertisementSource"/>.</summary>
public static class DnsRegistrationServiceCollectionExtensions
{
    /// <summary>
    /// Binds the <c>DnsRegistration</c> section (validated at start; off by default) and registers while the host runs,
    /// with the instance name and host label of the <c>Discovery</c> section that <see cref="DiscoveryServiceCollectionExtensions.AddDiscovery"/> binds.
    /// </summary>
    public static IServiceCollection AddDnsRegistration(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DnsRegistrationOptions>().Bind(configuration.GetSection(DnsRegistrationOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DnsRegistrationOptions>, DnsRegistrationOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<DnsRegistrationService>();
        return services;
    }
}
