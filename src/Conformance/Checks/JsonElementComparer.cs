using System.Text.Json;

namespace ComputeUtility.Conformance.Checks;

/// <summary>Compares JSON values by meaning: numbers by value, objects by members regardless of order.</summary>
internal static class JsonElementComparer
{
    public static bool Same(JsonElement a, JsonElement b) => (a.ValueKind, b.ValueKind) switch
    {
        (JsonValueKind.Object, JsonValueKind.Object) =>
            a.EnumerateObject().Count() == b.EnumerateObject().Count()
            && a.EnumerateObject().All(p => b.TryGetProperty(p.Name, out var other) && Same(p.Value, other)),
        (JsonValueKind.Array, JsonValueKind.Array) =>
            a.GetArrayLength() == b.GetArrayLength() && a.EnumerateArray().Zip(b.EnumerateArray()).All(pair => Same(pair.First, pair.Second)),
        (JsonValueKind.Number, JsonValueKind.Number) => a.GetDouble().Equals(b.GetDouble()),
        (JsonValueKind.String, JsonValueKind.String) => a.GetString() == b.GetString(),
        var (x, y) => x == y,
    };
}
