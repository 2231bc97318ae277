namespace ComputeUtility.Server.Telemetry;

/// <summary>
/// The utility's own measurements: a Prometheus scrape at <c>/metrics</c> for the owner's machine, and OTLP export of
/// metrics and traces only when an endpoint is configured (here or as the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>).
/// </summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>Serve the Prometheus text format at <c>/metrics</c>, to requests the dashboard would serve (this machine, a local name).</summary>
    public bool Metrics { get; set; } = true;

    /// <summary>Where to send metrics and traces over OTLP (e.g. http://127.0.0.1:4317); empty: OTEL_EXPORTER_OTLP_ENDPOINT, or no export.</summary>
    public string OtlpEndpoint { get; set; } = "";
}
