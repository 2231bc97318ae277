using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Telemetry;

/// <summary>
/// <c>/metrics</c>: the Prometheus text format, for the owner only. Not part of the /v1 API. Anyone else is answered as
/// if it did not exist, by the gate the caller passes (the dashboard's), so there is one rule for "the owner's machine".
/// </summary>
internal static class MetricsEndpoint
{
    public const string Path = "/metrics";

    public static void MapMetrics(this WebApplication app, Func<HttpContext, bool> owner)
    {
        if (app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value.Metrics)
        {
            app.UseOpenTelemetryPrometheusScrapingEndpoint(context => context.Request.Path == Path && owner(context));
        }
    }
}
