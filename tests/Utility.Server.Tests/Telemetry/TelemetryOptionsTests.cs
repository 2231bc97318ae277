using ComputeUtility.Server.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ComputeUtility.Server.Tests.Telemetry;

public sealed class TelemetryOptionsTests
{
    [Theory]
    [InlineData("Telemetry:OtlpEndpoint", "collector:4317", "Telemetry:OtlpEndpoint")]
    [InlineData("Telemetry:OtlpEndpoint", "ftp://127.0.0.1:4317", "Telemetry:OtlpEndpoint")]
    [InlineData("Telemetry:Metricz", "true", "Metricz")]
    public void A_wrong_telemetry_setting_is_refused_at_start_naming_it(string key, string value, string named)
    {
        using var services = Services(new() { [key] = value });

        var start = () => services.GetRequiredService<IStartupValidator>().Validate();

        start.Should().Throw<Exception>().Which.Message.Should().Contain(named);
    }

    [Fact]
    public void Nothing_is_exported_and_no_spans_are_collected_unless_an_otlp_endpoint_is_configured()
    {
        using var plain = Services([]);

        plain.GetService<TracerProvider>().Should().BeNull();
        plain.GetService<MeterProvider>().Should().NotBeNull("/metrics reads the meter");
    }

    [Theory]
    [InlineData("Telemetry:OtlpEndpoint")]
    [InlineData(TelemetryServiceCollectionExtensions.OtlpEndpointVariable)]
    public void An_otlp_endpoint_from_the_settings_or_the_standard_variable_turns_traces_on(string key)
    {
        using var exporting = Services(new() { [key] = "http://127.0.0.1:4317" });

        exporting.GetService<TracerProvider>().Should().NotBeNull();
    }

    [Fact]
    public void Without_metrics_or_an_otlp_endpoint_no_meter_provider_is_registered()
    {
        using var off = Services(new() { ["Telemetry:Metrics"] = "false" });

        off.GetService<MeterProvider>().Should().BeNull();
        off.GetRequiredService<UtilityMetrics>().Should().NotBeNull("the measurement points still have their meter");
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddUtilityTelemetry(configuration).BuildServiceProvider();
    }
}
