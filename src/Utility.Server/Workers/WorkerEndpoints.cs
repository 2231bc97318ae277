using ComputeUtility.Server.Access;
using ComputeUtility.Server.Faults;
using ComputeUtility.Server.Http;
using ComputeUtility.Server.Limits;
using ComputeUtility.Server.Packages;
using ComputeUtility.Server.Problems;
using ComputeUtility.Server.RateLimits;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Workers;

/// <summary>The worker resource: create, read, terminate.</summary>
internal static class WorkerEndpoints
{
    public static void MapWorkers(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/workers");
        group.MapPost("", CreateAsync).CreatesWork()
            .Produces<WorkerView>(201).ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(413).ProducesProblem(415)
            .ProducesProblem(422).ProducesProblem(429).ProducesProblem(502).ProducesProblem(503);
        group.MapGet("/{id}", Get).Produces<WorkerView>().ProducesProblem(401).ProducesProblem(404).ProducesProblem(429);
        group.MapDelete("/{id}", DeleteAsync).Produces(204).ProducesProblem(401).ProducesProblem(404).ProducesProblem(429);
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, WorkerLauncher launcher, IWorkerRestore restore,
        IOptions<LimitsOptions> limits, FaultSwitch faults, ShutdownGate shutdown, CancellationToken cancellationToken)
    {
        shutdown.ThrowIfStopping(); // CU-API-7: shutting down comes before the form of the request

        if (JsonBody.IsMediaType(request.ContentType, restore.SnapshotMediaType))
        {
            // A client restoring a worker that ran on the client itself sends the snapshot bytes.
            var cap = limits.Value.MaxMemoryBytesPerWorker + (64L * 1024 * 1024);
            if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = cap + 1;
            }

            var snapshot = await JsonBody.ReadCappedAsync(request, cap, cancellationToken);
            var (restored, restoredToken) = await restore.RestoreAsync(snapshot, request.Origin(), request.SelfAuthority(), Client(request), cancellationToken);
            var restoredView = WorkerView.Of(restored, request, restoredToken.Value);
            return new LocatedResult(restoredView.Links.Self, Results.Json(restoredView, JsonDefaults.Options, statusCode: 201));
        }

        var body = await JsonBody.ReadAsync<WorkerCreateRequest>(request, limits.Value.MaxRequestBodyBytes, cancellationToken);
        if (body.Snapshot is not null && (body.Package is not null || body.Integrity is not null))
        {
            throw new ProblemException(ProblemTypes.InvalidRequest,
                "Give either a package (package, integrity) or a snapshot to restore (snapshot, token), not both.");
        }

        Worker worker;
        WorkerToken token;
        if (body.Snapshot is not null)
        {
            if (!Uri.TryCreate(body.Snapshot, UriKind.Absolute, out var snapshotUrl) || !body.Snapshot.StartsWith(snapshotUrl.Scheme + ":", StringComparison.OrdinalIgnoreCase))
            {
                throw new ProblemException(ProblemTypes.InvalidRequest, $"'snapshot' must be the absolute URL of a snapshot, not '{body.Snapshot}'.");
            }

            if (string.IsNullOrEmpty(body.Token))
            {
                throw new ProblemException(ProblemTypes.InvalidRequest, "'token' is required with 'snapshot': the snapshot's own token.");
            }

            (worker, token) = await restore.RestoreAsync(snapshotUrl, body.Token, request.Origin(), request.SelfAuthority(), Client(request), cancellationToken);
        }
        else
        {
            (worker, token) = await launcher.CreateAsync(PackageRequest.Parse(request, body.Package, body.Integrity), cancellationToken);
        }

        var view = WorkerView.Of(worker, request, token.Value);
        return new LocatedResult(view.Links.Self, Results.Json(view, JsonDefaults.Options, statusCode: faults.Is(Fault.WrongStatusCode) ? 200 : 201));
    }

    private static IResult Get(string id, HttpRequest request, WorkerAccess access) =>
        Results.Json(WorkerView.Of(access.Authorize(request, id), request), JsonDefaults.Options);

    private static async Task<IResult> DeleteAsync(string id, HttpRequest request, WorkerAccess access)
    {
        // The resource stays, ended, for the retention period so its last events can still be read.
        var worker = access.Authorize(request, id);
        await worker.TerminateAsync(ExitReasons.Terminated);
        return Results.NoContent();
    }

    /// <summary>Who the utility counts a request's compilations against: its address, or IPv6 /64.</summary>
    private static string Client(HttpRequest request) => RateLimits.ClientPartition.Of(request.HttpContext.Connection.RemoteIpAddress);
}
