using ComputeUtility.Server.Settings;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.RateLimits;

/// <summary>ASP.NET Core rate limiting with <see cref="ClientBudgets"/> as its global limiter, configured from <see cref="RateLimitOptions"/>.</summary>
internal static class RateLimitingExtensions
{
    public static IServiceCollection AddRequestRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddStrictOptions<RateLimitOptions>(configuration, RateLimitOptions.Section);
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitValidator>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>, TimeProvider>((limiter, rate, time) =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = RateLimitRejection.WriteAsync;
            limiter.GlobalLimiter = new ClientBudgets(rate.Value, time);
        });
        return services;
    }

    /// <summary>Place after CORS, so a refusal carries the CORS headers a page needs to read Retry-After.</summary>
    public static IApplicationBuilder UseRequestRateLimits(this IApplicationBuilder app) => app.UseRateLimiter();
}
