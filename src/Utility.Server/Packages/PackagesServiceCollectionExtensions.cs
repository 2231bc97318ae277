using ComputeUtility.Server.Settings;
using ComputeUtility.Server.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace ComputeUtility.Server.Packages;

/// <summary>Binds <see cref="PackagesOptions"/> and registers fetching, checking and caching packages (section 6); a host may replace any service first.</summary>
internal static class PackagesServiceCollectionExtensions
{
    public static IServiceCollection AddPackages(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddStrictOptions<PackagesOptions>(configuration, PackagesOptions.Section);
        services.AddSingleton<IValidateOptions<PackagesOptions>, PackagesOptionsValidator>();
        services.TryAddSingleton(sp => new CacheDirectory(sp.GetRequiredService<IOptions<PackagesOptions>>().Value.CacheDirectory));
        services.TryAddSingleton<DemoOrigin>();
        services.TryAddSingleton<OriginPolicy>();
        services.TryAddSingleton<GuardedConnector>();
        services.TryAddSingleton<BlobCache>();
        services.TryAddSingleton<ManifestReader>();
        services.TryAddSingleton<PackageFetcher>();
        services.TryAddSingleton<PackageResolver>();

        services.AddHttpClient(PackageFetcher.ClientName)
            .ConfigurePrimaryHttpMessageHandler(OriginFetch.GuardedHandler)
            .AddStandardResilienceHandler()
            .Configure((HttpStandardResilienceOptions resilience, IServiceProvider sp) =>
            {
                var packages = sp.GetRequiredService<IOptions<PackagesOptions>>().Value;
                var total = TimeSpan.FromSeconds(packages.FetchTimeoutSeconds);
                resilience.TotalRequestTimeout.Timeout = total;
                resilience.AttemptTimeout.Timeout = total / (packages.FetchRetries + 1);
                resilience.CircuitBreaker.SamplingDuration = resilience.AttemptTimeout.Timeout * 2 + TimeSpan.FromSeconds(1);
                resilience.Retry.MaxRetryAttempts = packages.FetchRetries;
                resilience.Retry.Delay = TimeSpan.FromMilliseconds(packages.FetchRetryBaseDelayMs);
                resilience.Retry.BackoffType = DelayBackoffType.Exponential;
                resilience.Retry.UseJitter = true;
            })
            .SelectPipelineByAuthority();
        return services;
    }
}
