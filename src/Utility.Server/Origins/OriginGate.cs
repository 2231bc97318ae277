using ComputeUtility.Server.Access;
using ComputeUtility.Server.Logging;
using ComputeUtility.Server.Problems;

namespace ComputeUtility.Server.Origins;

/// <summary>
/// Refuses every <c>/v1</c> request from a page origin the owner has not permitted (CU-PERM-1), before any endpoint runs,
/// so nothing is fetched for it. A refused attempt to start work from an undecided origin is shown to the owner as pending.
/// Requests without <c>Origin</c> (programs) pass untouched; the descriptor, /healthz, the shim and the demo are not under /v1.
/// </summary>
internal sealed partial class OriginGate(RequestDelegate next, PagePermissions permissions, PendingOrigins pending,
    OwnerDashboardAddress dashboard, ILogger<OriginGate> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        // OPTIONS acts on nothing: a preflight is CORS's to answer (a denied origin's is refused there), any other is 405.
        if (!request.Headers.TryGetValue("Origin", out var values) || !request.Path.StartsWithSegments("/v1") || HttpMethods.IsOptions(request.Method))
        {
            return next(context);
        }

        var origin = values.ToString();
        var verdict = permissions.Judge(request, origin);
        if (verdict == PageVerdict.Permitted)
        {
            return next(context);
        }

        var shown = origin.Length <= PageOrigin.MaxLength ? origin : origin[..PageOrigin.MaxLength] + "…";
        if (verdict == PageVerdict.Denied)
        {
            return ProblemWriter.WriteAsync(context, ProblemTypes.OriginNotPermitted,
                $"The owner of this utility has denied pages from {shown}.");
        }

        if (StartsWork(context) && PageOrigin.Normalise(origin) is { } normalised)
        {
            if (pending.Record(normalised))
            {
                LogPending(logger, normalised);
            }
        }

        return ProblemWriter.WriteAsync(context, ProblemTypes.OriginNotPermitted,
            $"Pages from {shown} may not use this utility until its owner allows them: on the dashboard at {dashboard.Url}, or in Cors:AllowedOrigins.");
    }

    private static bool StartsWork(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method)
        && (context.GetEndpoint()?.Metadata.GetMetadata<CreatesWork>() is not null
            || context.Request.Path.Equals("/v1/estimates", StringComparison.OrdinalIgnoreCase));

    [LoggerMessage(EventId = LogEvents.OriginPending, Level = LogLevel.Information, Message = "A page from {Origin} asked to run work here; allow or deny it on the dashboard")]
    private static partial void LogPending(ILogger logger, string origin);
}
