using System.Text.Json.Serialization;
using ComputeUtility.Server.Sandbox;

namespace ComputeUtility.Server.Migration;

/// <summary>The JSON header of the snapshot format (spec 13.3).</summary>
internal sealed record SnapshotHeader
{
    [JsonPropertyName("format")] public string Format { get; init; } = SnapshotFormat.Name;
    [JsonPropertyName("abi")] public required string Abi { get; init; }
    [JsonPropertyName("package")] public required PackageInfo Package { get; init; }
    [JsonPropertyName("source")] public SourceInfo? Source { get; init; }
    [JsonPropertyName("createdAt")] public DateTimeOffset CreatedAt { get; init; }
    [JsonPropertyName("coversMessagesThrough")] public long CoversMessagesThrough { get; init; }
    [JsonPropertyName("coversEventsThrough")] public long CoversEventsThrough { get; init; }
    [JsonPropertyName("memoryBytes")] public long MemoryBytes { get; init; }
    [JsonPropertyName("globals")] public IReadOnlyList<SnapshotGlobal> Globals { get; init; } = [];
    [JsonPropertyName("pendingMessages")] public int PendingMessages { get; init; }

    /// <summary>In a delta snapshot (format version 2) only: the digest of the snapshot whose image the delta's pages change.</summary>
    [JsonPropertyName("base")] public string? Base { get; init; }

    internal sealed record PackageInfo
    {
        [JsonPropertyName("url")] public required string Url { get; init; }
        [JsonPropertyName("integrity")] public required string Integrity { get; init; }
        [JsonPropertyName("name")] public string? Name { get; init; }
        [JsonPropertyName("version")] public string? Version { get; init; }
        [JsonPropertyName("moduleIntegrity")] public required string ModuleIntegrity { get; init; }
    }

    internal sealed record SourceInfo
    {
        [JsonPropertyName("utility")] public string? Utility { get; init; }
        [JsonPropertyName("workerId")] public string? WorkerId { get; init; }
    }
}
