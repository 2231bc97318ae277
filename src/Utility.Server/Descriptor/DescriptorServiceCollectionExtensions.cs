using ComputeUtility.Server.Settings;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Descriptor;

/// <summary>Registers building the utility's descriptor (section 4) and what it reports.</summary>
internal static class DescriptorServiceCollectionExtensions
{
    public static IServiceCollection AddDescriptor(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddStrictOptions<UtilityOptions>(configuration, UtilityOptions.Section);
        services.AddSingleton<IValidateOptions<UtilityOptions>, UtilityOptionsValidator>();
        services.TryAddSingleton<CpuMeter>();
        services.TryAddSingleton<DescriptorBuilder>();
        services.TryAddSingleton<UtilitySecret>();
        services.TryAddSingleton<DescriptorMinimiser>();
        return services;
    }
}
