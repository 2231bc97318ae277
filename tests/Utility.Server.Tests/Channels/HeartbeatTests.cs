using ComputeUtility.Client;

namespace ComputeUtility.Server.Tests.Channels;

/// <summary>
/// Heartbeats on a faked clock: each channel connection gets one per interval, without an event id; a zero-length text
/// frame answers one and is no message; a WebSocket client that sends nothing for three intervals is closed with 4002,
/// after which the worker, without a channel, follows the orphan timeout.
/// </summary>
public sealed class HeartbeatTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private ClockedUtility _utility = null!;

    public async Task InitializeAsync() => _utility = await ClockedUtility.StartAsync(new()
    {
        ["Limits:HeartbeatIntervalMs"] = "1000",
        ["Limits:IdleTimeoutSeconds"] = "600",
        ["Limits:OrphanTimeoutSeconds"] = "30",
    });

    public async Task DisposeAsync() => await _utility.DisposeAsync();

    [Fact]
    [Requirement("CU-CHAN-28")]
    public async Task CU_CHAN_28_a_websocket_gets_a_heartbeat_each_interval_numbered_per_connection_without_an_event_id()
    {
        var worker = await CreatedWorker.CreateAsync(_utility.Client, _utility.Echo);
        await using var channel = await ChannelClient.ConnectAsync(_utility.Factory.BaseUri, worker);
        await channel.SendJsonAsync("1");
        var reply = await channel.ReceiveKindAsync("message"); // after the echo's log line of a first message

        var beats = new List<ChannelClient.Frame>();
        for (var n = 1; n <= 3; n++)
        {
            _utility.Time.Advance(Interval);
            beats.Add(await channel.ReceiveAnyAsync());
            await channel.Socket.SendAsync(ReadOnlyMemory<byte>.Empty, WebSocketMessageType.Text, true, CancellationToken.None);
        }

        await channel.SendJsonAsync("2");
        var next = await channel.ReceiveAsync();

        beats.Select(b => b.EventKind).Should().AllBe("heartbeat");
        beats.Select(b => b.Id).Should().AllSatisfy(id => id.Should().BeNull("a heartbeat is not an event"));
        beats.Select(b => b.Data.GetProperty("n").GetInt64()).Should().Equal(1, 2, 3);
        next.EventKind.Should().Be("message");
        next.Id.Should().Be(reply.Id + 1, "heartbeats take no event id");
    }

    [Fact]
    [Requirement("CU-CHAN-28")]
    public async Task CU_CHAN_28_an_event_stream_gets_heartbeats_without_an_id_and_a_resumed_stream_replays_none()
    {
        var worker = await CreatedWorker.CreateAsync(_utility.Client, _utility.Echo);
        (await _utility.Client.SendAsync(worker.Request(HttpMethod.Post, "/messages", JsonContent.Create(1)))).EnsureSuccessStatusCode();
        using var first = await OpenEventsAsync(worker, lastEventId: null);
        var log = await NextAsync(first); // a first message makes the echo write a log line too
        var reply = await NextAsync(first);
        _utility.Time.Advance(Interval);
        var beat = await NextAsync(first);
        (await _utility.Client.SendAsync(worker.Request(HttpMethod.Post, "/messages", JsonContent.Create(2)))).EnsureSuccessStatusCode();
        var second = await NextAsync(first);

        using var resumed = await OpenEventsAsync(worker, lastEventId: long.Parse(reply.Id!, System.Globalization.CultureInfo.InvariantCulture));
        var replayed = await NextAsync(resumed);
        _utility.Time.Advance(Interval);
        var afterReplay = await NextAsync(resumed);

        new[] { log.Id, reply.Id }.Should().Equal("1", "2");
        beat.Kind.Should().Be("heartbeat");
        beat.Id.Should().BeNull("the stream's last event id must stay that of event 2");
        beat.Json.GetProperty("n").GetInt64().Should().Be(1);
        second.Id.Should().Be("3", "a heartbeat takes no event id");
        replayed.Id.Should().Be("3", "the buffer holds events only: nothing between 2 and 3 is replayed");
        afterReplay.Kind.Should().Be("heartbeat");
        afterReplay.Json.GetProperty("n").GetInt64().Should().Be(1, "heartbeats are numbered per connection");
    }

    [Fact]
    [Requirement("CU-CHAN-29", "CU-CHAN-9")]
    public async Task CU_CHAN_29_zero_length_text_frames_keep_the_channel_open_and_are_never_delivered_or_numbered()
    {
        var worker = await CreatedWorker.CreateAsync(_utility.Client, _utility.Echo);
        await using var channel = await ChannelClient.ConnectAsync(_utility.Factory.BaseUri, worker);
        for (var n = 1; n <= 8; n++)
        {
            _utility.Time.Advance(Interval);
            var beat = await channel.ReceiveAnyAsync();
            beat.EventKind.Should().Be("heartbeat", $"heartbeat {n} answered; the channel is open");
            await channel.Socket.SendAsync(ReadOnlyMemory<byte>.Empty, WebSocketMessageType.Text, true, CancellationToken.None);
        }

        await channel.SendJsonAsync("""{"last":true}""");
        var reply = await channel.ReceiveKindAsync("message");
        var view = await (await _utility.Client.SendAsync(worker.Request(HttpMethod.Get))).Content.ReadFromJsonAsync<JsonElement>();

        reply.EventKind.Should().Be("message");
        reply.Data.GetProperty("count").GetInt32().Should().Be(1, "the guest saw one message, not the eight answers before it");
        view.GetProperty("messagesIn").GetInt64().Should().Be(1);
        channel.Socket.State.Should().Be(WebSocketState.Open);
    }

    [Fact]
    [Requirement("CU-CHAN-30", "CU-WRK-17")]
    public async Task CU_CHAN_30_a_client_silent_for_three_heartbeats_is_closed_with_4002_and_its_worker_is_then_orphaned()
    {
        var worker = await CreatedWorker.CreateAsync(_utility.Client, _utility.Echo);
        await using var channel = await ChannelClient.ConnectAsync(_utility.Factory.BaseUri, worker);
        var frames = new List<ChannelClient.Frame>();
        for (var tick = 1; tick <= 4; tick++)
        {
            _utility.Time.Advance(Interval);
            frames.Add(await channel.ReceiveAnyAsync());
        }

        frames.Select(f => f.EventKind).Should().Equal("heartbeat", "heartbeat", "heartbeat", "close");
        frames[^1].CloseStatus.Should().Be((WebSocketCloseStatus)4002);
        (await _utility.StateAsync(worker)).Should().Be("running", "the worker outlives its silent channel");

        var registered = _utility.Registered(worker);
        for (var i = 0; i < 300 && registered.Connected; i++)
        {
            // The client never answers the close: the server aborts the socket after its close grace, on the utility's clock.
            _utility.Time.Advance(TimeSpan.FromSeconds(2));
            await Task.Delay(100); // a generous bound; the server lets go of the channel within milliseconds of the grace
        }

        registered.Connected.Should().BeFalse();
        for (var step = 0; step < 8; step++)
        {
            _utility.Time.Advance(TimeSpan.FromSeconds(5));
            await Task.Yield();
        }

        (await _utility.StateAsync(worker)).Should().Be("terminated", "no channel for longer than the orphan timeout");
    }

    [Fact]
    [Requirement("CU-CHAN-30")]
    public async Task CU_CHAN_30_messages_count_as_signs_of_life_as_answers_do()
    {
        var worker = await CreatedWorker.CreateAsync(_utility.Client, _utility.Echo);
        await using var channel = await ChannelClient.ConnectAsync(_utility.Factory.BaseUri, worker);
        for (var n = 1; n <= 6; n++)
        {
            _utility.Time.Advance(Interval);
            (await channel.ReceiveAnyAsync()).EventKind.Should().Be("heartbeat");
            await channel.SendJsonAsync(n.ToString(System.Globalization.CultureInfo.InvariantCulture));
            (await channel.ReceiveKindAsync("message")).Data.GetProperty("count").GetInt32().Should().Be(n);
        }

        channel.Socket.State.Should().Be(WebSocketState.Open);
    }

    [Fact]
    [Requirement("CU-CHAN-30", "CU-CHAN-26")]
    public async Task CU_CHAN_30_time_in_which_the_utility_holds_the_clients_frames_back_is_not_silence()
    {
        await using var utility = await ClockedUtility.StartAsync(new()
        {
            ["Limits:HeartbeatIntervalMs"] = "1000",
            ["Limits:MaxQueuedMessages"] = "1",
            ["Limits:MessageDeadlineMs"] = "3600000", // the spinner spins for as long as the test needs
        });
        var spinner = await CreatedWorker.CreateAsync(utility.Client, TestPackage.Publish(utility.Origin, "spinner", Guests.AnnouncingSpinner));
        await using var channel = await ChannelClient.ConnectAsync(utility.Factory.BaseUri, spinner);
        await channel.SendJsonAsync("\"spin\"");
        (await channel.ReceiveKindAsync("message")).EventKind.Should().Be("message", "the guest's call has started and spins");
        for (var i = 0; i < 3; i++)
        {
            await channel.SendJsonAsync(i.ToString(System.Globalization.CultureInfo.InvariantCulture)); // one queued, the rest held back
        }

        var frames = new List<string>();
        for (var tick = 1; tick <= 6; tick++)
        {
            utility.Time.Advance(Interval);
            frames.Add((await channel.ReceiveAnyAsync()).EventKind);
        }

        frames.Should().AllBe("heartbeat", "the utility is not reading this client's frames, so their absence says nothing about it");
        (await utility.Client.SendAsync(spinner.Request(HttpMethod.Delete))).StatusCode.Should().Be(System.Net.HttpStatusCode.NoContent);
    }

    private async Task<ServerSentEventReader> OpenEventsAsync(CreatedWorker worker, long? lastEventId)
    {
        using var request = worker.Request(HttpMethod.Get, "/events");
        if (lastEventId is { } id)
        {
            request.Headers.Add("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var response = await _utility.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return new ServerSentEventReader(await response.Content.ReadAsStreamAsync());
    }

    private static async Task<ServerSentEvent> NextAsync(ServerSentEventReader reader)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await reader.ReadAsync(patience.Token) ?? throw new InvalidOperationException("the stream ended");
    }
}
