using System.Net;
using System.Net.Http.Json;
using ComputeUtility.Server.Tests.Infrastructure;

namespace ComputeUtility.Server.Tests.Workers;

public sealed class WorkerLimitTests : IAsyncLifetime
{
    private readonly UtilityFactory _factory = new(new Dictionary<string, string?> { ["Limits:MaxWorkers"] = "2" });
    private TestOrigin _origin = null!;
    private HttpClient _client = null!;
    private TestPackage _echo = null!;

    public async Task InitializeAsync()
    {
        _origin = await TestOrigin.StartAsync();
        _echo = TestPackage.Publish(_origin, "echo", Repo.Example("echo/echo.wasm"));
        _client = _factory.Start();
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _origin.DisposeAsync();
    }

    [Fact]
    public async Task Past_the_worker_cap_creation_is_refused_with_503_and_retry_after_until_one_ends()
    {
        var first = await CreatedWorker.CreateAsync(_client, _echo);
        await CreatedWorker.CreateAsync(_client, _echo);

        var refused = await _client.PostAsJsonAsync("/v1/workers", _echo.CreateBody);
        await refused.ShouldBeProblemAsync("worker-limit-reached", HttpStatusCode.ServiceUnavailable);
        refused.Headers.RetryAfter.Should().NotBeNull();

        await _client.SendAsync(first.Request(HttpMethod.Delete));
        var again = await _client.PostAsJsonAsync("/v1/workers", _echo.CreateBody);
        again.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_worker_that_failed_frees_its_slot_at_once_though_its_events_stay_readable()
    {
        var trapper = await CreatedWorker.CreateAsync(_client, TestPackage.Publish(_origin, "trapper", Guests.Trapper));
        var other = await CreatedWorker.CreateAsync(_client, _echo);
        await using (var channel = await ChannelClient.ConnectAsync(_factory.BaseUri, trapper))
        {
            await channel.SendJsonAsync("1");
            await channel.ReceiveKindAsync("exit");
        }

        var third = await _client.PostAsJsonAsync("/v1/workers", _echo.CreateBody);

        third.StatusCode.Should().Be(HttpStatusCode.Created);
        (await _client.SendAsync(trapper.Request(HttpMethod.Get))).StatusCode.Should().Be(HttpStatusCode.OK);
        other.Id.Should().NotBe(trapper.Id);
    }

    [Fact]
    public async Task A_refused_package_does_not_use_up_a_worker_slot()
    {
        var bad = new { package = _origin.Url("missing/manifest.json").ToString(), integrity = TestPackage.Sri([1]) };
        for (var i = 0; i < 5; i++)
        {
            (await _client.PostAsJsonAsync("/v1/workers", bad)).StatusCode.Should().Be(HttpStatusCode.BadGateway);
        }

        var worker = await CreatedWorker.CreateAsync(_client, _echo);
        worker.Id.Should().StartWith("w-");
    }
}
