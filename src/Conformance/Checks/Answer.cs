using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace ComputeUtility.Conformance.Checks;

/// <summary>An HTTP answer from the target, read whole, with the assertions checks make about it.</summary>
internal sealed record Answer(string Method, string Path, HttpStatusCode Status, string? MediaType, string Body,
    HttpResponseHeaders Headers, HttpContentHeaders ContentHeaders)
{
    public int Code => (int)Status;

    public JsonElement Json
    {
        get
        {
            try
            {
                return JsonDocument.Parse(Body).RootElement.Clone();
            }
            catch (JsonException)
            {
                throw new CheckFailed($"{Method} {Path} answered {Code} with a body that is not JSON: {Shorten(Body)}");
            }
        }
    }

    public Answer Expect(int status)
    {
        Ensure.That(Code == status, $"{Method} {Path}: expected {status}, got {Code} {Shorten(Body)}");
        return this;
    }

    /// <summary>Asserts a problem answer of the registry (CU-ERR-1, CU-ERR-2) with this type and status.</summary>
    public JsonElement ExpectProblem(string name, int status)
    {
        Ensure.That(Code == status, $"{Method} {Path}: expected {status} {name}, got {Code} {Shorten(Body)}");
        Ensure.That(MediaType == "application/problem+json",
            $"{Method} {Path}: a {status} must be application/problem+json, got '{MediaType}'");
        var problem = Json;
        var type = problem.TryGetProperty("type", out var t) ? t.GetString() : null;
        Ensure.Equal("urn:compute-utility:problem:" + name, type, $"{Method} {Path}: problem type");
        Ensure.That(problem.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.Number && s.GetInt32() == status,
            $"{Method} {Path}: problem status must equal the HTTP status {status}");
        return problem;
    }

    public string? Header(string name) =>
        Headers.TryGetValues(name, out var values) ? string.Join(", ", values)
        : ContentHeaders.TryGetValues(name, out var content) ? string.Join(", ", content) : null;

    public static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
