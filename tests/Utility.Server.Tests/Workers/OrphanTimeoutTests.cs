namespace ComputeUtility.Server.Tests.Workers;

/// <summary>
/// A worker whose page went away (its channel or stream closed and nothing came back) ends after the orphan timeout,
/// long before the idle timeout. Time is faked: the janitor sweeps only when the test advances the clock.
/// </summary>
public sealed class OrphanTimeoutTests : IAsyncLifetime
{
    private ClockedUtility _utility = null!;

    public async Task InitializeAsync() => _utility = await ClockedUtility.StartAsync(new() { ["Limits:IdleTimeoutSeconds"] = "600", ["Limits:OrphanTimeoutSeconds"] = "30" });

    public async Task DisposeAsync() => await _utility.DisposeAsync();

    [Fact]
    [Requirement("CU-WRK-17")]
    public async Task CU_WRK_17_a_worker_whose_only_event_stream_closed_ends_with_reason_orphaned_after_the_orphan_timeout()
    {
        var worker = await WorkerWhoseEventStreamClosedAsync();
        await AdvanceAsync(TimeSpan.FromSeconds(28));
        (await _utility.StateAsync(worker)).Should().Be("running");
        await AdvanceAsync(TimeSpan.FromSeconds(10));

        (await _utility.StateAsync(worker)).Should().Be("terminated");
        (await ExitReasonAsync(worker)).Should().Be("orphaned");
    }

    [Fact]
    [Requirement("CU-WRK-17")]
    public async Task CU_WRK_17_a_worker_whose_websocket_channel_closed_ends_with_reason_orphaned()
    {
        var worker = await CreatedWorker.CreateAsync(_utility.Client, _utility.Echo);
        await using (var channel = await ChannelClient.ConnectAsync(_utility.Factory.BaseUri, worker))
        {
            await channel.Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "page gone", CancellationToken.None);
        }

        await WaitDisconnectedAsync(worker);
        await AdvanceAsync(TimeSpan.FromSeconds(40));

        (await ExitReasonAsync(worker)).Should().Be("orphaned");
    }

    [Fact]
    [Requirement("CU-WRK-17")]
    public async Task CU_WRK_17_a_message_after_the_reader_closed_restarts_the_orphan_clock()
    {
        var worker = await WorkerWhoseEventStreamClosedAsync();
        await AdvanceAsync(TimeSpan.FromSeconds(20));
        await _utility.Client.SendAsync(worker.Request(HttpMethod.Post, "/messages", JsonContent.Create(1)));
        await worker.WaitForMessagesOutAsync(_utility.Client, 1);
        await AdvanceAsync(TimeSpan.FromSeconds(20));

        (await _utility.StateAsync(worker)).Should().Be("running", "the client posted a message 20 s ago: it is still there");
    }

    [Fact]
    [Requirement("CU-WRK-17", "CU-WRK-10")]
    public async Task CU_WRK_17_a_worker_that_never_had_a_reader_follows_the_idle_timeout_alone()
    {
        var worker = await CreatedWorker.CreateAsync(_utility.Client, _utility.Echo);

        await AdvanceAsync(TimeSpan.FromSeconds(590));
        (await _utility.StateAsync(worker)).Should().Be("running", "a client that only posts and polls never had a reader to lose");
        await AdvanceAsync(TimeSpan.FromSeconds(30));

        (await ExitReasonAsync(worker)).Should().Be("idle-timeout");
    }

    [Fact]
    [Requirement("CU-WRK-17", "CU-WRK-16")]
    public async Task CU_WRK_17_a_worker_with_a_reader_still_open_is_not_orphaned()
    {
        var worker = await CreatedWorker.CreateAsync(_utility.Client, _utility.Echo);
        using (var first = await _utility.OpenEventStreamAsync(worker))
        {
            first.Client.Shutdown(SocketShutdown.Both);
        }

        await WaitDisconnectedAsync(worker);
        using var second = await _utility.OpenEventStreamAsync(worker);
        await AdvanceAsync(TimeSpan.FromSeconds(120));

        (await _utility.StateAsync(worker)).Should().Be("running", "an event stream is still open");
    }

    /// <summary>Advances in small steps, so each janitor sweep sees the clock where it fired.</summary>
    /// <summary>A new echo worker whose one event-stream reader has hung up, once the utility has noticed.</summary>
    private async Task<CreatedWorker> WorkerWhoseEventStreamClosedAsync()
    {
        var worker = await CreatedWorker.CreateAsync(_utility.Client, _utility.Echo);
        using (var stream = await _utility.OpenEventStreamAsync(worker))
        {
            stream.Client.Shutdown(SocketShutdown.Both);
        }

        await WaitDisconnectedAsync(worker);
        return worker;
    }

    private async Task AdvanceAsync(TimeSpan by)
    {
        for (var left = by; left > TimeSpan.Zero; left -= TimeSpan.FromSeconds(5))
        {
            _utility.Time.Advance(left < TimeSpan.FromSeconds(5) ? left : TimeSpan.FromSeconds(5));
            await Task.Yield();
        }
    }

    private async Task WaitDisconnectedAsync(CreatedWorker worker)
    {
        var registered = _utility.Registered(worker);
        for (var i = 0; i < 300 && registered.Connected; i++)
        {
            await Task.Delay(100); // a generous bound; the server sees the close within milliseconds
        }

        registered.Connected.Should().BeFalse("the client closed its only reader");
    }

    /// <summary>The reason of the exit event, as a client reads it from the ended worker's events.</summary>
    private async Task<string?> ExitReasonAsync(CreatedWorker worker)
    {
        var events = await (await _utility.Client.SendAsync(worker.Request(HttpMethod.Get, "/events"))).Content.ReadAsStringAsync();
        var exit = events.Split("\n").SkipWhile(line => line != "event: exit").FirstOrDefault(line => line.StartsWith("data:", StringComparison.Ordinal));
        return exit is null ? null : JsonDocument.Parse(exit["data:".Length..]).RootElement.GetProperty("reason").GetString();
    }
}
