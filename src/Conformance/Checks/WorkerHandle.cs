using System.Text.Json;

namespace ComputeUtility.Conformance.Checks;

/// <summary>A worker a check created: its id, token and the 201 body.</summary>
internal sealed record WorkerHandle(string Id, string Token, JsonElement Body)
{
    public string Path => $"/v1/workers/{Id}";
}
