using System.Text.Json.Nodes;

namespace ComputeUtility.Conformance.Spec;

/// <summary>
/// Checks one HTTP answer against the operation it answers: the status is one the operation
/// lists (or covered by its default), the media type is one it lists, and the body validates.
/// </summary>
public sealed class ResponseValidator(OpenApiDocument spec)
{
    public IReadOnlyList<string> Validate(string method, string path, int status, string? mediaType, string body)
    {
        var template = spec.TemplateOf(path);
        if (template is null)
        {
            return status == 404 ? ProblemOnly(status, mediaType, body) : [$"{method} {path}: no such path in openapi.yaml"];
        }

        var operation = spec.Operation(template, method);
        if (operation is null)
        {
            return status == 405 ? ProblemOnly(status, mediaType, body) : [$"{method} {template}: no such operation in openapi.yaml"];
        }

        var responses = operation["responses"]!.AsObject();
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var pointerBase = $"#/paths/{OpenApiDocument.Escape(template)}/{method.ToLowerInvariant()}/responses";
        JsonNode? response;
        string pointer;
        if (responses[key] is { } listed)
        {
            response = listed;
            pointer = $"{pointerBase}/{key}";
        }
        else if (responses["default"] is { } fallback && status >= 400)
        {
            response = fallback;
            pointer = $"{pointerBase}/default";
        }
        else
        {
            return [$"{method} {template}: status {status} is not one the spec lists ({string.Join(", ", responses.Select(r => r.Key))})"];
        }

        if (response["$ref"]?.GetValue<string>() is { } reference)
        {
            pointer = reference;
        }

        var content = spec.Resolve(response)["content"]?.AsObject();
        if (content is null || content.Count == 0 || method.Equals("HEAD", StringComparison.OrdinalIgnoreCase) || status == 304)
        {
            return [];
        }

        var media = content.FirstOrDefault(c => string.Equals(c.Key, mediaType, StringComparison.OrdinalIgnoreCase));
        if (media.Value is null)
        {
            return [$"{method} {template} {status}: media type '{mediaType}' is not one the spec lists ({string.Join(", ", content.Select(c => c.Key))})"];
        }

        if (media.Value["schema"] is null || !mediaType!.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        var schema = spec.SchemaAt($"{pointer}/content/{OpenApiDocument.Escape(media.Key)}/schema");
        try
        {
            return schema.Validate(body).Select(e => $"{method} {template} {status}: body {e.Path} {e.Kind}").ToList();
        }
        catch (Newtonsoft.Json.JsonException ex)
        {
            return [$"{method} {template} {status}: body is not JSON ({ex.Message})"];
        }
    }

    private IReadOnlyList<string> ProblemOnly(int status, string? mediaType, string body)
    {
        if (mediaType != "application/problem+json")
        {
            return [$"a {status} answer must be application/problem+json, not '{mediaType}'"];
        }

        return spec.SchemaFile("problem.schema.json").Validate(body).Select(e => $"{status} problem body {e.Path} {e.Kind}").ToList();
    }
}
