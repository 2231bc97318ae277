using System.Text.Json.Serialization;

namespace ComputeUtility.Server.Problems;

/// <summary>An RFC 9457 problem details body.</summary>
public sealed class ProblemDocument
{
    [JsonPropertyName("type")] public required string Type { get; init; }
    [JsonPropertyName("title")] public required string Title { get; init; }
    [JsonPropertyName("status")] public required int Status { get; init; }
    [JsonPropertyName("detail")] public string? Detail { get; init; }
    [JsonPropertyName("instance")] public string? Instance { get; init; }
    [JsonExtensionData] public Dictionary<string, object?>? Extensions { get; init; }

    public static ProblemDocument From(ProblemType type, string? detail, string? instance = null,
        IReadOnlyDictionary<string, object?>? extensions = null) => new()
    {
        Type = type.Uri,
        Title = type.Title,
        Status = type.Status,
        Detail = detail,
        Instance = instance,
        Extensions = extensions is { Count: > 0 } ? new Dictionary<string, object?>(extensions) : null,
    };
}
