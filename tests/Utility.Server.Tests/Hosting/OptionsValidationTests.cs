using ComputeUtility.Server.Hosting;

namespace ComputeUtility.Server.Tests.Hosting;

public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("Limits:MaxWorkers", "0", "MaxWorkers")]
    [InlineData("Limits:MaxMessageBytes", "12", "MaxMessageBytes")]
    [InlineData("Limits:EventBufferBytes", "65536", "EventBufferBytes")]
    [InlineData("Limits:MessageDeadlineMs", "5", "MessageDeadlineMs")]
    [InlineData("Packages:AllowedOrigins:0", "app.example", "Packages:AllowedOrigins")]
    [InlineData("Packages:AllowedOrigins:0", "https://app.example/path", "Packages:AllowedOrigins")]
    [InlineData("Packages:CacheDirectory", "relative/dir", "CacheDirectory")]
    [InlineData("Utility:SecretFile", "relative/secret", "Utility:SecretFile")]
    [InlineData("Packages:FetchRetries", "0", "FetchRetries")]
    [InlineData("Cors:AllowedOrigins:0", "not an origin", "Cors:AllowedOrigins")]
    [InlineData("Cors:AllowedOrigins:0", "https://app.example/path", "Cors:AllowedOrigins")]
    [InlineData("Cors:OriginPermissionFile", "relative/origins.json", "Cors:OriginPermissionFile")]
    [InlineData("RateLimits:Work:Burst", "0", "RateLimits:Work:Burst")]
    [InlineData("RateLimits:Requests:PerSecond", "-5", "RateLimits:Requests:PerSecond")]
    [InlineData("Limits:MaxUpgradedConnections", "2000", "MaxUpgradedConnections")]
    [InlineData("Limits:RequestHeadersTimeoutMs", "0", "RequestHeadersTimeoutMs")]
    [InlineData("Limits:MaxTableElements", "10", "MaxTableElements")]
    [InlineData("Limits:MaxModuleFunctions", "0", "MaxModuleFunctions")]
    [InlineData("Limits:MaxCompilationsPerClient", "0", "MaxCompilationsPerClient")]
    [InlineData("Limits:MaxGuestThreads", "0", "MaxGuestThreads")]
    [InlineData("Limits:MaxConnectionsPerClient", "2000", "MaxConnectionsPerClient")]
    [InlineData("Limits:MaxEventStreamsPerClient", "512", "MaxEventStreamsPerClient")]
    [InlineData("Limits:OrphanTimeoutSeconds", "0", "OrphanTimeoutSeconds")]
    [InlineData("Limits:OrphanTimeoutSeconds", "601", "OrphanTimeoutSeconds")]
    [InlineData("Limits:HeartbeatIntervalMs", "50", "HeartbeatIntervalMs")]
    [InlineData("Limits:HeartbeatIntervalMs", "30001", "HeartbeatIntervalMs")]
    public void Invalid_configuration_is_refused_at_start_naming_the_setting(string key, string value, string named)
    {
        using var services = Services(new() { [key] = value });

        var messages = new List<string>();
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (AggregateException all)
        {
            messages.AddRange(all.Flatten().InnerExceptions.OfType<OptionsValidationException>().Select(e => e.Message));
        }
        catch (OptionsValidationException one)
        {
            messages.Add(one.Message);
        }

        messages.Should().Contain(m => m.Contains(named));
    }

    [Fact]
    public void The_defaults_in_code_are_valid_without_any_configuration()
    {
        using var services = Services([]);

        var validate = () => services.GetRequiredService<IStartupValidator>().Validate();

        validate.Should().NotThrow();
    }

    [Fact]
    public void The_per_client_caps_follow_the_connection_cap_unless_set()
    {
        using var services = Services(new() { ["Limits:MaxConnections"] = "1000" });

        var limits = services.GetRequiredService<IOptions<LimitsOptions>>().Value;

        limits.MaxConnectionsPerClient.Should().Be(500);
        limits.MaxEventStreamsPerClient.Should().Be(250);
    }

    [Fact]
    public void The_orphan_timeout_is_thirty_seconds_or_the_idle_timeout_if_shorter_unless_set()
    {
        using var defaults = Services([]);
        using var shortIdle = Services(new() { ["Limits:IdleTimeoutSeconds"] = "5" });

        defaults.GetRequiredService<IOptions<LimitsOptions>>().Value.OrphanTimeoutSeconds.Should().Be(30);
        shortIdle.GetRequiredService<IOptions<LimitsOptions>>().Value.OrphanTimeoutSeconds.Should().Be(5);
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddComputeUtility(configuration).AddRequestLimits(configuration).BuildServiceProvider();
    }
}
