using ComputeUtility.Server.Packages;
using ComputeUtility.Server.Workers;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ComputeUtility.Server.Migration;

/// <summary>
/// Registers migration (section 13): keeping taken snapshots (swept with their workers by the workers' janitor),
/// pulling snapshots, restoring them for the create endpoint, and the prepared restores of live migration (13.5).
/// </summary>
internal static class MigrationServiceCollectionExtensions
{
    public static IServiceCollection AddMigration(this IServiceCollection services)
    {
        services.TryAddSingleton<SnapshotStore>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWorkerBoundStore, SnapshotStore>(provider => provider.GetRequiredService<SnapshotStore>()));
        services.TryAddSingleton<SnapshotSource>();
        services.TryAddSingleton<SnapshotRestore>();
        services.TryAddSingleton<IWorkerRestore>(provider => provider.GetRequiredService<SnapshotRestore>());
        services.TryAddSingleton<PreparedRestoreStore>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWorkerBoundStore, PreparedRestoreStore>(provider => provider.GetRequiredService<PreparedRestoreStore>()));
        services.TryAddSingleton<LiveRestore>();

        // Snapshot pulls: the same guarded connections and no redirects (OriginFetch).
        // SnapshotSource puts one deadline over the whole pull; the client's own would end with the headers.
        services.AddHttpClient(SnapshotSource.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(OriginFetch.GuardedHandler);
        return services;
    }
}
