using ComputeUtility.Server.Problems;

namespace ComputeUtility.Server.Snapshots;

/// <summary>Snapshots are specified in v1 but not offered yet: the spec allows a 501 while the feature is not listed.</summary>
internal static class SnapshotEndpoints
{
    private const string Detail = "This utility does not take snapshots yet; its descriptor does not list the 'snapshots' feature.";

    public static void MapSnapshots(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/workers/{id}/snapshots", (string id) => ProblemWriter.Result(ProblemTypes.NotImplemented, Detail))
            .ProducesProblem(501);
        app.MapGet("/v1/workers/{id}/snapshots/{snapshotId}", (string id, string snapshotId) =>
                ProblemWriter.Result(ProblemTypes.NotImplemented, Detail))
            .ProducesProblem(501);
    }
}
