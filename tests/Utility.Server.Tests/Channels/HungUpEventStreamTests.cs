namespace ComputeUtility.Server.Tests.Channels;

/// <summary>
/// Clients that open a worker's event stream and hang up while it waits for events (curl -m 2 on an idle worker):
/// each stream ends when its client goes, and the worker is idle again. Time is faked, so the keep-alive and the idle
/// timer move only when the test says.
/// </summary>
public sealed class HungUpEventStreamTests : IAsyncLifetime
{
    private const int HungUpStreams = 1_000;
    private const int AtOnce = 25;

    private ClockedUtility _utility = null!;

    public async Task InitializeAsync() => _utility = await ClockedUtility.StartAsync(new()
    {
        ["Limits:IdleTimeoutSeconds"] = "60",
        ["Limits:OrphanTimeoutSeconds"] = "60", // as long as the idle timeout: the worker whose streams hung up ends when CU-WRK-10 says
    });

    public async Task DisposeAsync() => await _utility.DisposeAsync();

    [Fact]
    [Requirement("CU-WRK-10", "CU-SEC-5", "CU-SEC-12")]
    public async Task CU_WRK_10_a_thousand_hung_up_event_streams_all_end_and_the_worker_still_idles_out_on_time()
    {
        var worker = await CreatedWorker.CreateAsync(_utility.Client, _utility.Echo);
        var registered = _utility.Registered(worker);

        for (var done = 0; done < HungUpStreams; done += AtOnce)
        {
            await Task.WhenAll(Enumerable.Range(0, AtOnce).Select(_ => OpenAndHangUpAsync(worker)));
        }

        // Each stream's handler returns once its client is gone, and with it the stream's hold on the worker.
        (await EventuallyAsync(() => !registered.Connected)).Should().BeTrue(
            "every event stream's client hung up, so none may still count as connected");
        (await _utility.Client.GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK);

        _utility.Time.Advance(TimeSpan.FromSeconds(59));
        (await _utility.StateAsync(worker)).Should().Be("running");
        _utility.Time.Advance(TimeSpan.FromSeconds(20));
        (await _utility.StateAsync(worker)).Should().Be("terminated", "a worker whose streams all hung up is idle (CU-WRK-10)");
    }

    [Fact]
    [Requirement("CU-WRK-10")]
    public async Task CU_WRK_10_a_stream_left_open_keeps_its_idle_worker_running_and_sends_keep_alives_as_time_passes()
    {
        var worker = await CreatedWorker.CreateAsync(_utility.Client, _utility.Echo);
        using var stream = await _utility.OpenEventStreamAsync(worker);

        var comments = new StringBuilder();
        var buffer = new byte[4096];
        for (var i = 0; i < 6 && !comments.ToString().Contains("event: heartbeat", StringComparison.Ordinal); i++)
        {
            _utility.Time.Advance(TimeSpan.FromSeconds(15));
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                var read = await stream.GetStream().ReadAsync(buffer, wait.Token);
                comments.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
            catch (OperationCanceledException)
            {
                // Nothing arrived within the wait; the next advance brings the heartbeat due 15 s later.
            }
        }

        comments.ToString().Should().Contain("event: heartbeat", "the heartbeat is the stream's keep-alive (CU-CHAN-25, CU-CHAN-28)");
        (await _utility.StateAsync(worker)).Should().Be("running", "an open event stream counts as a connected client");
    }

    private async Task OpenAndHangUpAsync(CreatedWorker worker)
    {
        using var tcp = await _utility.OpenEventStreamAsync(worker);
        tcp.Client.Shutdown(SocketShutdown.Both); // the client goes away as curl does when -m runs out: FIN, no reset
    }

    private static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        // A generous bound for a loaded machine; the condition holds within milliseconds when the server is right.
        for (var i = 0; i < 300 && !condition(); i++)
        {
            await Task.Delay(100);
        }

        return condition();
    }
}
