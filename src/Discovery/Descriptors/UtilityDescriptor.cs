using System.Text.Json;

namespace ComputeUtility.Discovery.Descriptors;

/// <summary>A descriptor that was fetched and validated against <c>spec/schemas/descriptor.schema.json</c>.</summary>
/// <param name="Uri">Where it was fetched from.</param>
/// <param name="Document">The whole descriptor; members this client does not know are kept (the descriptor is extensible).</param>
/// <param name="RoundTrip">How long the GET took, headers to last byte: the measured RTT plus the transfer of the body.</param>
/// <param name="Bytes">The size of the body.</param>
public sealed record UtilityDescriptor(Uri Uri, JsonElement Document, TimeSpan RoundTrip, int Bytes)
{
    public string Name => Document.GetProperty("name").GetString() ?? "";
    public string ApiVersion => Document.GetProperty("apiVersion").GetString() ?? "";
    public long DescriptorVersion => Document.GetProperty("descriptorVersion").GetInt64();

    /// <summary>The feature names the utility offers, e.g. <c>workers</c>, <c>tasks</c>, <c>estimates</c>.</summary>
    public IReadOnlyList<string> Features =>
        Document.TryGetProperty("features", out var f) && f.ValueKind == JsonValueKind.Array ? f.EnumerateArray().Select(e => e.GetString() ?? "").ToArray() : [];

    /// <summary>A measured latency median from <c>latency</c>, e.g. <c>taskMs</c>; null until the utility has samples.</summary>
    public double? LatencyMedianMs(string figure) =>
        Document.TryGetProperty("latency", out var latency) && latency.ValueKind == JsonValueKind.Object
        && latency.TryGetProperty(figure, out var p) && p.ValueKind == JsonValueKind.Object && p.TryGetProperty("p50", out var p50)
            ? p50.GetDouble()
            : null;

    /// <summary>The <c>load.cpuUtilization</c> figure (0 to 1), or 0 when absent.</summary>
    public double CpuUtilization =>
        Document.TryGetProperty("load", out var load) && load.ValueKind == JsonValueKind.Object
        && load.TryGetProperty("cpuUtilization", out var cpu) && cpu.ValueKind == JsonValueKind.Number
            ? cpu.GetDouble()
            : 0;
}
