using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NJsonSchema;

namespace ComputeUtility.Conformance.Spec;

/// <summary>
/// openapi.yaml as JSON, with the operations it defines and their schemas ready to validate
/// against. Local references are inlined; references to files in schemas/ are left to NJsonSchema.
/// </summary>
public sealed class OpenApiDocument
{
    public static readonly string[] Methods = ["get", "head", "post", "put", "delete", "patch", "options"];

    private readonly Dictionary<string, JsonSchema> _schemas = [];
    private readonly Lock _gate = new();
    private readonly List<(Regex Pattern, string Template)> _paths;

    public OpenApiDocument(string specDirectory)
    {
        Directory = specDirectory;
        Root = YamlJson.Load(Path.Combine(specDirectory, "openapi.yaml")).AsObject();
        _paths = Root["paths"]!.AsObject()
            .Select(p => (new Regex("^" + Regex.Replace(Regex.Escape(p.Key), @"\\\{[^}]+}", "[^/]+") + "$"), p.Key))
            .OrderByDescending(p => p.Key.Length)
            .ToList();
    }

    public string Directory { get; }

    public JsonObject Root { get; }

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

    /// <summary>The path template an actual request path falls under, or null.</summary>
    public string? TemplateOf(string path) => _paths.FirstOrDefault(p => p.Pattern.IsMatch(path)).Template;

    public JsonObject? Operation(string template, string method) =>
        Root["paths"]![template]?[method.ToLowerInvariant()] as JsonObject;

    /// <summary>Follows local references (#/...) until a node without one.</summary>
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
            node = (node is JsonArray array ? array[int.Parse(part, System.Globalization.CultureInfo.InvariantCulture)] : node[part])
                ?? throw new InvalidOperationException($"{pointer} does not resolve in openapi.yaml");
        }

        return node;
    }

    /// <summary>The schema at a JSON pointer as a standalone schema (cached).</summary>
    public JsonSchema SchemaAt(string pointer)
    {
        lock (_gate)
        {
            if (!_schemas.TryGetValue(pointer, out var schema))
            {
                var inlined = Inline(At(pointer), 0);
                schema = JsonSchema.FromJsonAsync(inlined.ToJsonString(), Path.Combine(Directory, "openapi.json")).GetAwaiter().GetResult();
                _schemas[pointer] = schema;
            }

            return schema;
        }
    }

    /// <summary>A schema file of schemas/, e.g. <c>descriptor.schema.json</c>.</summary>
    public JsonSchema SchemaFile(string file)
    {
        lock (_gate)
        {
            var key = "file:" + file;
            if (!_schemas.TryGetValue(key, out var schema))
            {
                schema = JsonSchema.FromFileAsync(Path.Combine(Directory, "schemas", file)).GetAwaiter().GetResult();
                _schemas[key] = schema;
            }

            return schema;
        }
    }

    public static string Escape(string segment) => segment.Replace("~", "~0").Replace("/", "~1");

    private JsonNode Inline(JsonNode node, int depth)
    {
        if (depth > 32)
        {
            throw new InvalidOperationException("Local references nest too deeply (a cycle?).");
        }

        return node switch
        {
            JsonObject obj when obj["$ref"]?.GetValue<string>() is { } reference && reference.StartsWith("#/", StringComparison.Ordinal)
                => Inline(At(reference), depth + 1),
            JsonObject obj => new JsonObject(obj.Select(kv => KeyValuePair.Create(kv.Key, kv.Value is null ? null : Inline(kv.Value, depth + 1)))),
            JsonArray array => new JsonArray(array.Select(item => item is null ? null : Inline(item, depth + 1)).ToArray()),
            _ => node.DeepClone(),
        };
    }
}
