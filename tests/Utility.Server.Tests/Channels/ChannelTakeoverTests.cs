namespace ComputeUtility.Server.Tests.Channels;

public sealed class ChannelTakeoverTests : IAsyncLifetime
{
    private const WebSocketCloseStatus TakenOver = (WebSocketCloseStatus)4001;

    // The usual 500 ms message deadline is wall-clock time: with every core kept busy the echo guest's first messages
    // sometimes ran past it, and the worker's failure (1011) looked like a lost takeover. Here it is only a hang guard.
    private readonly UtilityFixture _utility = new(new() { ["Limits:MessageDeadlineMs"] = "60000" });

    public Task InitializeAsync() => _utility.InitializeAsync();

    public Task DisposeAsync() => _utility.DisposeAsync();

    [Fact]
    [Requirement("CU-CHAN-4")]
    public async Task CU_CHAN_4_a_second_channel_with_the_worker_token_takes_over_and_the_first_is_closed_with_4001()
    {
        var worker = await CreatedWorker.CreateAsync(_utility.Client, _utility.Echo);
        await using var first = await ChannelClient.ConnectAsync(_utility.Factory.BaseUri, worker);
        await first.SendJsonAsync("1");
        var reply = await first.ReceiveKindAsync("message");

        await using var second = await ChannelClient.ConnectAsync(_utility.Factory.BaseUri, worker, lastEventId: reply.Id);
        var close = await first.ReceiveKindAsync("close");
        await second.SendJsonAsync("2");
        var next = await second.ReceiveAsync();

        close.CloseStatus.Should().Be(TakenOver);
        next.EventKind.Should().Be("message");
        next.Id.Should().Be(reply.Id + 1);
        next.Data.GetProperty("count").GetInt32().Should().Be(2);
        next.Data.GetProperty("echo").GetInt32().Should().Be(2);
    }

    [Fact]
    [Requirement("CU-CHAN-4", "CU-CHAN-17")]
    public async Task CU_CHAN_4_two_hundred_takeovers_of_sockets_still_open_lose_and_repeat_no_event()
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        const int Rounds = 200;
        var worker = await CreatedWorker.CreateAsync(_utility.Client, _utility.Echo);
        using var busy = new BusyCores();
        var processed = new List<long>();
        var echoes = new List<int>();
        var closes = new List<Task<WebSocketCloseStatus?>>();
        var current = await ChannelClient.ConnectAsync(_utility.Factory.BaseUri, worker);
        try
        {
            for (var n = 1; n <= Rounds; n++)
            {
                // The message goes out on the old socket and the takeover follows at once: its reply may be produced
                // before, during or after the handoff, and must reach the client exactly once all the same.
                await current.SendJsonAsync(n.ToString(System.Globalization.CultureInfo.InvariantCulture));
                var last = processed.Count == 0 ? (long?)null : processed[^1];
                var next = await ChannelClient.ConnectAsync(_utility.Factory.BaseUri, worker, lastEventId: last);

                // The old socket is never closed by the client, and what it still carries is not processed.
                closes.Add(CloseStatusAsync(current, guard.Token));
                current = next;
                while (echoes.Count < n)
                {
                    var frame = await current.ReceiveAsync();
                    if (frame.EventKind == "exit")
                    {
                        using var view = await _utility.Client.SendAsync(worker.Request(HttpMethod.Get));
                        Assert.Fail($"round {n} saw the worker end: {await view.Content.ReadAsStringAsync()}");
                    }

                    frame.EventKind.Should().NotBe("close", "round {0} lost its channel (closed with {1})", n, frame.CloseStatus);
                    processed.Add(frame.Id!.Value);
                    if (frame.EventKind == "message")
                    {
                        echoes.Add(frame.Data.GetProperty("echo").GetInt32());
                    }
                }
            }

            var statuses = await Task.WhenAll(closes).WaitAsync(guard.Token);

            statuses.Should().HaveCount(Rounds).And.AllSatisfy(status => status.Should().Be(TakenOver));
            echoes.Should().Equal(Enumerable.Range(1, Rounds));
            processed.Should().Equal(Enumerable.Range(1, processed.Count).Select(id => (long)id));
            busy.Spins.Should().BePositive("every core was kept busy meanwhile");
        }
        finally
        {
            await current.DisposeAsync();
        }
    }

    [Fact]
    [Requirement("CU-CHAN-4", "CU-CHAN-17")]
    public async Task CU_CHAN_4_two_hundred_reconnections_right_after_a_close_lose_and_repeat_no_event()
    {
        const int Rounds = 200;
        var worker = await CreatedWorker.CreateAsync(_utility.Client, _utility.Echo);
        using var busy = new BusyCores();
        var processed = new List<long>();
        var echoes = new List<int>();
        for (var n = 1; n <= Rounds; n++)
        {
            // Connect (never refused: the last socket's close may not have reached the utility yet), send, read the
            // reply, and close at once; the next round reconnects immediately, resuming after the last event processed.
            await using var channel = await ChannelClient.ConnectAsync(_utility.Factory.BaseUri, worker,
                lastEventId: processed.Count == 0 ? null : processed[^1]);
            await channel.SendJsonAsync(n.ToString(System.Globalization.CultureInfo.InvariantCulture));
            while (echoes.Count < n)
            {
                var frame = await channel.ReceiveAsync();
                frame.EventKind.Should().NotBe("exit", "round {0} saw the worker end: {1}", n, frame.Data.ToString());
                frame.EventKind.Should().NotBe("close", "round {0} lost its channel (closed with {1})", n, frame.CloseStatus);
                processed.Add(frame.Id!.Value);
                if (frame.EventKind == "message")
                {
                    echoes.Add(frame.Data.GetProperty("echo").GetInt32());
                }
            }
        }

        echoes.Should().Equal(Enumerable.Range(1, Rounds));
        processed.Should().Equal(Enumerable.Range(1, processed.Count).Select(id => (long)id));
        busy.Spins.Should().BePositive("every core was kept busy meanwhile");
    }

    private static async Task<WebSocketCloseStatus?> CloseStatusAsync(ChannelClient channel, CancellationToken cancellationToken)
    {
        await using (channel)
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var frame = await channel.ReceiveAsync(TimeSpan.FromSeconds(30));
                if (frame.EventKind == "close")
                {
                    return frame.CloseStatus;
                }
            }

            return null;
        }
    }
}
