namespace ComputeUtility.Server.Tests.Security;

/// <summary>
/// The real things a fuzz request may name when it means to be valid: a live worker and its
/// token, a snapshot of it, and packages on the allow-listed loopback origin. Every other URL the
/// fuzzer makes is one the utility refuses before it connects (internal literals, other schemes).
/// </summary>
internal sealed class FuzzTargets
{
    public required string WorkerId { get; set; }

    public required string WorkerToken { get; set; }

    public string? SnapshotId { get; set; }

    public string? SnapshotToken { get; set; }

    public string? SnapshotUrl { get; set; }

    public byte[]? SnapshotBytes { get; set; }

    public required string ReactorUrl { get; init; }

    public required string ReactorIntegrity { get; init; }

    public required string CommandUrl { get; init; }

    public required string CommandIntegrity { get; init; }

    /// <summary>A file on the origin that exists but is not a manifest (so its integrity never matches one).</summary>
    public required string ModuleUrl { get; init; }
}
