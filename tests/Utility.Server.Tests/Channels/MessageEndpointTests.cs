using ComputeUtility.Client;

namespace ComputeUtility.Server.Tests.Channels;

public sealed class MessageEndpointTests(UtilityFixture utility) : IClassFixture<UtilityFixture>
{
    [Fact]
    public async Task A_thousand_posted_messages_stream_back_over_sse_in_order_with_none_lost()
    {
        var worker = await CreatedWorker.CreateAsync(utility.Client, utility.Echo);
        for (var i = 1; i <= 1000; i++)
        {
            var posted = await utility.Client.SendAsync(worker.Request(HttpMethod.Post, "/messages", JsonContent.Create(new { n = i })));
            posted.StatusCode.Should().Be(HttpStatusCode.Accepted);
            (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sequence").GetInt64().Should().Be(i);
        }

        var received = await ReadMessagesAsync(worker, 1000, lastEventId: null);

        received.Select(e => e.Data.GetProperty("echo").GetProperty("n").GetInt32()).Should().Equal(Enumerable.Range(1, 1000));
        received.Select(e => e.Data.GetProperty("count").GetInt32()).Should().Equal(Enumerable.Range(1, 1000));
    }

    [Fact]
    public async Task The_event_stream_resumes_after_last_event_id_without_repeats()
    {
        var worker = await CreatedWorker.CreateAsync(utility.Client, utility.Echo);
        for (var i = 1; i <= 5; i++)
        {
            await utility.Client.SendAsync(worker.Request(HttpMethod.Post, "/messages", JsonContent.Create(i)));
        }

        var firstTwo = await ReadMessagesAsync(worker, 2, lastEventId: null);
        var rest = await ReadMessagesAsync(worker, 3, lastEventId: firstTwo[^1].Id);

        rest.Select(e => e.Data.GetProperty("echo").GetInt32()).Should().Equal(3, 4, 5);
        rest[0].Id.Should().Be(firstTwo[^1].Id + 1);
    }

    [Fact]
    public async Task Bytes_posted_as_octet_stream_come_back_as_base64_binary_events()
    {
        var worker = await CreatedWorker.CreateAsync(utility.Client, utility.Echo);
        var content = new ByteArrayContent([1, 2, 3]);
        content.Headers.ContentType = new("application/octet-stream");

        await utility.Client.SendAsync(worker.Request(HttpMethod.Post, "/messages", content));
        var events = await ReadEventsAsync(worker, e => e.Kind == "binary", null);

        Convert.FromBase64String(events[^1].Data.GetProperty("base64").GetString()!).Should().Equal(1, 2, 3);
    }

    [Fact]
    public async Task A_message_over_the_cap_is_refused_with_413_and_not_delivered()
    {
        var worker = await CreatedWorker.CreateAsync(utility.Client, utility.Echo);
        var content = new ByteArrayContent(new byte[1024 * 1024 + 1]);
        content.Headers.ContentType = new("application/octet-stream");

        var response = await utility.Client.SendAsync(worker.Request(HttpMethod.Post, "/messages", content));

        await response.ShouldBeProblemAsync("message-too-large", HttpStatusCode.RequestEntityTooLarge);
        var state = await (await utility.Client.SendAsync(worker.Request(HttpMethod.Get))).Content.ReadFromJsonAsync<JsonElement>();
        state.GetProperty("messagesIn").GetInt64().Should().Be(0);
    }

    [Theory]
    [InlineData("text/plain", "hello")]
    [InlineData("application/xml", "<a/>")]
    [InlineData("application/json-seq", "1")]
    [InlineData("application/jsonx", "1")]
    [InlineData("application/vnd.example+json", "1")]
    [InlineData("application/octet-streamx", "1")]
    public async Task A_message_of_another_media_type_is_a_415_problem(string mediaType, string body)
    {
        var worker = await CreatedWorker.CreateAsync(utility.Client, utility.Echo);

        var response = await utility.Client.SendAsync(worker.Request(HttpMethod.Post, "/messages",
            new StringContent(body, System.Text.Encoding.UTF8, mediaType)));

        await response.ShouldBeProblemAsync("unsupported-media-type", HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("{\"a\":")]
    [InlineData("1 2")]
    [InlineData("")]
    public async Task A_json_message_that_is_not_one_json_value_is_a_400_problem(string body)
    {
        var worker = await CreatedWorker.CreateAsync(utility.Client, utility.Echo);

        var response = await utility.Client.SendAsync(worker.Request(HttpMethod.Post, "/messages",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json")));

        await response.ShouldBeProblemAsync("invalid-request", HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_bad_last_event_id_is_a_400_problem()
    {
        var worker = await CreatedWorker.CreateAsync(utility.Client, utility.Echo);
        var request = worker.Request(HttpMethod.Get, "/events");
        request.Headers.Add("Last-Event-ID", "yesterday");

        var response = await utility.Client.SendAsync(request);

        await response.ShouldBeProblemAsync("invalid-request", HttpStatusCode.BadRequest);
    }

    private async Task<List<WorkerEvent>> ReadMessagesAsync(CreatedWorker worker, int count, long? lastEventId)
    {
        var seen = 0;
        return await ReadEventsAsync(worker, e => e.Kind == "message" && ++seen == count, lastEventId, onlyMessages: true);
    }

    private async Task<List<WorkerEvent>> ReadEventsAsync(CreatedWorker worker,
        Func<WorkerEvent, bool> until, long? lastEventId, bool onlyMessages = false)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var request = worker.Request(HttpMethod.Get, "/events");
        if (lastEventId is { } id)
        {
            request.Headers.Add("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        using var response = await utility.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        using var reader = new ServerSentEventReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var events = new List<WorkerEvent>();
        while (await reader.ReadAsync(timeout.Token) is { } serverSentEvent)
        {
            if (WorkerEvent.From(serverSentEvent) is not { } next)
            {
                continue; // a heartbeat
            }

            if (!onlyMessages || next.Kind == "message")
            {
                events.Add(next);
            }

            if (until(next))
            {
                break;
            }
        }

        return events;
    }
}
