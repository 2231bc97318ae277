using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.RateLimits;

/// <summary>Per-client token buckets over ASP.NET Core rate limiting, configured from <see cref="RateLimitOptions"/>.</summary>
internal static class RateLimitingExtensions
{
    private const string Unlimited = "";

    public static IServiceCollection AddRequestRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitValidator>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, rate) =>
        {
            var options = rate.Value;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = RateLimitRejection.WriteAsync;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, options));
        });
        return services;
    }

    /// <summary>Place after CORS, so a refusal carries the CORS headers a page needs to read Retry-After.</summary>
    public static IApplicationBuilder UseRequestRateLimits(this IApplicationBuilder app) => app.UseRateLimiter();

    private static RateLimitPartition<string> Partition(HttpContext context, RateLimitOptions options)
    {
        var budget = options.Enabled ? RateBudgets.Classify(context) : null;
        var address = context.Connection.RemoteIpAddress;
        if (budget is null || (options.ExemptLoopback && address is not null && IPAddress.IsLoopback(address)))
        {
            return RateLimitPartition.GetNoLimiter(Unlimited);
        }

        var settings = budget == RateBudgets.Work ? options.Work : options.Requests;
        return RateLimitPartition.GetTokenBucketLimiter($"{budget} {ClientPartition.Of(address)}", _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = settings.Burst,
            TokensPerPeriod = settings.PerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }
}
