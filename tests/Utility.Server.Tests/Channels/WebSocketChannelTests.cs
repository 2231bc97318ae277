namespace ComputeUtility.Server.Tests.Channels;

public sealed class WebSocketChannelTests(UtilityFixture utility) : IClassFixture<UtilityFixture>
{
    [Fact]
    public async Task A_thousand_messages_come_back_in_order_with_none_lost()
    {
        var worker = await CreatedWorker.CreateAsync(utility.Client, utility.Echo);
        await using var channel = await ChannelClient.ConnectAsync(utility.Factory.BaseUri, worker);

        var sending = Task.Run(async () =>
        {
            for (var i = 1; i <= 1000; i++)
            {
                await channel.SendJsonAsync($"{{\"n\":{i}}}");
            }
        });

        var received = new List<int>();
        while (received.Count < 1000)
        {
            var frame = await channel.ReceiveKindAsync("message");
            frame.EventKind.Should().Be("message");
            frame.Data.GetProperty("count").GetInt32().Should().Be(received.Count + 1);
            received.Add(frame.Data.GetProperty("echo").GetProperty("n").GetInt32());
        }

        await sending;
        received.Should().Equal(Enumerable.Range(1, 1000));
    }

    [Fact]
    public async Task Messages_of_very_different_sizes_in_turn_come_back_whole()
    {
        // The receive buffer grows for a big message and shrinks again for the next small one.
        var worker = await CreatedWorker.CreateAsync(utility.Client, utility.Echo);
        await using var channel = await ChannelClient.ConnectAsync(utility.Factory.BaseUri, worker);
        int[] sizes = [3, 200_000, 10, 4_095, 4_096, 70_000, 1, 9_000];

        foreach (var size in sizes)
        {
            await channel.SendJsonAsync("\"" + new string('a', size) + "\"");
            var frame = await channel.ReceiveKindAsync("message");
            frame.Data.GetProperty("echo").GetString().Should().HaveLength(size);
        }
    }

    [Fact]
    public async Task Binary_frames_come_back_as_binary_frames_carrying_the_event_id()
    {
        var worker = await CreatedWorker.CreateAsync(utility.Client, utility.Echo);
        await using var channel = await ChannelClient.ConnectAsync(utility.Factory.BaseUri, worker);

        await channel.SendBytesAsync([0xde, 0xad, 0xbe, 0xef, 0x00]);
        var frame = await channel.ReceiveKindAsync("binary");

        frame.Bytes.Should().Equal(0xde, 0xad, 0xbe, 0xef, 0x00);
        frame.Id.Should().BePositive();
    }

    [Fact]
    public async Task What_the_guest_writes_to_stdout_arrives_as_a_log_event()
    {
        var worker = await CreatedWorker.CreateAsync(utility.Client, utility.Echo);
        await using var channel = await ChannelClient.ConnectAsync(utility.Factory.BaseUri, worker);

        await channel.SendJsonAsync("true");
        var log = await channel.ReceiveKindAsync("log");

        log.Data.GetProperty("stream").GetString().Should().Be("stdout");
        log.Data.GetProperty("text").GetString().Should().Be("echo: first message");
    }

    [Fact]
    public async Task A_message_over_the_size_cap_closes_the_channel_with_1009_and_the_worker_lives_on()
    {
        var worker = await CreatedWorker.CreateAsync(utility.Client, utility.Echo);
        var channel = await ChannelClient.ConnectAsync(utility.Factory.BaseUri, worker);

        await channel.SendBytesAsync(new byte[1024 * 1024 + 1]);
        var frame = await channel.ReceiveKindAsync("close");
        await channel.DisposeAsync();

        frame.CloseStatus.Should().Be((WebSocketCloseStatus)1009);
        await using var again = await ChannelClient.ConnectAsync(utility.Factory.BaseUri, worker);
        await again.SendJsonAsync("1");
        (await again.ReceiveKindAsync("message")).Data.GetProperty("echo").GetInt32().Should().Be(1);
    }

    [Fact]
    [Requirement("CU-CHAN-8")]
    public async Task CU_CHAN_8_an_unfinished_fragmented_message_is_refused_once_its_fragments_pass_maxMessageBytes()
    {
        var worker = await CreatedWorker.CreateAsync(utility.Client, utility.Echo);
        await using var channel = await ChannelClient.ConnectAsync(utility.Factory.BaseUri, worker);

        // 1 MiB + 1 byte in fragments, and the message never ended: the limit is passed all the same.
        foreach (var fragment in new[] { 512 * 1024, 512 * 1024, 1 })
        {
            await channel.Socket.SendAsync(new byte[fragment], WebSocketMessageType.Binary, endOfMessage: false, CancellationToken.None);
        }

        var frame = await channel.ReceiveKindAsync("close");

        frame.CloseStatus.Should().Be((WebSocketCloseStatus)1009);
    }

    [Fact]
    public async Task A_text_frame_that_is_not_json_closes_the_channel_with_1007()
    {
        var worker = await CreatedWorker.CreateAsync(utility.Client, utility.Echo);
        await using var channel = await ChannelClient.ConnectAsync(utility.Factory.BaseUri, worker);

        await channel.SendJsonAsync("{not json");
        var frame = await channel.ReceiveKindAsync("close");

        frame.CloseStatus.Should().Be((WebSocketCloseStatus)1007);
    }

    [Fact]
    [Requirement("CU-CHAN-5", "CU-WRK-8")]
    public async Task CU_CHAN_5_a_channel_with_another_workers_token_is_refused_with_401()
    {
        var mine = await CreatedWorker.CreateAsync(utility.Client, utility.Echo);
        var theirs = await CreatedWorker.CreateAsync(utility.Client, utility.Echo);

        var connect = () => ChannelClient.ConnectAsync(utility.Factory.BaseUri, mine, theirs.Token);

        (await connect.Should().ThrowAsync<WebSocketException>()).Which.Message.Should().Contain("401");
    }

    [Fact]
    public async Task A_plain_get_of_the_channel_asks_for_an_upgrade_with_426()
    {
        var worker = await CreatedWorker.CreateAsync(utility.Client, utility.Echo);

        var response = await utility.Client.SendAsync(worker.Request(HttpMethod.Get, "/channel"));

        await response.ShouldBeProblemAsync("websocket-required", HttpStatusCode.UpgradeRequired);
        response.Headers.Upgrade.ToString().Should().Be("websocket");
    }

    [Fact]
    public async Task Reconnecting_with_the_last_event_id_resumes_without_repeats()
    {
        var worker = await CreatedWorker.CreateAsync(utility.Client, utility.Echo);
        long lastId;
        await using (var first = await ChannelClient.ConnectAsync(utility.Factory.BaseUri, worker))
        {
            await first.SendJsonAsync("1");
            var reply = await first.ReceiveKindAsync("message");
            lastId = reply.Id!.Value;
            await first.SendJsonAsync("2");
            await first.SendJsonAsync("3");
        }

        await using var second = await ChannelClient.ConnectAsync(utility.Factory.BaseUri, worker, lastEventId: lastId);
        var next = await second.ReceiveKindAsync("message");
        var after = await second.ReceiveKindAsync("message");

        next.Data.GetProperty("echo").GetInt32().Should().Be(2);
        next.Id.Should().Be(lastId + 1);
        after.Data.GetProperty("echo").GetInt32().Should().Be(3);
    }

    [Fact]
    public async Task Deleting_the_worker_sends_an_exit_event_and_closes_the_channel_normally()
    {
        var worker = await CreatedWorker.CreateAsync(utility.Client, utility.Echo);
        await using var channel = await ChannelClient.ConnectAsync(utility.Factory.BaseUri, worker);

        await utility.Client.SendAsync(worker.Request(HttpMethod.Delete));
        var exit = await channel.ReceiveKindAsync("exit");
        var close = await channel.ReceiveKindAsync("close");

        exit.Data.GetProperty("reason").GetString().Should().Be("terminated");
        close.CloseStatus.Should().Be(WebSocketCloseStatus.NormalClosure);
    }
}
