namespace ComputeUtility.SpecSite.Api;

/// <summary>Finds every <c>$ref</c> of a document that is not a JSON pointer into the same document.</summary>
internal static class LocalReferences
{
    public static IEnumerable<string> Unresolved(JsonNode root) => Walk(root, root, "#");

    private static IEnumerable<string> Walk(JsonNode root, JsonNode? node, string at)
    {
        if (node is JsonObject obj)
        {
            foreach (var (key, child) in obj)
            {
                if (key == "$ref" && child is JsonValue value && value.TryGetValue(out string? reference))
                {
                    if (!reference.StartsWith('#') || Find(root, reference) is null)
                    {
                        yield return $"{at}: $ref '{reference}' does not resolve";
                    }
                }
                else
                {
                    foreach (var problem in Walk(root, child, $"{at}/{key}"))
                    {
                        yield return problem;
                    }
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                foreach (var problem in Walk(root, array[i], $"{at}/{i}"))
                {
                    yield return problem;
                }
            }
        }
    }

    /// <summary>The node a JSON pointer names, or null.</summary>
    public static JsonNode? Find(JsonNode root, string pointer)
    {
        JsonNode? node = root;
        foreach (var raw in pointer.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var part = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node switch
            {
                JsonObject obj => obj[part],
                JsonArray array when int.TryParse(part, out var i) && i >= 0 && i < array.Count => array[i],
                _ => null,
            };
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }
}
