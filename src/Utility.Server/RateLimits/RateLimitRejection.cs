using System.Threading.RateLimiting;
using ComputeUtility.Server.Problems;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.RateLimits;

/// <summary>The answer to a client past its budget: 429 rate-limited, with Retry-After and the budget it used up.</summary>
internal static class RateLimitRejection
{
    public static async ValueTask WriteAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var options = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        var budget = RateBudgets.Classify(context) ?? RateBudgets.Requests;
        var settings = budget == RateBudgets.Work ? options.Work : options.Requests;

        // The bucket refills continuously; a whole second is the finest Retry-After can say.
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
        var extensions = new Dictionary<string, object?> { ["budget"] = budget, ["limit"] = settings.Burst };
        await ProblemWriter.WriteAsync(context, ProblemTypes.RateLimited,
            $"This client used up its '{budget}' budget of {settings.Burst} requests at once and {settings.PerSecond} a second " +
            $"(the descriptor's rateLimits); retry after {seconds} s.",
            extensions, seconds);
    }
}
