using ComputeUtility.Server.Problems;

namespace ComputeUtility.Server.Estimates;

/// <summary>Estimates are specified in v1 but not offered yet: the spec allows a 501 while the feature is not listed.</summary>
internal static class EstimateEndpoints
{
    public static void MapEstimates(this IEndpointRouteBuilder app) =>
        app.MapPost("/v1/estimates", () => ProblemWriter.Result(ProblemTypes.NotImplemented,
                "This utility does not offer estimates yet; its descriptor does not list the 'estimates' feature."))
            .ProducesProblem(501);
}
