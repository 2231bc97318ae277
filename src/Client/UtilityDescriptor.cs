using System.Text.Json;

namespace ComputeUtility.Client;

/// <summary>A utility's descriptor (spec section 5), as served at <c>/.well-known/compute-utility</c>.</summary>
/// <param name="Json">The whole descriptor; clients ignore members they do not understand.</param>
/// <param name="Bytes">The size of the body as served.</param>
public sealed record UtilityDescriptor(JsonElement Json, int Bytes)
{
    /// <summary>The utility's <c>features</c> (e.g. <c>messaging</c>, <c>tasks</c>, <c>estimates</c>, <c>snapshots</c>).</summary>
    public IReadOnlyList<string> Features =>
        Json.TryGetProperty("features", out var features) && features.ValueKind == JsonValueKind.Array
            ? [.. features.EnumerateArray().Select(f => f.GetString() ?? "")]
            : [];

    /// <summary>A limit from <c>limits</c> (e.g. <c>maxMessageBytes</c>), or null when the utility does not publish it.</summary>
    public long? Limit(string name) =>
        Json.TryGetProperty("limits", out var limits) && limits.TryGetProperty(name, out var value) && value.TryGetInt64(out var n) ? n : null;

    /// <summary>True when <see cref="Features"/> contains <paramref name="feature"/>.</summary>
    public bool Supports(string feature) => Features.Contains(feature, StringComparer.Ordinal);
}
