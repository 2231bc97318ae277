using ComputeUtility.Server.Channels;
using ComputeUtility.Server.RateLimits;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Hosting;

/// <summary>
/// Limits on what one client may ask of the server: request rates per client, Kestrel's connection limits,
/// connections and event streams per client.
/// </summary>
internal static class RequestLimitsExtensions
{
    public static IServiceCollection AddRequestLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRequestRateLimits(configuration);
        services.AddSingleton<ClientConnectionLimit>();
        services.AddSingleton<Channels.EventStreamSlots>();
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>, KestrelLimitsSetup>();
        return services;
    }
}
