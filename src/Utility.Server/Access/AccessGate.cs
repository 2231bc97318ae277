using ComputeUtility.Server.Http;
using ComputeUtility.Server.Problems;

namespace ComputeUtility.Server.Access;

/// <summary>
/// Creating work (a worker, a task) needs an access token from a caller the <see cref="AccessPolicy"/> names.
/// Everything else (the descriptor, estimates, and a worker's own resources, which its worker token guards) stays as it is.
/// </summary>
internal sealed class AccessGate(RequestDelegate next, AccessPolicy policy, AccessTokenStore tokens)
{
    private const string Challenge = "Bearer realm=\"compute-utility\"";

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (context.GetEndpoint()?.Metadata.GetMetadata<CreatesWork>() is null || !policy.RequiresToken(context))
        {
            return next(context);
        }

        var presented = request.BearerToken();
        if (string.IsNullOrEmpty(presented))
        {
            return ProblemWriter.WriteAsync(context, ProblemTypes.AccessTokenRequired,
                "This utility serves its network to paired devices only: send the access token its owner shared as 'Authorization: Bearer <token>'.",
                headers: new Dictionary<string, string> { ["WWW-Authenticate"] = Challenge });
        }

        if (tokens.Verify(presented) is null)
        {
            return ProblemWriter.WriteAsync(context, ProblemTypes.AccessTokenRequired,
                "The access token is not one this utility's owner issued, or it was revoked; ask the owner for a new one.",
                headers: new Dictionary<string, string> { ["WWW-Authenticate"] = Challenge + ", error=\"invalid_token\"" });
        }

        return next(context);
    }

}
