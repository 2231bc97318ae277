using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Telemetry;

/// <summary>An OTLP endpoint that is not an http(s) URL fails start, with what to fix.</summary>
internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options) =>
        options.OtlpEndpoint.Length == 0 || IsHttpUrl(options.OtlpEndpoint)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Telemetry:OtlpEndpoint must be the http(s) URL of an OTLP collector (e.g. http://127.0.0.1:4317), not '{options.OtlpEndpoint}'.");

    public static bool IsHttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
