namespace ComputeUtility.Server.Tests.Telemetry;

/// <summary>/metrics counts what the utility did: workers, messages, deadlines, package fetches and cache hits, compilations, snapshot bytes.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class MetricsEndpointTests : IAsyncLifetime
{
    private readonly UtilityFixture _utility = new();

    public Task InitializeAsync() => _utility.InitializeAsync();

    public Task DisposeAsync() => _utility.DisposeAsync();

    private HttpClient Client => _utility.Client;

    [Fact]
    public async Task The_counters_at_metrics_reflect_the_workers_messages_tasks_fetches_and_snapshots_of_a_session()
    {
        var before = await ScrapeAsync();

        // Two echo workers of one package (the second from the caches), three messages to the first.
        var first = await CreatedWorker.CreateAsync(Client, _utility.Echo);
        var second = await CreatedWorker.CreateAsync(Client, _utility.Echo);
        for (var i = 1; i <= 3; i++)
        {
            (await Client.SendAsync(first.Request(HttpMethod.Post, "/messages", JsonContent.Create(new { n = i })))).StatusCode.Should().Be(HttpStatusCode.Accepted);
        }

        await first.WaitForMessagesOutAsync(Client, 3);

        // A snapshot of the first, pulled and restored from its bytes.
        var snapshot = await (await Client.SendAsync(first.Request(HttpMethod.Post, "/snapshots"))).Content.ReadFromJsonAsync<JsonElement>();
        var pull = new HttpRequestMessage(HttpMethod.Get, snapshot.GetProperty("url").GetString())
        {
            Headers = { Authorization = new("Bearer", snapshot.GetProperty("token").GetString()) },
        };
        var bytes = await (await Client.SendAsync(pull)).Content.ReadAsByteArrayAsync();
        var upload = new ByteArrayContent(bytes) { Headers = { ContentType = new(SnapshotFormat.MediaType) } };
        var restore = await Client.PostAsync("/v1/workers", upload);
        restore.StatusCode.Should().Be(HttpStatusCode.Created, await restore.Content.ReadAsStringAsync());
        var restored = await restore.Content.ReadFromJsonAsync<JsonElement>();

        // Two runs of one command, one command past its deadline, a message past its deadline, a package that is not there.
        var hello = TestPackage.Publish(_utility.Origin, "hello", Repo.Example("hello/hello.wasm"), kind: "command");
        (await Client.PostAsJsonAsync("/v1/tasks", hello.CreateBody)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Client.PostAsJsonAsync("/v1/tasks", hello.CreateBody)).StatusCode.Should().Be(HttpStatusCode.OK);
        var endless = TestPackage.Publish(_utility.Origin, "endless", Guests.EndlessCommand, kind: "command");
        (await Client.PostAsJsonAsync("/v1/tasks", endless.CreateBody)).StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var spinner = await CreatedWorker.CreateAsync(Client, TestPackage.Publish(_utility.Origin, "spinner", Guests.Spinner));
        await Client.SendAsync(spinner.Request(HttpMethod.Post, "/messages", JsonContent.Create("spin")));
        await WaitUntilEndedAsync(spinner, messagesIn: 1);
        var missing = await Client.PostAsJsonAsync("/v1/workers",
            new { package = new Uri(_utility.Origin.BaseUri, "nowhere/manifest.json"), integrity = TestPackage.Sri([1, 2, 3]) });
        missing.IsSuccessStatusCode.Should().BeFalse();

        var views = new[] { await ViewAsync(first), await ViewAsync(second), await ViewAsync(spinner) };
        var after = await ScrapeAsync();
        double Delta(string metric, params (string, string)[] labels) => after.Sum(metric, labels) - before.Sum(metric, labels);

        using (new FluentAssertions.Execution.AssertionScope())
        {
            Delta("cu_workers_created_total").Should().Be(4, "two echo workers, the restored one and the spinner");
            Delta("cu_workers_running").Should().Be(3, "the spinner ended at its deadline");
            Delta("cu_messages_in_total").Should().Be(views.Sum(v => v.GetProperty("messagesIn").GetInt64())).And.Be(4);
            Delta("cu_messages_out_total").Should().Be(views.Sum(v => v.GetProperty("messagesOut").GetInt64())).And.BeGreaterThanOrEqualTo(3);
            Delta("cu_deadlines_total", ("kind", "message")).Should().Be(1);
            Delta("cu_deadlines_total", ("kind", "task")).Should().Be(1);
            Delta("cu_tasks_total", ("outcome", "ok")).Should().Be(2);
            Delta("cu_tasks_total", ("outcome", "deadline")).Should().Be(1);
            Delta("cu_package_fetches_total", ("outcome", "ok")).Should().Be(8, "manifest and module of echo, hello, endless and spinner");
            Delta("cu_package_fetches_total", ("file", "manifest"), ("outcome", "failed")).Should().Be(1);
            Delta("cu_package_cache_hits_total").Should().Be(6, "the second echo, the restore and the second hello took manifest and module from the caches");
            Delta("cu_module_compile_duration_seconds_count", ("outcome", "ok")).Should().Be(4, "each module compiled once");
            Delta("cu_snapshot_size_bytes_total", ("direction", "captured")).Should().Be(snapshot.GetProperty("sizeBytes").GetInt64());
            Delta("cu_snapshot_size_bytes_total", ("direction", "restored")).Should().Be(bytes.Length);
        }

        restored.GetProperty("state").GetString().Should().Be("running");
    }

    private async Task<PrometheusText> ScrapeAsync()
    {
        var response = await Client.GetAsync("/metrics");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
        return new PrometheusText(await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> ViewAsync(CreatedWorker worker) =>
        await (await Client.SendAsync(worker.Request(HttpMethod.Get))).Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>The worker has ended and its last call has returned: the state can change before the stopped call comes back.</summary>
    private async Task WaitUntilEndedAsync(CreatedWorker worker, long messagesIn)
    {
        for (var i = 0; i < 600; i++)
        {
            var view = await ViewAsync(worker);
            if (view.GetProperty("state").GetString() != "running" && view.GetProperty("messagesIn").GetInt64() >= messagesIn)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"worker {worker.Id} still runs after 30 s");
    }
}
