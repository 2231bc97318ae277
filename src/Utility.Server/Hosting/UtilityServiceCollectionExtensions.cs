using ComputeUtility.Server.Demo;
using ComputeUtility.Server.Descriptor;
using ComputeUtility.Server.Origins;
using ComputeUtility.Server.Packages;
using ComputeUtility.Server.Sandbox;
using ComputeUtility.Server.Tasks;
using ComputeUtility.Server.Workers;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace ComputeUtility.Server.Hosting;

/// <summary>Registers the utility's services; every option is validated at start.</summary>
internal static class UtilityServiceCollectionExtensions
{
    /// <summary>A misspelt key fails start instead of being ignored.</summary>
    private static void Strict(BinderOptions binder) => binder.ErrorOnUnknownConfiguration = true;

    public static IServiceCollection AddComputeUtility(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LimitsOptions>().Bind(configuration.GetSection(LimitsOptions.Section), Strict).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PackagesOptions>().Bind(configuration.GetSection(PackagesOptions.Section), Strict).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CorsOptions>().Bind(configuration.GetSection(CorsOptions.Section), Strict).ValidateOnStart();
        services.AddOptions<UtilityOptions>().Bind(configuration.GetSection(UtilityOptions.Section), Strict).ValidateOnStart();
        services.AddOptions<Access.LanOptions>().Bind(configuration.GetSection(Access.LanOptions.Section), Strict).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<Access.LanOptions>, Access.LanOptionsValidator>();
        services.AddSingleton<Access.AccessPolicy>();
        Tls.TlsServiceCollectionExtensions.AddReloadingCertificate(services);
        services.AddSingleton<Access.AccessTokenStore>();
        services.AddSingleton<IValidateOptions<LimitsOptions>, LimitsValidator>();
        services.AddSingleton<IValidateOptions<UtilityOptions>, UtilityOptionsValidator>();
        services.AddSingleton<IValidateOptions<PackagesOptions>, OriginListValidator>();
        services.AddSingleton<IValidateOptions<CorsOptions>, OriginListValidator>();
        services.AddPageOrigins();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SpecFiles>();
        services.AddSingleton<ShutdownGate>();
        services.AddSingleton<FaultSwitch>();
        services.AddSingleton<CacheDirectory>();
        services.AddSingleton<DemoOrigin>();
        services.AddSingleton<OriginPolicy>();
        services.AddSingleton<GuardedConnector>();
        services.AddSingleton<BlobCache>();
        services.AddSingleton<ManifestReader>();
        services.AddSingleton<PackageFetcher>();
        services.AddSingleton<PackageResolver>();
        services.AddSingleton<WasmRuntime>();
        services.AddSingleton<ModuleCache>();
        services.AddHostedService<EpochTicker>();
        services.AddSingleton<GuestThreads>();
        services.AddSingleton<WorkerRegistry>();
        services.AddSingleton<WorkerAccess>();
        services.AddSingleton<WorkerLauncher>();
        services.AddSingleton<MemoryTrimmer>();
        services.AddSingleton<RetentionBudget>();
        services.AddHostedService<WorkerJanitor>();
        services.AddSingleton<TaskSlots>();
        services.AddSingleton<LatencyBook>();
        services.AddSingleton<Estimates.EstimateBook>();
        services.AddSingleton<Snapshots.SnapshotStore>();
        services.AddSingleton<Snapshots.SnapshotSource>();
        services.AddSingleton<CpuMeter>();
        services.AddSingleton<DescriptorBuilder>();
        services.AddSingleton<UtilitySecret>();
        services.AddSingleton<DescriptorMinimiser>();
        services.AddSingleton<Dashboard.DashboardViewBuilder>();

        services.AddHttpClient(PackageFetcher.ClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                ConnectCallback = sp.GetRequiredService<GuardedConnector>().ConnectAsync,
                AllowAutoRedirect = false,
                AutomaticDecompression = System.Net.DecompressionMethods.None,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                UseProxy = false,
                UseCookies = false, // a package fetch never carries credentials
            })
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

        // Snapshot pulls: the same guarded connections, and gzip accepted (the cap applies to the decoded bytes).
        // SnapshotSource puts one deadline over the whole pull; the client's own would end with the headers.
        services.AddHttpClient(Snapshots.SnapshotSource.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                ConnectCallback = sp.GetRequiredService<GuardedConnector>().ConnectAsync,
                AllowAutoRedirect = false,
                AutomaticDecompression = System.Net.DecompressionMethods.None,
                UseProxy = false,
                UseCookies = false,
            });
        return services;
    }
}
