using System.Globalization;

namespace ComputeUtility.SpecSite.Api;

/// <summary>
/// Which component of the bundle holds each schema file and each of its definitions: the
/// component openapi.yaml already names for it (<c>Descriptor: $ref: ./schemas/descriptor.schema.json</c>),
/// else a new one named after the file (and the definition).
/// </summary>
internal static class SchemaHomes
{
    public static Dictionary<(string File, string Fragment), string> Assign(JsonObject components, IReadOnlyDictionary<string, JsonObject> files)
    {
        var homes = new Dictionary<(string, string), string>();
        foreach (var (key, node) in components)
        {
            if (node is JsonObject { Count: 1 } alias && alias["$ref"]?.GetValue<string>() is { } reference
                && reference.Replace("./", "", StringComparison.Ordinal) is var path && path.StartsWith("schemas/", StringComparison.Ordinal))
            {
                var hash = path.IndexOf('#', StringComparison.Ordinal);
                var target = hash < 0 ? (path["schemas/".Length..], "") : (path["schemas/".Length..hash], path[hash..]);
                homes.TryAdd(target, key);
            }
        }

        var taken = components.Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var (file, schema) in files)
        {
            if (!homes.TryGetValue((file, ""), out var fileKey))
            {
                fileKey = Free(Pascal(file.Replace(".schema.json", "", StringComparison.Ordinal)), taken);
                homes[(file, "")] = fileKey;
            }

            foreach (var (name, _) in schema["definitions"]?.AsObject() ?? [])
            {
                if (!homes.ContainsKey((file, "#/definitions/" + name)))
                {
                    homes[(file, "#/definitions/" + name)] = Free(fileKey + Pascal(name), taken);
                }
            }
        }

        return homes;
    }

    private static string Free(string name, HashSet<string> taken)
    {
        var candidate = taken.Contains(name) ? name + "Document" : name;
        for (var n = 2; taken.Contains(candidate); n++)
        {
            candidate = name + n.ToString(CultureInfo.InvariantCulture);
        }

        taken.Add(candidate);
        return candidate;
    }

    private static string Pascal(string name) => string.Concat(name.Split('-', '_', '.')
        .Where(part => part.Length > 0)
        .Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
}
