using System.Text.Json;
using ComputeUtility.Server.Problems;
using Microsoft.Net.Http.Headers;

namespace ComputeUtility.Server.Http;

/// <summary>Reads a JSON request body with the content type checked and the size capped.</summary>
internal static class JsonBody
{
    /// <summary>
    /// True for <c>application/json</c>, bare or with <c>charset=utf-8</c> (JSON is UTF-8, RFC 8259): not
    /// <c>application/json-seq</c>, not a <c>+json</c> suffix, not another charset (CU-API-2, CU-API-4).
    /// </summary>
    public static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && parsed.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        && parsed.Parameters.All(p => p.Name.Equals("charset", StringComparison.OrdinalIgnoreCase)
                                      && HeaderUtilities.RemoveQuotes(p.Value).Equals("utf-8", StringComparison.OrdinalIgnoreCase));

    /// <summary>True when <paramref name="contentType"/> is exactly <paramref name="mediaType"/>, with or without parameters.</summary>
    public static bool IsMediaType(string? contentType, string mediaType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && parsed.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase);

    public static async Task<T> ReadAsync<T>(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
        where T : class
    {
        if (!IsJson(request.ContentType))
        {
            throw new ProblemException(ProblemTypes.UnsupportedMediaType,
                $"Send the body as application/json, not '{request.ContentType ?? "(none)"}'.");
        }

        var bytes = await ReadCappedAsync(request, maxBytes, cancellationToken);
        try
        {
            return JsonSerializer.Deserialize<T>(bytes.Span, JsonDefaults.Requests)
                ?? throw new ProblemException(ProblemTypes.InvalidRequest, "The body is JSON null; send an object.");
        }
        catch (JsonException ex)
        {
            throw new ProblemException(ProblemTypes.InvalidRequest, $"The body is not valid JSON for this operation: {ex.Message}");
        }
    }

    /// <summary>Reads the whole body, refusing it with message-too-large once it passes <paramref name="maxBytes"/>.</summary>
    public static async Task<ReadOnlyMemory<byte>> ReadCappedAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken) =>
        await CappedReader.ReadAsync(request.Body, request.ContentLength, maxBytes, () => TooLarge(maxBytes), cancellationToken);

    private static ProblemException TooLarge(long maxBytes) =>
        new ProblemException(ProblemTypes.MessageTooLarge, $"The body is larger than {maxBytes} bytes, the limit for this resource.")
            .With("limit", maxBytes);
}
