using ComputeUtility.Server.Http;
using ComputeUtility.Server.Origins;
using ComputeUtility.Server.Problems;

namespace ComputeUtility.Server.Dashboard;

/// <summary>The owner allows, denies or forgets a page origin (section 15.1); inside the dashboard's owner-only group.</summary>
internal static class OriginDecisionEndpoints
{
    public static void MapOriginDecisions(this RouteGroupBuilder group)
    {
        group.MapPost("/origins/allow", (HttpRequest request, OriginPermissionStore store, PendingOrigins pending, CancellationToken cancellationToken) =>
            DecideAsync(request, store, pending, permitted: true, cancellationToken));
        group.MapPost("/origins/deny", (HttpRequest request, OriginPermissionStore store, PendingOrigins pending, CancellationToken cancellationToken) =>
            DecideAsync(request, store, pending, permitted: false, cancellationToken));
        group.MapPost("/origins/revoke", RevokeAsync);
    }

    private static async Task<IResult> DecideAsync(HttpRequest request, OriginPermissionStore store, PendingOrigins pending, bool permitted,
        CancellationToken cancellationToken)
    {
        var origin = await ReadOriginAsync(request, cancellationToken);
        store.Decide(origin, permitted);
        pending.Remove(origin);
        return Results.NoContent();
    }

    private static async Task<IResult> RevokeAsync(HttpRequest request, OriginPermissionStore store, PagePermissions permissions,
        CancellationToken cancellationToken)
    {
        var origin = await ReadOriginAsync(request, cancellationToken);
        if (store.Forget(origin))
        {
            return Results.NoContent();
        }

        throw permissions.Configured.Contains(origin)
            ? new ProblemException(ProblemTypes.InvalidRequest, $"{origin} is permitted in Cors:AllowedOrigins; remove it from the settings file and restart.")
            : new ProblemException(ProblemTypes.NotFound, $"{origin} is neither allowed nor denied on the dashboard.");
    }

    private static async Task<string> ReadOriginAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<OriginRequest>(request, 4096, cancellationToken);
        if (string.IsNullOrWhiteSpace(body.Origin))
        {
            throw new ProblemException(ProblemTypes.InvalidRequest, "Send the page origin as 'origin', e.g. {\"origin\":\"https://app.example\"}.");
        }

        if (body.Origin.Length > PageOrigin.MaxLength)
        {
            throw new ProblemException(ProblemTypes.InvalidRequest, $"'origin' is at most {PageOrigin.MaxLength} characters.");
        }

        return PageOrigin.Normalise(body.Origin.Trim())
            ?? throw new ProblemException(ProblemTypes.InvalidRequest,
                "'origin' must be a web page's origin, scheme://host[:port] with http or https and nothing after it, e.g. https://app.example.");
    }
}
