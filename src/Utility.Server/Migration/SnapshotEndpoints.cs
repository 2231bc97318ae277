using System.IO.Compression;
using System.Security.Cryptography;
using ComputeUtility.Server.Access;
using ComputeUtility.Server.Http;
using ComputeUtility.Server.Limits;
using ComputeUtility.Server.Problems;
using ComputeUtility.Server.Workers;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Migration;

/// <summary>Taking a snapshot of a worker, and pulling its bytes with the snapshot's own token.</summary>
internal static class SnapshotEndpoints
{
    public static void MapSnapshots(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/workers/{id}/snapshots", TakeAsync)
            .Produces<SnapshotView>(201).ProducesProblem(400).ProducesProblem(401).ProducesProblem(404).ProducesProblem(413).ProducesProblem(410).ProducesProblem(429);
        app.MapGet("/v1/workers/{id}/snapshots/{snapshotId}", PullAsync)
            .Produces(200, contentType: SnapshotFormat.MediaType).ProducesProblem(401).ProducesProblem(404).ProducesProblem(429);
    }

    private static async Task<IResult> TakeAsync(string id, HttpRequest request, WorkerAccess access, SnapshotStore store,
        TimeProvider time, Telemetry.UtilityMetrics telemetry, IOptions<LimitsOptions> limits, CancellationToken cancellationToken)
    {
        var worker = access.Authorize(request, id);
        var baseId = await BaseOfAsync(request, limits.Value, cancellationToken);
        if (worker.State != WorkerState.Running)
        {
            throw new ProblemException(ProblemTypes.WorkerGone, $"Worker {id} has ended; there is no state to capture.");
        }

        // A delta (spec 13.5) is taken against an earlier snapshot of this same worker that is still held.
        var baseSnapshot = baseId is null ? null : store.Find(id, baseId)
            ?? throw new ProblemException(ProblemTypes.NotFound, $"There is no snapshot '{baseId}' of worker '{id}' to take a delta against.");
        var captured = baseSnapshot is null
            ? await SnapshotCapture.TakeAsync(worker, cancellationToken)
            : await SnapshotCapture.TakeDeltaAsync(worker, baseSnapshot, cancellationToken);
        var bytes = captured.Bytes;
        telemetry.SnapshotCaptured(bytes.LongLength);
        var snapshotId = WorkerToken.NewId("s-");
        var token = WorkerToken.Create();
        var digest = "sha256-" + Convert.ToBase64String(SHA256.HashData(bytes));
        var image = baseSnapshot is null ? SnapshotImage.Of(bytes) : baseSnapshot.Image.With(bytes);
        store.Add(new StoredSnapshot(snapshotId, id, token, bytes, digest, captured.CoversMessagesThrough, time.GetUtcNow(), image, baseId));
        var path = $"/v1/workers/{id}/snapshots/{snapshotId}";
        var view = new SnapshotView(snapshotId, id, time.GetUtcNow(), bytes.Length, digest, captured.CoversMessagesThrough, captured.HoldsMessagesThrough, captured.CoversEventsThrough,
            $"{request.SelfAuthority()}{path}", token.Value, SnapshotFormat.PageRecords(bytes).Pages.Count, baseId);
        return new LocatedResult(path, Results.Json(view, JsonDefaults.Options, statusCode: 201));
    }

    /// <summary>The <c>base</c> of a JSON body, if any: a request without a body (every client before 13.5) asks for a full snapshot.</summary>
    private static async Task<string?> BaseOfAsync(HttpRequest request, LimitsOptions limits, CancellationToken cancellationToken)
    {
        if (request.ContentLength == 0 || (request.ContentLength is null && !request.Headers.TransferEncoding.Any()) || !JsonBody.IsJson(request.ContentType))
        {
            return null;
        }

        var body = await JsonBody.ReadAsync<SnapshotRequest>(request, limits.MaxRequestBodyBytes, cancellationToken);
        return body.Base switch
        {
            null => null,
            "" => throw new ProblemException(ProblemTypes.InvalidRequest, "'base' must be the id of an earlier snapshot of this worker."),
            var id => id,
        };
    }

    private static async Task PullAsync(string id, string snapshotId, HttpContext context, SnapshotStore store)
    {
        var snapshot = store.Find(id, snapshotId)
            ?? throw new ProblemException(ProblemTypes.NotFound, $"There is no snapshot '{snapshotId}' of worker '{id}'.");
        if (!snapshot.Token.Matches(context.Request.BearerToken()))
        {
            throw new ProblemException(ProblemTypes.Unauthorized, "A snapshot opens only with its own token (not the worker's).");
        }

        var response = context.Response;
        response.ContentType = SnapshotFormat.MediaType;
        response.Headers.ETag = $"\"{snapshot.Digest}\"";
        if (context.Request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
        {
            // Browsers ask (the shim downloads every snapshot it takes); utilities pulling to restore do not (SnapshotSource).
            // With zero pages left out, gzip takes 98% of an echo worker's 131 KB but 16% of a dense 1.5 MB, at ~10x the time
            // of sending it plain over loopback. The digest is of the plain bytes.
            response.Headers.ContentEncoding = "gzip";
            await using var gzip = new GZipStream(response.Body, CompressionLevel.Fastest, leaveOpen: true);
            await gzip.WriteAsync(snapshot.Bytes, context.RequestAborted);
            return;
        }

        response.ContentLength = snapshot.Bytes.Length;
        await response.Body.WriteAsync(snapshot.Bytes, context.RequestAborted);
    }
}
