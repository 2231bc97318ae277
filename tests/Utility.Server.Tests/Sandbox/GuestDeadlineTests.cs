namespace ComputeUtility.Server.Tests.Sandbox;

/// <summary>
/// Deadlines on the utility's clock, faked: an hour-long deadline that only the fake clock can reach, so a
/// guest stopped here was stopped by the clock from its call's start, not by real time passing (nothing sleeps).
/// </summary>
public sealed class GuestDeadlineTests : IAsyncLifetime
{
    private const int DeadlineMs = 3_600_000;
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-02T06:00:00Z", CultureInfo.InvariantCulture));
    private readonly UtilityFactory _factory;
    private TestOrigin _origin = null!;
    private HttpClient _client = null!;

    public GuestDeadlineTests() =>
        _factory = new(new Dictionary<string, string?>
        {
            ["Limits:MessageDeadlineMs"] = DeadlineMs.ToString(CultureInfo.InvariantCulture),
            ["Limits:TaskDeadlineMs"] = DeadlineMs.ToString(CultureInfo.InvariantCulture),
            ["Limits:IdleTimeoutSeconds"] = "604800",
        }, services => services.AddSingleton<TimeProvider>(_time));

    public async Task InitializeAsync()
    {
        _origin = await TestOrigin.StartAsync();
        _client = _factory.Start();
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _origin.DisposeAsync();
    }

    [Fact]
    [Requirement("CU-ABI-11")]
    public async Task CU_ABI_11_a_runaway_call_is_stopped_once_the_utility_clock_passes_its_deadline_counted_from_the_call_start()
    {
        var spinner = await CreatedWorker.CreateAsync(_client, TestPackage.Publish(_origin, "announcer", Guests.AnnouncingSpinner));
        await using var channel = await ChannelClient.ConnectAsync(_factory.BaseUri, spinner);
        _time.Advance(TimeSpan.FromHours(2)); // before the call: the worker's age is no part of its deadline

        await channel.SendJsonAsync("\"spin\"");
        await channel.ReceiveKindAsync("message", Generous); // the guest posts before it spins: its call has started
        _time.Advance(TimeSpan.FromMilliseconds(DeadlineMs + 1));
        var error = await channel.ReceiveKindAsync("error", Generous);

        error.Data.GetProperty("type").GetString().Should().Be("urn:compute-utility:problem:deadline-exceeded");
        error.Data.GetProperty("detail").GetString().Should().Contain($"ran {DeadlineMs + 1} ms of its {DeadlineMs} ms deadline",
            "the deadline is measured on the utility's clock from the call's start, not from the worker's creation");
        (await channel.ReceiveKindAsync("exit", Generous)).Data.GetProperty("reason").GetString().Should().Be("failed");
    }

    [Fact]
    [Requirement("CU-TASK-6")]
    public async Task CU_TASK_6_a_runaway_task_is_answered_deadline_exceeded_once_the_utility_clock_passes_its_deadline()
    {
        var endless = TestPackage.Publish(_origin, "endless", Guests.EndlessCommand, kind: "command");
        // Fetched and compiled first, on the still clock: the fetch has timeouts of its own on the same clock.
        IntegrityMetadata.TryParse(endless.Integrity, out var integrity, out _).Should().BeTrue();
        await _factory.Services.GetRequiredService<PackageResolver>().ResolveAsync(
            new PackageRequest(endless.ManifestUrl, integrity!, null, _factory.BaseUri.Authority, "127.0.0.1"), "command", CancellationToken.None);
        // Every reading of the clock moves it a minute on: the hour passes after some sixty looks at the running guest, whenever it started.
        _time.AutoAdvanceAmount = TimeSpan.FromMinutes(1);
        try
        {
            var response = await _client.PostAsJsonAsync("/v1/tasks", endless.CreateBody).WaitAsync(Generous);

            var problem = await response.ShouldBeProblemAsync("deadline-exceeded", HttpStatusCode.UnprocessableEntity);
            problem.GetProperty("detail").GetString().Should().Contain($"of its {DeadlineMs} ms deadline during _start");
        }
        finally
        {
            _time.AutoAdvanceAmount = TimeSpan.Zero;
        }
    }

    [Fact]
    [Requirement("CU-SEC-5")]
    public async Task CU_SEC_5_while_runaway_workers_spin_healthz_a_task_and_another_worker_answer_and_each_runaway_stops_when_deleted()
    {
        const int runaways = 8;
        var spinners = new List<(CreatedWorker Worker, ChannelClient Channel)>();
        var package = TestPackage.Publish(_origin, "spinners", Guests.AnnouncingSpinner);
        for (var i = 0; i < runaways; i++)
        {
            var worker = await CreatedWorker.CreateAsync(_client, package);
            var channel = await ChannelClient.ConnectAsync(_factory.BaseUri, worker);
            await channel.SendJsonAsync("\"spin\"");
            await channel.ReceiveKindAsync("message", Generous);
            spinners.Add((worker, channel));
        }

        try
        {
            var health = await _client.GetAsync("/healthz").WaitAsync(Generous);
            var echo = await CreatedWorker.CreateAsync(_client, TestPackage.Publish(_origin, "echo", Repo.Example("echo/echo.wasm")));
            await using var answering = await ChannelClient.ConnectAsync(_factory.BaseUri, echo);
            await answering.SendJsonAsync("7");
            var reply = await answering.ReceiveKindAsync("message", Generous);
            var hello = TestPackage.Publish(_origin, "hello", Repo.Example("hello/hello.wasm"), kind: "command");
            var task = await _client.PostAsJsonAsync("/v1/tasks", hello.CreateBody).WaitAsync(Generous);

            health.StatusCode.Should().Be(HttpStatusCode.OK);
            reply.Data.GetProperty("echo").GetInt32().Should().Be(7);
            (await task.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("exitCode").GetInt32().Should().Be(0);
            foreach (var (worker, _) in spinners)
            {
                // DELETE answers once the worker's loop has ended: the runaway call must be stopped, not left to its hour.
                var deleted = await _client.SendAsync(worker.Request(HttpMethod.Delete)).WaitAsync(Generous);
                deleted.StatusCode.Should().Be(HttpStatusCode.NoContent);
                var state = await (await _client.SendAsync(worker.Request(HttpMethod.Get))).Content.ReadFromJsonAsync<JsonElement>();
                state.GetProperty("state").GetString().Should().Be("terminated");
                state.GetProperty("messagesIn").GetInt64().Should().Be(1, "the stopped call is counted as delivered");
            }
        }
        finally
        {
            foreach (var (_, channel) in spinners)
            {
                await channel.DisposeAsync();
            }
        }
    }
}
