using System.Text.Json;

namespace ComputeUtility.Conformance.Checks;

/// <summary>One server-sent event as EventSource would see it.</summary>
internal sealed record ServerEvent(string? Id, string Kind, string Data)
{
    public JsonElement Json => JsonDocument.Parse(Data).RootElement.Clone();
}
