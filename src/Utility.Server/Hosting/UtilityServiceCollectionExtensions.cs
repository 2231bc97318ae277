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
using ComputeUtility.Server.Settings;
using ComputeUtility.Server.Storage;
using ComputeUtility.Server.Tasks;
using ComputeUtility.Server.Telemetry;
using ComputeUtility.Server.Tls;
using ComputeUtility.Server.Workers;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Hosting;

/// <summary>
/// The composition root: binds the shared limits, then adds each feature, which binds and validates its own
/// options at start and registers with TryAdd, so a host that registered a service first keeps its own.
/// </summary>
internal static class UtilityServiceCollectionExtensions
{
    public static IServiceCollection AddComputeUtility(this IServiceCollection services, IConfiguration configuration)
    {
        // The limits every feature reads; each feature binds its own options in its AddX (AddStrictOptions).
        services.AddStrictOptions<LimitsOptions>(configuration, LimitsOptions.Section);
        services.AddSingleton<IValidateOptions<LimitsOptions>, LimitsValidator>();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SpecFiles>();
        services.TryAddSingleton<ShutdownGate>();
        services.TryAddSingleton<FaultSwitch>();

        services.AddUtilityTelemetry(configuration); // the meter the features count into
        services.AddAccess();
        services.AddReloadingCertificate(configuration);
        services.AddPageOrigins(configuration);
        services.AddPackages(configuration);
        services.AddSandbox();
        services.AddMeasurements();
        services.AddWorkers();
        services.AddTasks();
        services.AddMigration();
        services.AddDescriptor(configuration);
        services.AddDashboard();
        return services;
    }
}
