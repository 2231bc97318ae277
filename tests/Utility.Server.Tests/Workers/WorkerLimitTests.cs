namespace ComputeUtility.Server.Tests.Workers;

public sealed class WorkerLimitTests : IAsyncLifetime
{
    private readonly UtilityFixture _utility = new(new() { ["Limits:MaxWorkers"] = "2" });

    private HttpClient Client => _utility.Client;

    private TestOrigin Origin => _utility.Origin;

    private TestPackage Echo => _utility.Echo;

    private UtilityFactory Factory => _utility.Factory;

    public Task InitializeAsync() => _utility.InitializeAsync();

    public Task DisposeAsync() => _utility.DisposeAsync();

    [Fact]
    public async Task Past_the_worker_cap_creation_is_refused_with_503_and_retry_after_until_one_ends()
    {
        var first = await CreatedWorker.CreateAsync(Client, Echo);
        await CreatedWorker.CreateAsync(Client, Echo);

        var refused = await Client.PostAsJsonAsync("/v1/workers", Echo.CreateBody);
        await refused.ShouldBeProblemAsync("worker-limit-reached", HttpStatusCode.ServiceUnavailable);
        refused.Headers.RetryAfter.Should().NotBeNull();

        await Client.SendAsync(first.Request(HttpMethod.Delete));
        var again = await Client.PostAsJsonAsync("/v1/workers", Echo.CreateBody);
        again.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_worker_that_failed_frees_its_slot_at_once_though_its_events_stay_readable()
    {
        var trapper = await CreatedWorker.CreateAsync(Client, TestPackage.Publish(Origin, "trapper", Guests.Trapper));
        var other = await CreatedWorker.CreateAsync(Client, Echo);
        await using (var channel = await ChannelClient.ConnectAsync(Factory.BaseUri, trapper))
        {
            await channel.SendJsonAsync("1");
            await channel.ReceiveKindAsync("exit");
        }

        var third = await Client.PostAsJsonAsync("/v1/workers", Echo.CreateBody);

        third.StatusCode.Should().Be(HttpStatusCode.Created);
        (await Client.SendAsync(trapper.Request(HttpMethod.Get))).StatusCode.Should().Be(HttpStatusCode.OK);
        other.Id.Should().NotBe(trapper.Id);
    }

    [Fact]
    public async Task A_refused_package_does_not_use_up_a_worker_slot()
    {
        var bad = new { package = Origin.Url("missing/manifest.json").ToString(), integrity = TestPackage.Sri([1]) };
        for (var i = 0; i < 5; i++)
        {
            (await Client.PostAsJsonAsync("/v1/workers", bad)).StatusCode.Should().Be(HttpStatusCode.BadGateway);
        }

        var worker = await CreatedWorker.CreateAsync(Client, Echo);
        worker.Id.Should().StartWith("w-");
    }
}
