using ComputeUtility.Server.Http;
using ComputeUtility.Server.Limits;
using ComputeUtility.Server.Measurements;
using ComputeUtility.Server.Packages;
using ComputeUtility.Server.Problems;
using ComputeUtility.Server.Sandbox;
using ComputeUtility.Server.Tasks;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Estimates;

/// <summary>
/// What one job would cost here: the learned run time of the package for that input size, plus
/// the wait from current load, plus fetch and compile when the package is not cached. Cheap:
/// nothing is fetched or run to answer.
/// </summary>
internal static class EstimateEndpoints
{
    public static void MapEstimates(this IEndpointRouteBuilder app) =>
        app.MapPost("/v1/estimates", EstimateAsync)
            .Produces<EstimateView>().ProducesProblem(400).ProducesProblem(413).ProducesProblem(415).ProducesProblem(429);

    private static async Task<IResult> EstimateAsync(HttpRequest request, EstimateBook book, TaskSlots tasks, LatencyBook latency,
        ModuleCache modules, IOptions<LimitsOptions> limits, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<EstimateRequest>(request, limits.Value.MaxRequestBodyBytes, cancellationToken);
        if (string.IsNullOrWhiteSpace(body.Package) || !Uri.TryCreate(body.Package, UriKind.Absolute, out _))
        {
            throw new ProblemException(ProblemTypes.InvalidRequest, "'package' is required: the absolute URL of the package manifest.");
        }

        if (!IntegrityMetadata.TryParse(body.Integrity, out var integrity, out var error))
        {
            throw new ProblemException(ProblemTypes.InvalidRequest, $"'integrity': {error}");
        }

        if (body.InputBytes is not { } inputBytes || inputBytes < 0)
        {
            throw new ProblemException(ProblemTypes.InvalidRequest, "'inputBytes' is required: a non-negative integer.");
        }

        var (computeMs, confidence, runs) = book.Predict(request.PagePartitionOf(), integrity.Primary.CacheKey, inputBytes);
        if (runs == 0)
        {
            // Never run here: the cost of starting it (fetch, compile, instantiate) is the best guess there is.
            computeMs = latency.WorkerStart.Snapshot()?.P50 ?? 50;
        }

        var queueMs = QueueMs(tasks, latency, limits.Value.MaxConcurrentTasks);
        return Results.Json(new EstimateView(Round(queueMs), Round(computeMs), Round(queueMs) + Round(computeMs), confidence, runs),
            JsonDefaults.Options);
    }

    /// <summary>Tasks ahead in line share the slots; each takes about the typical task time.</summary>
    private static double QueueMs(TaskSlots tasks, LatencyBook latency, int slots)
    {
        var ahead = tasks.Waiting + tasks.Running - slots + 1;
        return ahead <= 0 ? 0 : ahead * (latency.Task.Snapshot()?.P50 ?? 0) / slots;
    }

    private static double Round(double value) => Math.Round(value, 3);
}
