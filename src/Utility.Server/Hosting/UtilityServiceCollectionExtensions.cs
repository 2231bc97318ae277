using ComputeUtility.Server.Access;
using ComputeUtility.Server.Dashboard;
using ComputeUtility.Server.Descriptor;
using ComputeUtility.Server.Faults;
using ComputeUtility.Server.Http;
using ComputeUtility.Server.Limits;
using ComputeUtility.Server.Measurements;
using ComputeUtility.Server.Origins;
using ComputeUtility.Server.Packages;
using ComputeUtility.Server.Sandbox;
using ComputeUtility.Server.Migration;
using ComputeUtility.Server.Storage;
using ComputeUtility.Server.Tasks;
using ComputeUtility.Server.Telemetry;
using ComputeUtility.Server.Tls;
using ComputeUtility.Server.Workers;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Hosting;

/// <summary>
/// The composition root: binds and validates every option at start, then adds each feature
/// (each registers with TryAdd, so a host that registered a service first keeps its own).
/// </summary>
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
        services.AddOptions<LanOptions>().Bind(configuration.GetSection(LanOptions.Section), Strict).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<LanOptions>, LanOptionsValidator>();
        services.AddSingleton<IValidateOptions<LimitsOptions>, LimitsValidator>();
        services.AddSingleton<IValidateOptions<UtilityOptions>, UtilityOptionsValidator>();
        services.AddSingleton<IValidateOptions<PackagesOptions>, OriginListValidator>();
        services.AddSingleton<IValidateOptions<CorsOptions>, OriginListValidator>();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SpecFiles>();
        services.TryAddSingleton<ShutdownGate>();
        services.TryAddSingleton<FaultSwitch>();

        services.AddUtilityTelemetry(configuration); // the meter the features count into
        services.AddAccess();
        services.AddReloadingCertificate();
        services.AddPageOrigins();
        services.AddPackages();
        services.AddSandbox();
        services.AddMeasurements();
        services.AddWorkers();
        services.AddTasks();
        services.AddMigration();
        services.AddDescriptor();
        services.AddDashboard();
        return services;
    }
}
