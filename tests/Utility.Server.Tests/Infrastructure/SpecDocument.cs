using System.Text.Json.Nodes;
using NJsonSchema;

namespace ComputeUtility.Server.Tests.Infrastructure;

/// <summary>The normative openapi.yaml as JSON, with local references followed and schemas ready to validate against.</summary>
internal sealed class SpecDocument
{
    private readonly Dictionary<string, JsonSchema> _schemas = [];

    public SpecDocument()
    {
        Root = YamlJson.Load(Repo.Spec("openapi.yaml")).AsObject();
    }

    public JsonObject Root { get; }

    public static readonly string[] Methods = ["get", "head", "post", "put", "delete", "patch", "options"];

    /// <summary>Follows a local <c>$ref</c> (#/...) until a node without one.</summary>
    public JsonNode Resolve(JsonNode node)
    {
        while (node is JsonObject obj && obj["$ref"]?.GetValue<string>() is { } reference && reference.StartsWith("#/", StringComparison.Ordinal))
        {
            node = At(reference);
        }

        return node;
    }

    public JsonNode At(string pointer)
    {
        JsonNode node = Root;
        foreach (var raw in pointer.TrimStart('#', '/').Split('/'))
        {
            var part = raw.Replace("~1", "/").Replace("~0", "~");
            node = node is JsonArray array ? array[int.Parse(part, System.Globalization.CultureInfo.InvariantCulture)]! : node[part]
                ?? throw new InvalidOperationException($"{pointer} does not resolve in openapi.yaml");
        }

        return node;
    }

    /// <summary>
    /// The schema at a JSON pointer of the document as a standalone schema: local references are
    /// inlined, references to files in schemas/ stay and are resolved by NJsonSchema.
    /// </summary>
    public JsonSchema SchemaAt(string pointer)
    {
        if (!_schemas.TryGetValue(pointer, out var schema))
        {
            var inlined = Inline(At(pointer), depth: 0);
            schema = JsonSchema.FromJsonAsync(inlined.ToJsonString(), Repo.Spec("openapi.json")).GetAwaiter().GetResult();
            _schemas[pointer] = schema;
        }

        return schema;
    }

    private JsonNode Inline(JsonNode node, int depth)
    {
        if (depth > 32)
        {
            throw new InvalidOperationException("Local references nest too deeply (a cycle?).");
        }

        switch (node)
        {
            case JsonObject obj when obj["$ref"]?.GetValue<string>() is { } reference && reference.StartsWith("#/", StringComparison.Ordinal):
                return Inline(At(reference), depth + 1);
            case JsonObject obj:
                return new JsonObject(obj.Select(kv => KeyValuePair.Create(kv.Key, kv.Value is null ? null : Inline(kv.Value, depth + 1))));
            case JsonArray array:
                return new JsonArray(array.Select(item => item is null ? null : Inline(item, depth + 1)).ToArray());
            default:
                return node.DeepClone();
        }
    }

    public static string Escape(string segment) => segment.Replace("~", "~0").Replace("/", "~1");

    /// <summary>Every (path, method, operation) of the document.</summary>
    public IEnumerable<(string Path, string Method, JsonObject Operation)> Operations()
    {
        foreach (var (path, item) in Root["paths"]!.AsObject())
        {
            foreach (var method in Methods)
            {
                if (item![method] is JsonObject operation)
                {
                    yield return (path, method, operation);
                }
            }
        }
    }
}
