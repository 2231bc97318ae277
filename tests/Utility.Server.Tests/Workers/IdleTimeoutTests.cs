namespace ComputeUtility.Server.Tests.Workers;

/// <summary>Idle workers end on a faked clock: no test waits ten minutes, and none sleeps.</summary>
public sealed class IdleTimeoutTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-23T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly UtilityFactory Factory;

    public IdleTimeoutTests() =>
        Factory = new(new Dictionary<string, string?> { ["Limits:IdleTimeoutSeconds"] = "60" },
            services => services.AddSingleton<TimeProvider>(_time));
    private TestOrigin Origin = null!;
    private HttpClient Client = null!;
    private TestPackage Echo = null!;

    public async Task InitializeAsync()
    {
        Origin = await TestOrigin.StartAsync();
        Echo = TestPackage.Publish(Origin, "echo", Repo.Example("echo/echo.wasm"));
        Client = Factory.Start();
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Origin.DisposeAsync();
    }

    [Fact]
    public async Task A_worker_idle_past_the_timeout_ends_with_reason_idle_timeout()
    {
        var worker = await CreatedWorker.CreateAsync(Client, Echo);

        _time.Advance(TimeSpan.FromSeconds(59));
        (await State(worker)).GetProperty("state").GetString().Should().Be("running");

        _time.Advance(TimeSpan.FromSeconds(20));
        var state = await State(worker);

        state.GetProperty("state").GetString().Should().Be("terminated");
        var events = await (await Client.SendAsync(worker.Request(HttpMethod.Get, "/events"))).Content.ReadAsStringAsync();
        events.Should().Contain("event: exit").And.Contain("\"reason\":\"idle-timeout\"");
    }

    [Fact]
    public async Task A_message_counts_as_activity()
    {
        var worker = await CreatedWorker.CreateAsync(Client, Echo);

        _time.Advance(TimeSpan.FromSeconds(45));
        await Client.SendAsync(worker.Request(HttpMethod.Post, "/messages", JsonContent.Create(1)));
        await worker.WaitForMessagesOutAsync(Client, 1);
        _time.Advance(TimeSpan.FromSeconds(45));

        (await State(worker)).GetProperty("state").GetString().Should().Be("running");
    }

    [Fact]
    public async Task An_ended_worker_is_forgotten_after_the_retention_period()
    {
        var worker = await CreatedWorker.CreateAsync(Client, Echo);
        _time.Advance(TimeSpan.FromSeconds(70));
        _time.Advance(WorkerJanitor.Retention + TimeSpan.FromSeconds(20));

        var response = await Client.SendAsync(worker.Request(HttpMethod.Get));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private async Task<JsonElement> State(CreatedWorker worker)
    {
        // The janitor's timer runs on the fake clock; advancing it runs the sweep synchronously.
        var response = await Client.SendAsync(worker.Request(HttpMethod.Get));
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
