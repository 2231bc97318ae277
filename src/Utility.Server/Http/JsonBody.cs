using System.Text.Json;
using ComputeUtility.Server.Problems;

namespace ComputeUtility.Server.Http;

/// <summary>Reads a JSON request body with the content type checked and the size capped.</summary>
internal static class JsonBody
{
    public static bool IsJson(string? contentType) =>
        contentType is not null
        && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || contentType.Split(';')[0].Trim().EndsWith("+json", StringComparison.OrdinalIgnoreCase));

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
            return JsonSerializer.Deserialize<T>(bytes.Span, JsonDefaults.Options)
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
