using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ComputeUtility.Server.Descriptor;

/// <summary>Registers building the utility's descriptor (section 4) and what it reports.</summary>
internal static class DescriptorServiceCollectionExtensions
{
    public static IServiceCollection AddDescriptor(this IServiceCollection services)
    {
        services.TryAddSingleton<CpuMeter>();
        services.TryAddSingleton<DescriptorBuilder>();
        services.TryAddSingleton<UtilitySecret>();
        services.TryAddSingleton<DescriptorMinimiser>();
        return services;
    }
}
