namespace ComputeUtility.SpecSite.Api;

/// <summary>
/// openapi.yaml as one JSON document: every JSON Schema of schemas/ moved into
/// <c>components/schemas</c> and every <c>$ref</c> made local. A renderer opened from disk cannot
/// fetch the schema files, and OpenAPI readers that do not follow file references need this too.
/// </summary>
/// <param name="Document">The bundled document.</param>
/// <param name="Errors">References that do not resolve, or that the bundle cannot express; empty when all is well.</param>
public sealed record OpenApiBundle(JsonObject Document, IReadOnlyList<string> Errors)
{
    private const string ComponentPrefix = "#/components/schemas/";

    /// <summary>Bundles <c>openapi.yaml</c> and <c>schemas/*.schema.json</c> of a spec folder.</summary>
    public static OpenApiBundle Build(string specDirectory)
    {
        var errors = new List<string>();
        var root = YamlJson.Load(Path.Combine(specDirectory, "openapi.yaml")).AsObject();
        var components = root["components"]?["schemas"] as JsonObject ?? throw new InvalidOperationException("openapi.yaml has no components/schemas.");
        var files = Directory.GetFiles(Path.Combine(specDirectory, "schemas"), "*.schema.json")
            .Order(StringComparer.Ordinal)
            .ToDictionary(f => Path.GetFileName(f), f => JsonNode.Parse(File.ReadAllText(f))!.AsObject(), StringComparer.Ordinal);
        var homes = SchemaHomes.Assign(components, files);

        // Each file and each of its definitions gets its own component; aliases are replaced in place.
        foreach (var (file, schema) in files)
        {
            var body = new JsonObject(schema.Where(p => p.Key is not ("$schema" or "$id" or "definitions"))
                .Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
            components[homes[(file, "")]] = Rewrite(body, file, homes, errors);
            foreach (var (name, definition) in schema["definitions"]?.AsObject() ?? [])
            {
                components[homes[(file, "#/definitions/" + name)]] = Rewrite(definition!.DeepClone(), file, homes, errors);
            }
        }

        foreach (var key in root.Select(p => p.Key).ToList())
        {
            if (key != "components")
            {
                Rewrite(root[key], null, homes, errors);
            }
        }

        foreach (var key in root["components"]!.AsObject().Select(p => p.Key).ToList())
        {
            if (key != "schemas")
            {
                Rewrite(root["components"]![key], null, homes, errors);
            }
        }

        foreach (var key in components.Select(p => p.Key).ToList())
        {
            if (!homes.Values.Contains(key))
            {
                Rewrite(components[key], null, homes, errors);
            }
        }

        errors.AddRange(LocalReferences.Unresolved(root));
        return new OpenApiBundle(root, errors);
    }

    /// <summary>Points the references inside <paramref name="node"/> into the bundle, in place.</summary>
    private static JsonNode? Rewrite(JsonNode? node, string? file, IReadOnlyDictionary<(string, string), string> homes, List<string> errors)
    {
        if (node is JsonObject obj)
        {
            foreach (var key in obj.Select(p => p.Key).ToList())
            {
                if (key == "$ref" && obj[key] is JsonValue value && value.TryGetValue(out string? reference))
                {
                    obj[key] = Target(reference, file, homes, errors);
                }
                else
                {
                    Rewrite(obj[key], file, homes, errors);
                }
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                Rewrite(item, file, homes, errors);
            }
        }

        return node;
    }

    private static string Target(string reference, string? file, IReadOnlyDictionary<(string, string), string> homes, List<string> errors)
    {
        var hash = reference.IndexOf('#', StringComparison.Ordinal);
        var path = hash < 0 ? reference : reference[..hash];
        var fragment = hash < 0 || hash == reference.Length - 1 ? "" : reference[hash..];
        var where = file is null ? "openapi.yaml" : $"schemas/{file}";
        if (path.Length == 0)
        {
            // Local to openapi.yaml: already right. Local to a schema file: it moved with the file.
            return file is null ? reference : Home(file, fragment, reference, where, homes, errors);
        }

        var target = path.Replace("./", "", StringComparison.Ordinal);
        if (file is null)
        {
            if (!target.StartsWith("schemas/", StringComparison.Ordinal))
            {
                errors.Add($"{where}: $ref '{reference}' points outside schemas/");
                return reference;
            }

            target = target["schemas/".Length..];
        }

        return Home(target, fragment, reference, where, homes, errors);
    }

    private static string Home(string file, string fragment, string reference, string where, IReadOnlyDictionary<(string, string), string> homes, List<string> errors)
    {
        if (homes.TryGetValue((file, fragment), out var key))
        {
            return ComponentPrefix + OpenApiDocument.Escape(key);
        }

        errors.Add($"{where}: $ref '{reference}' does not resolve (no file schemas/{file}, or no such definition in it)");
        return reference;
    }
}
