using ComputeUtility.Server.Origins;

namespace ComputeUtility.Server.Dashboard;

/// <summary>Everything the dashboard shows, as one JSON document (sent again every second while it is open).</summary>
internal sealed record DashboardView(
    string Name,
    string Version,
    string ApiVersion,
    DateTimeOffset StartedAt,
    double UptimeSeconds,
    IReadOnlyList<string> Listening,
    DashboardView.LanView Lan,
    DashboardView.LoadView Load,
    IReadOnlyList<DashboardView.WorkerRow> Workers,
    IReadOnlyList<DashboardView.TokenRow> Tokens,
    DashboardView.OriginsView Origins,
    IReadOnlyList<RecentLogEntry> Log,
    IReadOnlyDictionary<string, object> Settings,
    IReadOnlyDictionary<string, string> Links)
{
    /// <param name="DeviceAddresses">Addresses to give to devices on the network; empty while the utility serves loopback only.</param>
    internal sealed record LanView(bool Enabled, IReadOnlyList<string> DeviceAddresses, bool AccessTokenRequired,
        bool AccessTokenRequiredOnLoopback, bool Https, string TokenFile);

    internal sealed record LoadView(int Workers, int MaxWorkers, int TasksRunning, int MaxConcurrentTasks, int QueuedMessages,
        double CpuUtilization, long ProcessMemoryBytes, long ManagedHeapBytes, long ManagedCommittedBytes);

    internal sealed record WorkerRow(string Id, string State, string Package, string Version, string Origin, long MemoryBytes,
        double CpuTimeMs, long MessagesIn, long MessagesOut, DateTimeOffset CreatedAt, DateTimeOffset LastActivityAt, bool Connected);

    /// <param name="AnyOrigin">True when <c>Cors:AllowedOrigins</c> holds <c>*</c> (shown as a warning).</param>
    /// <param name="Pending">Origins refused before the owner decided, newest first.</param>
    internal sealed record OriginsView(bool AnyOrigin, IReadOnlyList<PermittedOriginRow> Permitted,
        IReadOnlyList<Origins.OriginDecision> Denied, IReadOnlyList<Origins.PendingOrigin> Pending, string File);

    /// <param name="Source"><c>config</c> (Cors:AllowedOrigins, changed in the settings file) or <c>dashboard</c> (revocable here).</param>
    internal sealed record PermittedOriginRow(string Origin, string Source, DateTimeOffset? PermittedAt);

    /// <param name="PairingUrl">The URL a device opens (or scans) to pair; null while the LAN is not served or the token is revoked.</param>
    internal sealed record TokenRow(string Id, string Label, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt,
        DateTimeOffset? RevokedAt, string? PairingUrl);
}
