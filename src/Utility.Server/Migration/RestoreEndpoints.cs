using ComputeUtility.Server.Access;
using ComputeUtility.Server.Http;
using ComputeUtility.Server.Limits;
using ComputeUtility.Server.Problems;
using ComputeUtility.Server.Workers;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Migration;

/// <summary>Prepared restores of a live migration (spec 13.5): prepare from a full snapshot, apply deltas, start, or give up.</summary>
internal static class RestoreEndpoints
{
    public static void MapRestores(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/restores", PrepareAsync).CreatesWork()
            .Produces<RestoreView>(201).ProducesProblem(400).ProducesProblem(403).ProducesProblem(413).ProducesProblem(415)
            .ProducesProblem(422).ProducesProblem(429).ProducesProblem(502).ProducesProblem(503);
        app.MapPost("/v1/restores/{id}", ApplyAsync)
            .Produces<RestoreView>(200).Produces(201).ProducesProblem(400).ProducesProblem(401).ProducesProblem(404).ProducesProblem(413).ProducesProblem(415)
            .ProducesProblem(422).ProducesProblem(429).ProducesProblem(502).ProducesProblem(503);
        app.MapDelete("/v1/restores/{id}", DiscardAsync).Produces(204).ProducesProblem(401).ProducesProblem(404).ProducesProblem(429);
    }

    private static async Task<IResult> PrepareAsync(HttpRequest request, LiveRestore live, IOptions<LimitsOptions> limits, CancellationToken cancellationToken)
    {
        var (url, token, start) = await ReadAsync(request, limits.Value, cancellationToken);
        if (start)
        {
            throw new ProblemException(ProblemTypes.InvalidRequest, "'start' belongs to the last delta (POST /v1/restores/{id}), not to the full snapshot a restore is prepared from.");
        }

        var prepared = await live.PrepareAsync(url, token, request.Origin(), request.SelfAuthority(),
            RateLimits.ClientPartition.Of(request.HttpContext.Connection.RemoteIpAddress), cancellationToken);
        var view = RestoreView.Of(prepared, request.SelfAuthority(), withToken: true);
        return new LocatedResult($"/v1/restores/{prepared.Id}", Results.Json(view, JsonDefaults.Options, statusCode: 201));
    }

    private static async Task<IResult> ApplyAsync(string id, HttpRequest request, LiveRestore live, PreparedRestoreStore store,
        IOptions<LimitsOptions> limits, CancellationToken cancellationToken)
    {
        var prepared = Authorize(request, id, store);
        var (url, token, start) = await ReadAsync(request, limits.Value, cancellationToken);
        var started = await live.ApplyAsync(prepared, url, token, request.SelfAuthority(), start, cancellationToken);
        if (started is not { } worker)
        {
            return Results.Json(RestoreView.Of(prepared, request.SelfAuthority()), JsonDefaults.Options);
        }

        var view = WorkerView.Of(worker.Worker, request, worker.Token.Value);
        return new LocatedResult(view.Links.Self, Results.Json(view, JsonDefaults.Options, statusCode: 201));
    }

    private static async Task<IResult> DiscardAsync(string id, HttpRequest request, LiveRestore live, PreparedRestoreStore store)
    {
        await live.DiscardAsync(Authorize(request, id, store));
        return Results.NoContent();
    }

    private static PreparedRestore Authorize(HttpRequest request, string id, PreparedRestoreStore store)
    {
        var prepared = store.Find(id) ?? throw new ProblemException(ProblemTypes.NotFound, $"There is no restore '{id}' on this utility.");
        return prepared.Token.Matches(request.BearerToken())
            ? prepared
            : throw new ProblemException(ProblemTypes.Unauthorized, "A restore opens only with its own token, from the answer that prepared it.");
    }

    private static async Task<(Uri Url, string Token, bool Start)> ReadAsync(HttpRequest request, LimitsOptions limits, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<RestoreRequest>(request, limits.MaxRequestBodyBytes, cancellationToken);
        if (body.Snapshot is null || !Uri.TryCreate(body.Snapshot, UriKind.Absolute, out var url)
            || !body.Snapshot.StartsWith(url.Scheme + ":", StringComparison.OrdinalIgnoreCase))
        {
            throw new ProblemException(ProblemTypes.InvalidRequest, "'snapshot' is required: the absolute URL of a snapshot.");
        }

        return string.IsNullOrEmpty(body.Token)
            ? throw new ProblemException(ProblemTypes.InvalidRequest, "'token' is required with 'snapshot': the snapshot's own token.")
            : (url, body.Token, body.Start);
    }
}
