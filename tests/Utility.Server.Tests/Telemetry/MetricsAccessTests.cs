using Microsoft.AspNetCore.Builder;

namespace ComputeUtility.Server.Tests.Telemetry;

/// <summary>/metrics is the owner's, by the dashboard's rule: from this machine, to a local name. Anyone else is told nothing.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class MetricsAccessTests : IAsyncLifetime
{
    /// <summary>Requests with this header arrive, as far as the utility can tell, from another machine.</summary>
    private const string FromElsewhere = "X-Test-Remote-Address";

    private readonly UtilityFactory _factory = new(services: services => services.AddSingleton<IStartupFilter>(new RemoteAddressFromHeader()));
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = _factory.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task The_owner_reads_metrics_in_the_prometheus_text_format()
    {
        var response = await _client.GetAsync("/metrics");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Contain("# TYPE");
    }

    [Theory]
    [InlineData("/metrics")]
    [InlineData("/dashboard/state")]
    public async Task A_request_from_another_machine_is_answered_as_if_there_were_nothing_there(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { { FromElsewhere, "192.0.2.10" } } };

        var response = await _client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).Should().NotContain("# TYPE").And.NotContain("cu_");
    }

    [Fact]
    public async Task A_request_naming_another_host_is_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Host = "rebound.example" } };

        var response = await _client.SendAsync(request);

        response.IsSuccessStatusCode.Should().BeFalse();
        (await response.Content.ReadAsStringAsync()).Should().NotContain("# TYPE");
    }

    [Fact]
    public async Task With_metrics_turned_off_there_is_no_metrics_endpoint_even_for_the_owner()
    {
        await using var off = new UtilityFactory(new Dictionary<string, string?> { ["Telemetry:Metrics"] = "false" });
        using var client = off.Start();

        var response = await client.GetAsync("/metrics");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private sealed class RemoteAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, RequestDelegate following) =>
            {
                if (context.Request.Headers[FromElsewhere] is [{ } address])
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(address);
                }

                return following(context);
            });
            next(app);
        };
    }
}
