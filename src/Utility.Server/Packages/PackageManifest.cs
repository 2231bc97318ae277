using System.Text.Json.Serialization;

namespace ComputeUtility.Server.Packages;

/// <summary>A worker package manifest, as spec/schemas/package-manifest.schema.json defines it.</summary>
internal sealed record PackageManifest
{
    public const string ReactorKind = "reactor";
    public const string CommandKind = "command";

    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("version")] public required string Version { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("kind")] public required string Kind { get; init; }
    [JsonPropertyName("abi")] public string? Abi { get; init; }
    [JsonPropertyName("module")] public required ModuleReference Module { get; init; }
    [JsonPropertyName("memory")] public MemoryRequirement? Memory { get; init; }

    internal sealed record ModuleReference
    {
        [JsonPropertyName("url")] public required string Url { get; init; }
        [JsonPropertyName("integrity")] public required string Integrity { get; init; }
        [JsonPropertyName("size"), JsonConverter(typeof(SaturatingInt64Converter))] public long? Size { get; init; }
    }

    internal sealed record MemoryRequirement
    {
        [JsonPropertyName("maximumBytes"), JsonConverter(typeof(SaturatingInt64Converter))] public long? MaximumBytes { get; init; }
    }
}
