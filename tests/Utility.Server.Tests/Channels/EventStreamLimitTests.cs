namespace ComputeUtility.Server.Tests.Channels;

/// <summary>
/// Event streams and channels hold a connection as long as their worker lives, so one client may hold only so many:
/// one more gets 429 too-many-streams, while another client still opens its own and a stream that ends frees its slot.
/// </summary>
public sealed class EventStreamLimitTests : IAsyncLifetime
{
    private readonly UtilityFixture _utility = new(new() { ["Limits:MaxEventStreamsPerClient"] = "2" });

    public Task InitializeAsync() => _utility.InitializeAsync();

    public Task DisposeAsync() => _utility.DisposeAsync();

    [Fact]
    [Requirement("CU-SEC-12")]
    public async Task CU_SEC_12_past_its_stream_cap_a_client_gets_429_too_many_streams_while_another_client_opens_one()
    {
        var ending = await CreatedWorker.CreateAsync(_utility.Client, _utility.Echo);
        var worker = await CreatedWorker.CreateAsync(_utility.Client, _utility.Echo);
        using var first = await OpenAsync(_utility.Client, ending);
        using var second = await OpenAsync(_utility.Client, worker);

        using var third = await OpenAsync(_utility.Client, worker);
        var channel = await ChannelStatusAsync(worker);
        using var other = SecondClient.Create(_utility.Factory.BaseUri);
        using var others = await OpenAsync(other, worker);

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        second.StatusCode.Should().Be(HttpStatusCode.OK);
        third.StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "the client already holds its 2 streams"); // before reading: a stream's body never ends
        var problem = await third.ShouldBeProblemAsync("too-many-streams", HttpStatusCode.TooManyRequests);
        problem.GetProperty("limit").GetInt32().Should().Be(2);
        channel.Should().Be(HttpStatusCode.TooManyRequests, "a WebSocket channel is a stream too");
        others.StatusCode.Should().Be(HttpStatusCode.OK, "another client (127.0.0.2) has streams of its own");

        // The first stream ends with its worker; its slot serves the client's next stream.
        (await _utility.Client.SendAsync(ending.Request(HttpMethod.Delete))).IsSuccessStatusCode.Should().BeTrue();
        (await OpenedAgainAsync(worker)).Should().BeTrue("a stream that ended gives its slot back");
    }

    [Fact]
    [Requirement("CU-SEC-12")]
    public async Task CU_SEC_12_a_stream_its_client_hung_up_gives_its_slot_back_while_the_worker_lives()
    {
        var worker = await CreatedWorker.CreateAsync(_utility.Client, _utility.Echo);
        using var kept = await OpenAsync(_utility.Client, worker);
        var left = await OpenAsync(_utility.Client, worker);
        kept.StatusCode.Should().Be(HttpStatusCode.OK);
        left.StatusCode.Should().Be(HttpStatusCode.OK);

        left.Dispose(); // the client goes away mid-stream; its connection closes

        (await OpenedAgainAsync(worker)).Should().BeTrue("the stream of a client that left ends, and its slot with it");
    }

    private static async Task<HttpResponseMessage> OpenAsync(HttpClient client, CreatedWorker worker)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await client.SendAsync(worker.Request(HttpMethod.Get, "/events"), HttpCompletionOption.ResponseHeadersRead, guard.Token);
    }

    private async Task<HttpStatusCode> ChannelStatusAsync(CreatedWorker worker)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        var uri = new UriBuilder(_utility.Factory.BaseUri)
        {
            Scheme = "ws", Path = $"/v1/workers/{worker.Id}/channel", Query = "access_token=" + Uri.EscapeDataString(worker.Token),
        }.Uri;
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await socket.ConnectAsync(uri, guard.Token);
        }
        catch (WebSocketException)
        {
            // Refused: the status says why.
        }

        return socket.HttpStatusCode;
    }

    /// <summary>Polls until the first client opens a stream again; the limit is a guard, not a bound.</summary>
    private async Task<bool> OpenedAgainAsync(CreatedWorker worker)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            using var again = await OpenAsync(_utility.Client, worker);
            if (again.StatusCode == HttpStatusCode.OK)
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
