namespace ComputeUtility.Server.Tests.Channels;

/// <summary>Small queues and buffers, so the paths where senders and readers are held back are taken.</summary>
public sealed class BackPressureTests : IAsyncLifetime
{
    private readonly UtilityFixture _utility = new(new()
    {
        ["Limits:MaxQueuedMessages"] = "4",
        ["Limits:EventBufferEvents"] = "16",
    });

    private HttpClient Client => _utility.Client;

    private TestOrigin Origin => _utility.Origin;

    private UtilityFactory Factory => _utility.Factory;

    public Task InitializeAsync() => _utility.InitializeAsync();

    public Task DisposeAsync() => _utility.DisposeAsync();

    [Fact]
    public async Task Posting_to_a_full_queue_is_refused_with_429_and_retry_after_and_accepted_messages_all_arrive()
    {
        var worker = await CreatedWorker.CreateAsync(Client, TestPackage.Publish(Origin, "slow", Guests.SlowEcho));
        var accepted = new List<int>();
        HttpResponseMessage? refused = null;
        for (var i = 1; i <= 200 && refused is null; i++)
        {
            var response = await Client.SendAsync(worker.Request(HttpMethod.Post, "/messages", JsonContent.Create(i)));
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                accepted.Add(i);
            }
            else
            {
                refused = response;
            }
        }

        refused.Should().NotBeNull("nobody reads the replies, so the worker pauses and its 4-message queue fills up");
        await refused!.ShouldBeProblemAsync("too-many-messages", HttpStatusCode.TooManyRequests);
        refused!.Headers.RetryAfter.Should().NotBeNull();

        await using var channel = await ChannelClient.ConnectAsync(Factory.BaseUri, worker);
        var echoed = new List<int>();
        while (echoed.Count < accepted.Count)
        {
            echoed.Add((await channel.ReceiveKindAsync("message")).Data.GetInt32());
        }

        echoed.Should().Equal(accepted);
    }

    [Fact]
    public async Task A_fast_websocket_sender_is_slowed_down_and_nothing_is_lost_or_reordered()
    {
        var worker = await CreatedWorker.CreateAsync(Client, _utility.Echo);
        await using var channel = await ChannelClient.ConnectAsync(Factory.BaseUri, worker);

        var sending = Task.Run(async () =>
        {
            for (var i = 1; i <= 2000; i++)
            {
                await channel.SendJsonAsync(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        });
        var received = new List<int>();
        while (received.Count < 2000)
        {
            var frame = await channel.ReceiveAsync();
            frame.EventKind.Should().NotBe("gap", "back-pressure must hold the worker before the 16-event buffer overflows");
            if (frame.EventKind == "message")
            {
                received.Add(frame.Data.GetProperty("echo").GetInt32());
            }
        }

        await sending;
        received.Should().Equal(Enumerable.Range(1, 2000));
    }
}
