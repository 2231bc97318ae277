using ComputeUtility.Server.Http;

namespace ComputeUtility.Server.RateLimits;

/// <summary>Which budget a request counts against; requests outside the API (pages, demo, health) count against none.</summary>
internal static class RateBudgets
{
    public const string Work = "work";
    public const string Requests = "requests";

    /// <summary>The operations that start work on the utility, as <c>METHOD path</c> of openapi.yaml.</summary>
    public static readonly IReadOnlyList<string> WorkOperations =
    [
        "POST /v1/workers",
        "POST /v1/tasks",
        "POST /v1/workers/{id}/snapshots",
        "GET /v1/workers/{id}/snapshots/{snapshotId}",
    ];

    /// <summary>The budget of the request, or null when it is not rate-limited.</summary>
    public static string? Classify(HttpContext context)
    {
        var path = context.Request.Path;
        if (!path.StartsWithSegments("/v1") && !path.StartsWithSegments(WellKnownPaths.Descriptor))
        {
            return null;
        }

        // Preflights are answered before this point; an OPTIONS reaching here is a plain request.
        var pattern = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText?.TrimEnd('/');
        return pattern is not null && WorkOperations.Contains($"{context.Request.Method} {pattern}") ? Work : Requests;
    }
}
