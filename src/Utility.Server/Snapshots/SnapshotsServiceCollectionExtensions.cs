using ComputeUtility.Server.Packages;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ComputeUtility.Server.Snapshots;

/// <summary>Registers keeping taken snapshots and pulling snapshots to restore (section 12).</summary>
internal static class SnapshotsServiceCollectionExtensions
{
    public static IServiceCollection AddSnapshots(this IServiceCollection services)
    {
        services.TryAddSingleton<SnapshotStore>();
        services.TryAddSingleton<SnapshotSource>();

        // Snapshot pulls: the same guarded connections and no redirects (OriginFetch).
        // SnapshotSource puts one deadline over the whole pull; the client's own would end with the headers.
        services.AddHttpClient(SnapshotSource.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(OriginFetch.GuardedHandler);
        return services;
    }
}
