using System.Text.Json.Serialization;

namespace ComputeUtility.Discovery.Cli.NativeHost;

/// <summary>A message to the browser: <c>hello</c>, <c>found</c>/<c>updated</c>/<c>lost</c> with one utility, <c>list</c> with all, or <c>error</c>.</summary>
internal sealed record NativeHostMessage(
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] NativeHostUtility? Utility,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] NativeHostUtility[]? Utilities,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Message);
