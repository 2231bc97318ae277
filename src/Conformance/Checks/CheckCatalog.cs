using ComputeUtility.Conformance.Checks.Areas;

namespace ComputeUtility.Conformance.Checks;

/// <summary>Every check of the suite, in the order they run: the spec's sections in order.</summary>
internal static class CheckCatalog
{
    public static IReadOnlyList<Check> All { get; } =
    [
        .. DescriptorChecks.All(),
        .. DescriptorPrivacyChecks.All(),
        .. ApiChecks.All(),
        .. AccessChecks.All(),
        .. RateLimitChecks.All(),
        .. PackageChecks.All(),
        .. OriginChecks.All(),
        .. WorkerChecks.All(),
        .. AbiChecks.All(),
        .. ChannelChecks.All(),
        .. HeartbeatChecks.All(),
        .. TaskChecks.All(),
        .. EstimateChecks.All(),
        .. SnapshotChecks.All(),
        .. LiveMigrationChecks.All(),
        .. CorsChecks.All(),
        .. PermissionChecks.All(),
        .. LocalNetworkAccessChecks.All(),
        .. SecurityChecks.All(),
        .. OriginPartitionChecks.All(),
        .. DiscoveryChecks.All(),
        .. ShutdownChecks.All(),
    ];
}
