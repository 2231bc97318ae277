using ComputeUtility.Server.RateLimits;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Hosting;

/// <summary>Limits on what one client may ask of the server: request rates per client and Kestrel's connection limits.</summary>
internal static class RequestLimitsExtensions
{
    public static IServiceCollection AddRequestLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRequestRateLimits(configuration);
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>, KestrelLimitsSetup>();
        return services;
    }
}
