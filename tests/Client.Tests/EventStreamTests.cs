namespace ComputeUtility.Client.Tests;

/// <summary>The HTTP fallback's event stream: resume by Last-Event-ID, reconnection after a drop, and gaps.</summary>
public sealed class EventStreamTests(InProcessUtility utility) : IClassFixture<InProcessUtility>
{
    [Fact]
    public async Task Resumes_after_the_last_event_id_it_is_given()
    {
        using var client = new UtilityClient(utility.BaseUri);
        using var hang = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var worker = await utility.CreateEchoAsync(client, messages: 3, hang.Token);

        var all = await ReadAsync(client.ReadEventsAsync(worker, cancellationToken: hang.Token), 4);
        var resumed = await ReadAsync(client.ReadEventsAsync(worker, all[1].Id, hang.Token), 2);

        resumed.Select(e => e.Id).Should().Equal(all[2].Id, all[3].Id);
        await client.DeleteWorkerAsync(worker, hang.Token);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_stream_that_breaks_or_falls_silent_for_three_heartbeats_is_reopened_after_the_last_event_with_nothing_missed_or_repeated(bool silent)
    {
        var dropping = new DroppingHandler(eventsBeforeDrop: 2, stall: silent);
        using var http = new HttpClient(dropping);
        using var client = new UtilityClient(http, utility.BaseUri) { HeartbeatInterval = TimeSpan.FromMilliseconds(100), ReconnectDelay = TimeSpan.FromMilliseconds(10) };
        using var hang = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var worker = await utility.CreateEchoAsync(client, messages: 3, hang.Token);
        await client.DeleteWorkerAsync(worker, hang.Token);

        var events = await ReadAsync(client.ReadEventsAsync(worker, cancellationToken: hang.Token), int.MaxValue);

        events.Select(e => e.Id).Should().Equal(Enumerable.Range(1, 5).Select(i => (long)i), "a log line, three replies and exit");
        events[^1].IsExit.Should().BeTrue();
        dropping.LastEventIds.Should().Equal(null, "2");
    }

    [Fact]
    public async Task Events_that_left_the_buffer_arrive_as_one_gap_whose_id_is_its_last_missing_id()
    {
        using var small = new InProcessUtility(new() { ["Limits:EventBufferEvents"] = "16" });
        using var client = new UtilityClient(small.BaseUri);
        using var hang = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var worker = await client.CreateWorkerAsync(small.Echo, InProcessUtility.Integrity("echo"), hang.Token);
        await using var channel = await client.OpenChannelAsync(worker, transport: ChannelTransport.WebSocket, cancellationToken: hang.Token);
        for (var i = 1; i <= 20; i++)
        {
            // One at a time, read as it comes, so back-pressure never holds the worker.
            await channel.SendAsync("{}", hang.Token);
            await WorkerChannelTests.ReadUntilAsync(channel, e => e.Kind == "message" && e.Data.GetProperty("count").GetInt32() == i, hang.Token);
        }

        var resumed = await ReadAsync(client.ReadEventsAsync(worker, lastEventId: 0, hang.Token), 2);

        var gap = resumed[0];
        gap.Kind.Should().Be(WorkerEvent.GapKind);
        var (from, to, missed) = (gap.Data.GetProperty("from").GetInt64(), gap.Data.GetProperty("to").GetInt64(), gap.Data.GetProperty("missed").GetInt64());
        from.Should().Be(1);
        missed.Should().Be(to - from + 1);
        gap.Id.Should().Be(to);
        resumed[1].Id.Should().Be(to + 1, "the events after the gap follow it");
        await client.DeleteWorkerAsync(worker, hang.Token);
    }

    private static async Task<List<WorkerEvent>> ReadAsync(IAsyncEnumerable<WorkerEvent> events, int count)
    {
        var read = new List<WorkerEvent>();
        await foreach (var workerEvent in events)
        {
            read.Add(workerEvent);
            if (read.Count == count)
            {
                break;
            }
        }

        return read;
    }
}
