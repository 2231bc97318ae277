using System.Net;
using System.Text.Json;

namespace ComputeUtility.Client;

/// <summary>Turns an error answer into the exception for its problem type.</summary>
internal static class ProblemAnswer
{
    private const int MaxProblemBytes = 64 * 1024;

    public static async Task ThrowIfFailedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        throw await ReadAsync(response, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<UtilityProblemException> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var retryAfter = response.Headers.RetryAfter is { } r
            ? r.Delta ?? (r.Date is { } date ? date - DateTimeOffset.UtcNow : null)
            : null;
        JsonElement? problem = null;
        if (response.Content.Headers.ContentType?.MediaType is "application/problem+json" or "application/json"
            && response.Content.Headers.ContentLength is null or <= MaxProblemBytes)
        {
            try
            {
                // Bounded: a problem object is small; a longer body is not read to its end.
                var buffer = new byte[MaxProblemBytes + 1];
                var length = 0;
                await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                int read;
                while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    length += read;
                }

                if (length <= MaxProblemBytes)
                {
                    using var document = JsonDocument.Parse(buffer.AsMemory(0, length));
                    problem = document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
                }
            }
            catch (JsonException)
            {
                // Not a problem object after all: the status alone describes the failure.
            }
        }

        var type = Member(problem, "type") ?? "about:blank";
        var title = Member(problem, "title") ?? response.ReasonPhrase ?? ((HttpStatusCode)status).ToString();
        var detail = Member(problem, "detail");
        var instance = Member(problem, "instance") ?? response.RequestMessage?.RequestUri?.AbsolutePath;
        return Create(type, title, status, detail, instance, retryAfter, problem);
    }

    /// <summary>The exception for a problem object, e.g. the data of an <c>error</c> event.</summary>
    public static UtilityProblemException Create(JsonElement problem)
    {
        var status = problem.TryGetProperty("status", out var s) && s.TryGetInt32(out var n) ? n : 0;
        return Create(Member(problem, "type") ?? "about:blank", Member(problem, "title") ?? "", status, Member(problem, "detail"), Member(problem, "instance"), null, problem);
    }

    /// <summary>
    /// The exception for an error status that came without a body (a refused WebSocket upgrade): on a channel
    /// 401, 404 and 410 have one problem type each (spec section 4, order of checks).
    /// </summary>
    public static UtilityProblemException FromStatus(int status, string path)
    {
        var name = status switch { 401 => "unauthorized", 404 => "not-found", 410 => "worker-gone", _ => null };
        return Create(name is null ? "about:blank" : UtilityProblemException.TypePrefix + name, ((HttpStatusCode)status).ToString(), status,
            "the utility refused the WebSocket upgrade", path, null, null);
    }

    private static UtilityProblemException Create(string type, string title, int status, string? detail, string? instance, TimeSpan? retryAfter, JsonElement? problem) =>
        (status, type.StartsWith(UtilityProblemException.TypePrefix, StringComparison.Ordinal) ? type[UtilityProblemException.TypePrefix.Length..] : type) switch
        {
            (_, "worker-gone") => new WorkerGoneException(type, title, status, detail, instance, problem),
            (401, _) => new UnauthorizedException(type, title, status, detail, instance, problem),
            (429 or 503, _) => new UtilityBusyException(type, title, status, detail, instance, retryAfter, problem),
            _ => new UtilityProblemException(type, title, status, detail, instance, retryAfter, problem),
        };

    private static string? Member(JsonElement? problem, string name) =>
        problem is { } p && p.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
