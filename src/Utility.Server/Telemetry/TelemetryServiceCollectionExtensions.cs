using ComputeUtility.Server.Settings;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ComputeUtility.Server.Telemetry;

/// <summary>Registers the utility's meter and spans, the Prometheus exporter behind <c>/metrics</c>, and OTLP export when configured.</summary>
internal static class TelemetryServiceCollectionExtensions
{
    /// <summary>The standard variable (read through configuration, so environment and command line both work).</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IServiceCollection AddUtilityTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(TelemetryOptions.Section);
        services.AddStrictOptions<TelemetryOptions>(configuration, TelemetryOptions.Section);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<UtilityMetrics>();

        // Read here as well as validated at start: which exporters exist is decided while services are registered.
        var options = new TelemetryOptions();
        section.Bind(options);
        var otlp = options.OtlpEndpoint.Length > 0 ? options.OtlpEndpoint : configuration[OtlpEndpointVariable] ?? "";
        var exportOtlp = TelemetryOptionsValidator.IsHttpUrl(otlp);
        if (!options.Metrics && !exportOtlp)
        {
            return services;
        }

        var telemetry = services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService("compute-utility"));
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(UtilityMetrics.MeterName).AddAspNetCoreInstrumentation();
            if (options.Metrics)
            {
                // No cached scrape: what the owner reads is what happened up to now.
                metrics.AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
            }

            if (exportOtlp)
            {
                metrics.AddOtlpExporter(exporter => Point(exporter, otlp));
            }
        });
        if (exportOtlp)
        {
            telemetry.WithTracing(tracing => tracing.AddSource(UtilityActivities.Name).AddAspNetCoreInstrumentation()
                .AddOtlpExporter(exporter => Point(exporter, otlp)));
        }

        return services;
    }

    private static void Point(OtlpExporterOptions exporter, string endpoint) => exporter.Endpoint = new Uri(endpoint);
}
